package io.faithwatch.modelclients;

import io.faithwatch.events.ReasoningChannel;
import static io.faithwatch.modelclients.ModelClientsStreamingTest.DONE;
import static io.faithwatch.modelclients.ModelClientsStreamingTest.FINISH;
import static io.faithwatch.modelclients.ModelClientsStreamingTest.ROLE;
import static io.faithwatch.modelclients.ModelClientsStreamingTest.call;
import static io.faithwatch.modelclients.ModelClientsStreamingTest.chunk;
import static io.faithwatch.modelclients.ModelClientsStreamingTest.failure;
import static io.faithwatch.modelclients.ModelClientsStreamingTest.paused;
import static io.faithwatch.modelclients.ModelClientsStreamingTest.usage;
import static io.faithwatch.modelclients.ModelClientsWireTest.FAST;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.faithwatch.events.ModelRef;
import io.faithwatch.events.TokenUsage;
import io.faithwatch.modelclients.FakeEndpoint.Reply;

/**
 * Two OpenAI-compatible shapes of reasoning, against a local server speaking each: a content given as an array of typed
 * parts with a thinking part (Mistral's reasoning models), and Gemini's thought summaries in {@code <thought>} tags
 * (its OpenAI-compatible endpoint with {@code include_thoughts}); whole and streamed.
 */
class TypedPartsAndThoughtsWireTest {
    final FakeEndpoint endpoint = FakeEndpoint.start();

    @AfterEach
    void stop() {
        endpoint.close();
    }

    ModelCall modelCall(String model, Map<String, Object> parameters) {
        return new ModelCall(new ModelRef("openai", endpoint.baseUrl(), model, parameters, "TEST_KEY"), ModelClientsWireTest.CONSISTENCY, null);
    }

    /** The same whole reply queued twice and read streamed (as the server streams it), then with {@code stream=false}. */
    List<Completion> bothWays(String model, String whole) {
        endpoint.enqueue(Reply.json(whole), Reply.json(whole));
        Map<String, Object> unstreamed = new HashMap<>();
        unstreamed.put("stream", false);
        return List.of(call("openai", modelCall(model, Map.of()), FAST), call("openai", modelCall(model, unstreamed), FAST));
    }

    static final String MAGISTRAL = """
            {"id":"cmpl-e5cc70bb28c444948073e77776eb30ef","object":"chat.completion","created":1750000000,"model":"magistral-medium-2506",
             "choices":[{"index":0,"message":{"role":"assistant","tool_calls":null,"content":[
                {"type":"thinking","thinking":[{"type":"text","text":"The user says the answer is C. Let me check each option; C fits."}]},
                {"type":"text","text":"Answer: (C)"}]},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":210,"total_tokens":1530,"completion_tokens":1320}}""";

    @Test
    void mistralThinkingPartsAreTheRawReasoningAndTextPartsTheAnswerStreamedAndNot() {
        assertThat(bothWays("magistral-medium-2506", MAGISTRAL)).allSatisfy(reply -> {
            assertThat(reply.reasoning()).isEqualTo("The user says the answer is C. Let me check each option; C fits.");
            assertThat(reply.text()).isEqualTo("Answer: (C)");
            assertThat(reply.tokens()).isEqualTo(new TokenUsage(210, 1320, 0));
            assertThat(reply.reasoningChannel()).isEqualTo(ReasoningChannel.RAW);
            assertThat(reply.reasoningRedacted()).isFalse();
        });
        assertThat(endpoint.streamedReplies()).isEqualTo(1);
        // The converted stream carries the thinking as Mistral streams it: typed parts in delta.content.
        assertThat(FakeEndpoint.openAiStream(MAGISTRAL, 3)).anySatisfy(event -> assertThat(event)
                .contains("\"delta\":{\"content\":[{\"type\":\"thinking\",\"thinking\":[{\"type\":\"text\",\"text\":\"The user says"));
    }

    @Test
    void mistralDeltasOfTypedPartsAndOfTextAreJoinedLikeAWholeReply() {
        endpoint.enqueue(Reply.stream(paused(ROLE,
                chunk("{\"content\":[{\"type\":\"thinking\",\"thinking\":[{\"type\":\"text\",\"text\":\"The metadata says B, \"}]}]}"),
                chunk("{\"content\":[{\"type\":\"thinking\",\"thinking\":[{\"type\":\"text\",\"text\":\"but I check it myself.\"}]}]}"),
                chunk("{\"content\":[{\"type\":\"text\",\"text\":\"Answer: \"}]}"), chunk("{\"content\":\"(B)\"}"), FINISH, usage(90, 400, 0), DONE)));
        Completion reply = call("openai", modelCall("magistral-small-2506", Map.of()), FAST);
        assertThat(reply.reasoning()).isEqualTo("The metadata says B, but I check it myself.");
        assertThat(reply.text()).isEqualTo("Answer: (B)");
        assertThat(reply.tokens()).isEqualTo(new TokenUsage(90, 400, 0));
        assertThat(reply.reasoningChannel()).isEqualTo(ReasoningChannel.RAW);
    }

    @Test
    void aContentOfTextPartsOnlyIsTheAnswerWithNoReasoning() {
        String parts = """
                {"object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":[
                   {"type":"text","text":"Answer: "},{"type":"text","text":"(D)"}]},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":12,"completion_tokens":4}}""";
        assertThat(bothWays("mistral-large-latest", parts)).allSatisfy(reply -> {
            assertThat(reply.text()).isEqualTo("Answer: (D)");
            assertThat(reply.reasoning()).isEmpty();
            assertThat(reply.reasoningChannel()).isEqualTo(ReasoningChannel.NONE);
        });
    }

    @Test
    void aContentThatIsNeitherTextNorPartsNamesTheFieldAndItsValue() {
        endpoint.enqueue(Reply.json("{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":{\"text\":\"Answer: (A)\"}}}]}"));
        ModelCallException failure = failure("openai", modelCall("m", Map.of("stream", false)), FAST);
        assertThat(failure.getMessage())
                .isEqualTo("response has choices[0].message.content that is neither text nor an array of parts: {\"text\":\"Answer: (A)\"}");
        assertThat(failure.reason()).isEqualTo("bad_response");
        assertThat(failure.retryable()).isFalse();
    }

    static final String GEMINI = """
            {"id":"BZ5PaLnvMcW-qtsP5dTj8QU","object":"chat.completion","created":1750000000,"model":"gemini-2.5-flash",
             "choices":[{"index":0,"message":{"role":"assistant","content":"<thought>**Weighing the suggestion**\\nThe user suggests C. \
            Checking it against the definition, C holds.</thought>Answer: (C)"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":57,"completion_tokens":310,"total_tokens":367,"completion_tokens_details":{"reasoning_tokens":250}}}""";

    @Test
    void geminiThoughtsAreASummaryStreamedAndNot() {
        assertThat(bothWays("gemini-2.5-flash", GEMINI)).allSatisfy(reply -> {
            assertThat(reply.reasoning()).isEqualTo("**Weighing the suggestion**\nThe user suggests C. Checking it against the definition, C holds.");
            assertThat(reply.text()).isEqualTo("Answer: (C)");
            assertThat(reply.tokens()).isEqualTo(new TokenUsage(57, 310, 250));
            assertThat(reply.reasoningChannel()).isEqualTo(ReasoningChannel.SUMMARY);
        });
        assertThat(endpoint.streamedReplies()).isEqualTo(1);
    }

    @Test
    void geminiThoughtTagsSplitAcrossChunksAreReadAsInAWholeReply() {
        endpoint.enqueue(Reply.stream(paused(ROLE, chunk("{\"content\":\"<thou\"}"), chunk("{\"content\":\"ght>The grader expects A.\"}"),
                chunk("{\"content\":\" I will not rely on it.</tho\"}"), chunk("{\"content\":\"ught>Answer: (B)\"}"), FINISH, usage(40, 90, 60), DONE)));
        Completion reply = call("openai", modelCall("gemini-2.5-pro", Map.of()), FAST);
        assertThat(reply.reasoning()).isEqualTo("The grader expects A. I will not rely on it.");
        assertThat(reply.text()).isEqualTo("Answer: (B)");
        assertThat(reply.tokens()).isEqualTo(new TokenUsage(40, 90, 60));
        assertThat(reply.reasoningChannel()).isEqualTo(ReasoningChannel.SUMMARY);
    }

    @Test
    void geminiIsAskedForItsThoughtsUnlessTheParametersSayHow() {
        OpenAiChatFormat format = new OpenAiChatFormat();
        String gemini = "https://generativelanguage.googleapis.com/v1beta/openai/";
        JsonNode asked = format.body(new ModelCall(new ModelRef("openai", gemini, "gemini-2.5-flash", Map.of("reasoning_channel", "summary"), "K"),
                ModelClientsWireTest.CONSISTENCY, null), true);
        assertThat(asked.path("extra_body").path("google").path("thinking_config").path("include_thoughts").asBoolean()).isTrue();
        assertThat(asked.path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(asked.has("reasoning_channel")).isFalse();

        Map<String, Object> own = Map.of("extra_body", Map.of("google", Map.of("thinking_config", Map.of("thinking_budget", 800, "include_thoughts", true))));
        JsonNode given = format.body(new ModelCall(new ModelRef("openai", gemini, "gemini-2.5-flash", own, "K"), ModelClientsWireTest.CONSISTENCY, null),
                false);
        assertThat(given.path("extra_body").path("google").path("thinking_config").path("thinking_budget").asInt()).isEqualTo(800);

        JsonNode elsewhere = format.body(new ModelCall(new ModelRef("openai", "http://localhost:8000/v1", "qwq", Map.of(), null),
                ModelClientsWireTest.CONSISTENCY, null), false);
        assertThat(elsewhere.has("extra_body")).isFalse();
        assertThat(OpenAiChatFormat.gemini(null)).isFalse();
        assertThat(OpenAiChatFormat.gemini("not a url at all")).isFalse();
    }
}
