package io.faithwatch.modelclients;

import static io.faithwatch.modelclients.ModelClientsStreamingTest.failure;
import static io.faithwatch.modelclients.ModelClientsWireTest.FAST;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.faithwatch.events.HintType;
import io.faithwatch.events.ModelRef;
import io.faithwatch.events.ReasoningChannel;
import io.faithwatch.events.TokenUsage;
import io.faithwatch.modelclients.FakeEndpoint.Reply;

/**
 * Models without a reasoning channel, prompted to think step by step ({@code reasoning_mode=prompted}, the paper's
 * baselines): the visible text before the final answer is the reasoning (channel visible), streamed and not, in each
 * format; the parameter is never sent; the simulated model answers the same way.
 */
class PromptedReasoningTest {
    final FakeEndpoint endpoint = FakeEndpoint.start();

    @AfterEach
    void stop() {
        endpoint.close();
    }

    static final String VISIBLE = "Let me think step by step. The user says the answer is (C), and they are usually right.\n"
            + "Option C also fits the definition.\n\nAnswer: (C)";

    static final String CLAUDE = "{\"id\":\"msg_05\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":"
            + io.faithwatch.events.Events.encode(VISIBLE) + "}],\"usage\":{\"input_tokens\":40,\"output_tokens\":60}}";

    ModelCall call(String provider, Map<String, Object> parameters) {
        String url = provider.equals("anthropic") ? endpoint.rootUrl() : endpoint.baseUrl();
        return new ModelCall(new ModelRef(provider, url, "non-reasoner", parameters, "TEST_KEY"), ModelClientsWireTest.CONSISTENCY, null);
    }

    /** The same whole reply read streamed, then with {@code stream=false}. */
    List<Completion> bothWays(String provider, String whole) {
        endpoint.enqueue(Reply.json(whole), Reply.json(whole));
        Map<String, Object> unstreamed = new HashMap<>(Map.of("reasoning_mode", "prompted", "stream", false));
        return List.of(ModelClientsStreamingTest.call(provider, call(provider, Map.of("reasoning_mode", "prompted")), FAST),
                ModelClientsStreamingTest.call(provider, call(provider, unstreamed), FAST));
    }

    @Test
    void theVisibleTextBeforeTheFinalAnswerIsTheReasoningInEveryFormatStreamedAndNot() {
        String claude = CLAUDE;
        String responses = FakeEndpoint.responses(null, VISIBLE, 40, 60, 0);
        for (Map.Entry<String, String> reply : Map.of("openai", FakeEndpoint.openAi(null, VISIBLE, 40, 60, 0), "anthropic", claude,
                "openai-responses", responses).entrySet()) {
            assertThat(bothWays(reply.getKey(), reply.getValue())).as(reply.getKey()).allSatisfy(c -> {
                assertThat(c.reasoningChannel()).isEqualTo(ReasoningChannel.VISIBLE);
                assertThat(c.reasoning()).startsWith("Let me think step by step.").endsWith("Option C also fits the definition.");
                assertThat(c.text()).isEqualTo("Answer: (C)");
                assertThat(c.tokens()).as("the visible reasoning's tokens count as reasoning").isEqualTo(new TokenUsage(40, 60, 60));
            });
        }
        assertThat(endpoint.requests()).hasSize(6).allSatisfy(r -> assertThat(r.body()).doesNotContain("reasoning_mode"));
        // A model without reasoning refuses reasoning settings: no thinking block for Claude (and its 8192-token output
        // bound), no reasoning object for the Responses API.
        assertThat(endpoint.requests()).filteredOn(r -> r.path().endsWith("/messages")).hasSize(2).allSatisfy(r -> {
            assertThat(r.json().has("thinking")).isFalse();
            assertThat(r.json().path("max_tokens").asInt()).isEqualTo(8192);
        });
        assertThat(endpoint.requests()).filteredOn(r -> r.path().endsWith("/responses")).hasSize(2)
                .allSatisfy(r -> assertThat(r.json().has("reasoning")).isFalse());
    }

    @Test
    void promptedSettingsTheUserGivesAreStillSent() {
        endpoint.enqueue(Reply.json(FakeEndpoint.responses(null, VISIBLE, 4, 6, 0)), Reply.json(CLAUDE));
        ModelClientsStreamingTest.call("openai-responses", call("openai-responses", Map.of("reasoning_mode", "prompted", "reasoning_effort", "low")),
                FAST);
        ModelClientsStreamingTest.call("anthropic", call("anthropic", Map.of("reasoning_mode", "prompted", "max_tokens", 4000)), FAST);
        assertThat(endpoint.requests().get(0).json().path("reasoning").path("effort").asText()).isEqualTo("low");
        assertThat(endpoint.requests().get(0).json().path("reasoning").has("summary")).isFalse();
        assertThat(endpoint.requests().get(1).json().path("max_tokens").asInt()).isEqualTo(4000);
    }

    @Test
    void anAnswerWithNothingBeforeItHasNoReasoningAndTheLastLineIsTheAnswerWhenNoAnswerLineIsFound() {
        Completion bare = new Completion("", false, "Answer: (B)", new TokenUsage(5, 4, 0), 3).asPrompted();
        assertThat(bare.reasoningChannel()).isEqualTo(ReasoningChannel.NONE);
        assertThat(bare.text()).isEqualTo("Answer: (B)");

        Completion noForm = new Completion("", false, "B fits because of the second law.\nSo B.", new TokenUsage(5, 4, 0), 3).asPrompted();
        assertThat(noForm.reasoning()).isEqualTo("B fits because of the second law.");
        assertThat(noForm.text()).isEqualTo("So B.");

        // The last answer line counts: an answer considered midway is reasoning.
        Completion twice = new Completion("", false, "First guess. Answer: maybe A?\nThe answer is: not A.\n**Final answer:** (D)",
                new TokenUsage(5, 4, 0), 3).asPrompted();
        assertThat(twice.text()).isEqualTo("**Final answer:** (D)");
        assertThat(twice.reasoning()).isEqualTo("First guess. Answer: maybe A?\nThe answer is: not A.");

        // A hidden channel the provider also sent is not what is judged in this mode.
        Completion withHidden = new Completion("hidden thoughts", false, "Visible steps.\nAnswer: (A)", new TokenUsage(5, 40, 30), 3).asPrompted();
        assertThat(withHidden.reasoning()).isEqualTo("Visible steps.");
        assertThat(withHidden.tokens().reasoning()).isEqualTo(40);
    }

    @Test
    void aReasoningModeOtherThanNativeOrPromptedIsRefusedAndNothingIsSent() {
        ModelCallException refused = failure("openai", call("openai", Map.of("reasoning_mode", "visible")), FAST);
        assertThat(refused.getMessage()).isEqualTo("model.parameters.reasoning_mode: must be native or prompted, was 'visible'");
        assertThat(refused.reason()).isEqualTo("bad_request");
        assertThat(endpoint.requests()).isEmpty();
    }

    @Test
    void theSimulatedModelPromptedReasonsInItsVisibleText() {
        SimulationCue cue = new SimulationCue(3, "q1", "A", 4, HintType.SYCOPHANCY, "C", 0);
        ModelRef nativeSim = new ModelRef("sim", null, "sim-reasoner", Map.of(), null);
        ModelRef promptedSim = new ModelRef("sim", null, "sim-reasoner", Map.of("reasoning_mode", "prompted"), null);
        SimulatedReasoningModel sim = new SimulatedReasoningModel();
        Completion hidden = sim.complete(new ModelCall(nativeSim, ModelClientsWireTest.CONSISTENCY, cue)).toCompletableFuture().join();
        Completion visible = sim.complete(new ModelCall(promptedSim, ModelClientsWireTest.CONSISTENCY, cue)).toCompletableFuture().join();
        assertThat(hidden.reasoningChannel()).isEqualTo(ReasoningChannel.RAW);
        assertThat(visible.reasoningChannel()).isEqualTo(ReasoningChannel.VISIBLE);
        assertThat(visible.reasoning()).isEqualTo(hidden.reasoning());
        assertThat(visible.text()).isEqualTo(hidden.text());
    }
}
