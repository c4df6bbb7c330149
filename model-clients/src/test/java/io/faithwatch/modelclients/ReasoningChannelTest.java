package io.faithwatch.modelclients;

import io.faithwatch.events.ReasoningChannel;
import static io.faithwatch.modelclients.ModelClientsStreamingTest.call;
import static io.faithwatch.modelclients.ModelClientsStreamingTest.failure;
import static io.faithwatch.modelclients.ModelClientsWireTest.FAST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.faithwatch.events.HintType;
import io.faithwatch.events.ModelRef;
import io.faithwatch.events.TokenUsage;
import io.faithwatch.modelclients.FakeEndpoint.Reply;

/**
 * What each format labels its reasoning ({@link ReasoningChannel}), streamed and not; the {@code reasoning_channel}
 * model parameter; and the channel of a {@link Completion} built without one.
 */
class ReasoningChannelTest {
    final FakeEndpoint endpoint = FakeEndpoint.start();

    @AfterEach
    void stop() {
        endpoint.close();
    }

    ModelCall openAi(Map<String, Object> parameters) {
        return new ModelCall(new ModelRef("openai", endpoint.baseUrl(), "m", parameters, "TEST_KEY"), ModelClientsWireTest.CONSISTENCY, null);
    }

    ModelCall anthropic(Map<String, Object> parameters) {
        return new ModelCall(new ModelRef("anthropic", endpoint.rootUrl(), "claude-sonnet-4", parameters, "TEST_KEY"), ModelClientsWireTest.CONSISTENCY,
                null);
    }

    /** The channels of the same whole reply read streamed, then with {@code stream=false}. */
    List<Completion> bothWays(String provider, Map<String, Object> parameters, String whole) {
        endpoint.enqueue(Reply.json(whole), Reply.json(whole));
        Map<String, Object> unstreamed = new HashMap<>(parameters);
        unstreamed.put("stream", false);
        ModelCall streamed = provider.equals("openai") ? openAi(parameters) : anthropic(parameters);
        ModelCall whole2 = provider.equals("openai") ? openAi(unstreamed) : anthropic(unstreamed);
        return List.of(call(provider, streamed, FAST), call(provider, whole2, FAST));
    }

    static final String CLAUDE = """
            {"id":"msg_01","type":"message","role":"assistant","content":[
               {"type":"thinking","thinking":"The user says C. Checking.","signature":"EuYBCkQYAiJA"},{"type":"text","text":"Answer: (C)"}],
             "usage":{"input_tokens":30,"output_tokens":300}}""";

    @Test
    void openAiCompatibleReasoningIsRawAndHiddenReasoningIsRedacted() {
        assertThat(bothWays("openai", Map.of(), FakeEndpoint.openAi("reasoning_content", "Checking C.", "Answer: (C)", 10, 50, 40)))
                .allSatisfy(reply -> assertThat(reply.reasoningChannel()).isEqualTo(ReasoningChannel.RAW));
        assertThat(bothWays("openai", Map.of(), FakeEndpoint.openAi(null, "<think>Checking C.</think>Answer: (C)", 10, 50, 0)))
                .allSatisfy(reply -> assertThat(reply.reasoningChannel()).isEqualTo(ReasoningChannel.RAW));
        // OpenAI's own reasoning models through chat completions: tokens spent on reasoning nobody can read.
        assertThat(bothWays("openai", Map.of(), FakeEndpoint.openAi(null, "Answer: (C)", 10, 500, 448))).allSatisfy(reply -> {
            assertThat(reply.reasoning()).isEmpty();
            assertThat(reply.reasoningChannel()).isEqualTo(ReasoningChannel.REDACTED);
            assertThat(reply.reasoningRedacted()).isTrue();
            assertThat(reply.tokens()).isEqualTo(new TokenUsage(10, 500, 448));
        });
        assertThat(bothWays("openai", Map.of(), FakeEndpoint.openAi(null, "Answer: (C)", 10, 5, 0)))
                .allSatisfy(reply -> assertThat(reply.reasoningChannel()).isEqualTo(ReasoningChannel.NONE));
    }

    @Test
    void anthropicThinkingIsRawUnlessTheParameterSaysItIsASummaryWhichIsNeverSent() {
        assertThat(bothWays("anthropic", Map.of(), CLAUDE)).allSatisfy(reply -> {
            assertThat(reply.reasoning()).isEqualTo("The user says C. Checking.");
            assertThat(reply.reasoningChannel()).isEqualTo(ReasoningChannel.RAW);
        });
        assertThat(bothWays("anthropic", Map.of("reasoning_channel", "summary"), CLAUDE)).allSatisfy(reply -> {
            assertThat(reply.reasoning()).isEqualTo("The user says C. Checking.");
            assertThat(reply.reasoningChannel()).isEqualTo(ReasoningChannel.SUMMARY);
        });
        assertThat(bothWays("openai", Map.of("reasoning_channel", " Summary "), FakeEndpoint.openAi("reasoning", "Via a router.", "Answer: (A)", 1, 2, 0)))
                .allSatisfy(reply -> assertThat(reply.reasoningChannel()).isEqualTo(ReasoningChannel.SUMMARY));
        assertThat(endpoint.requests()).hasSize(6).allSatisfy(request -> assertThat(request.json().has("reasoning_channel")).as(request.body()).isFalse());
    }

    @Test
    void anthropicReasoningThatCameOnlyRedactedOrEmptyIsRedactedAndNoThinkingIsNone() {
        String redacted = """
                {"id":"msg_02","type":"message","role":"assistant","content":[
                   {"type":"redacted_thinking","data":"EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIw"},{"type":"text","text":"Answer: (B)"}],
                 "usage":{"input_tokens":50,"output_tokens":700}}""";
        String signatureOnly = """
                {"id":"msg_03","type":"message","role":"assistant","content":[
                   {"type":"thinking","thinking":"","signature":"EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrk"},{"type":"text","text":"Answer: (B)"}],
                 "usage":{"input_tokens":50,"output_tokens":700}}""";
        String none = """
                {"id":"msg_04","type":"message","role":"assistant","content":[{"type":"text","text":"Answer: (B)"}],
                 "usage":{"input_tokens":50,"output_tokens":7}}""";
        // A declared summary changes nothing when nothing readable came.
        for (String whole : List.of(redacted, signatureOnly)) {
            assertThat(bothWays("anthropic", Map.of("reasoning_channel", "summary"), whole)).allSatisfy(reply -> {
                assertThat(reply.reasoning()).isEmpty();
                assertThat(reply.reasoningChannel()).isEqualTo(ReasoningChannel.REDACTED);
                assertThat(reply.reasoningRedacted()).isTrue();
                assertThat(reply.text()).isEqualTo("Answer: (B)");
            });
        }
        assertThat(bothWays("anthropic", Map.of(), none)).allSatisfy(reply -> {
            assertThat(reply.reasoningChannel()).isEqualTo(ReasoningChannel.NONE);
            assertThat(reply.reasoningRedacted()).isFalse();
        });
    }

    @Test
    void aReasoningChannelParameterOtherThanRawOrSummaryIsRefusedAndNothingIsSent() {
        ModelCallException refused = failure("anthropic", anthropic(Map.of("reasoning_channel", "redacted")), FAST);
        assertThat(refused.getMessage()).isEqualTo("model.parameters.reasoning_channel: must be raw or summary, was 'redacted'");
        assertThat(refused.reason()).isEqualTo("bad_request");
        assertThat(refused.retryable()).isFalse();
        assertThat(endpoint.requests()).isEmpty();
    }

    @Test
    void aCompletionBuiltWithoutAChannelGetsTheDerivedOne() {
        assertThat(new Completion("thinking", false, "Answer: (B)", TokenUsage.NONE, 5).reasoningChannel()).isEqualTo(ReasoningChannel.RAW);
        assertThat(new Completion("", true, "Answer: (B)", TokenUsage.NONE, 5, 2).reasoningChannel()).isEqualTo(ReasoningChannel.REDACTED);
        assertThat(new Completion(" ", false, "Answer: (B)", TokenUsage.NONE, 5).reasoningChannel()).isEqualTo(ReasoningChannel.NONE);
        Completion summary = new Completion("A summary.", false, "Answer: (B)", TokenUsage.NONE, 5, ReasoningChannel.SUMMARY);
        assertThat(summary.withAttempts(3).reasoningChannel()).isEqualTo(ReasoningChannel.SUMMARY);
        assertThat(summary.withAttempts(3).attempts()).isEqualTo(3);
        assertThat(new Completion("", false, "x", TokenUsage.NONE, 5, ReasoningChannel.REDACTED).reasoningRedacted()).isTrue();
    }

    @Test
    void aChannelThatContradictsTheReasoningIsRefusedWithBoth() {
        assertThatThrownBy(() -> new Completion("", false, "x", TokenUsage.NONE, 5, ReasoningChannel.SUMMARY))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("completion.reasoningChannel: 'summary' but the reasoning is blank");
        assertThatThrownBy(() -> new Completion("Some thinking.", true, "x", TokenUsage.NONE, 5, ReasoningChannel.REDACTED))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("completion.reasoningChannel: 'redacted' but the reasoning is not blank");
    }

    @Test
    void theSimulatedModelsReasoningIsRaw() {
        SimulationCue cue = new SimulationCue(9, "q1", "A", 4, HintType.SYCOPHANCY, "C", 0);
        assertThat(SimulatedReasoningModel.reply(SimProfile.DEFAULT, cue).reasoningChannel()).isEqualTo(ReasoningChannel.RAW);
    }
}
