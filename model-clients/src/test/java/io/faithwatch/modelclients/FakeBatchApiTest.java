package io.faithwatch.modelclients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.faithwatch.events.ChatMessage;
import io.faithwatch.events.Events;
import io.faithwatch.events.ModelRef;
import io.faithwatch.modelclients.FakeEndpoint.Reply;

/** The stateful batch fake, driven by the real {@link ModelBatches} client for both providers. */
class FakeBatchApiTest {
    static final String KEY = "sk-fake-batch-71c0";
    static final Credentials CREDENTIALS = name -> Optional.ofNullable(Map.of("BATCH_KEY", KEY, "WRONG_KEY", "sk-other").get(name));

    final FakeEndpoint endpoint = FakeEndpoint.start();
    final AtomicInteger answered = new AtomicInteger();
    final FakeBatchApi api = new FakeBatchApi(endpoint, KEY, this::answer, request -> Reply.status(418, "{\"single\":true}")).install();
    final Duration timeout = Duration.ofSeconds(10);

    @AfterEach
    void stop() {
        endpoint.close();
    }

    /** Each reply names the question it answers, so a result can only match the request it came from. */
    String answer(String provider, JsonNode body) {
        answered.incrementAndGet();
        JsonNode messages = body.path("messages");
        String question = messages.path(messages.size() - 1).path("content").asText();
        if (provider.equals("openai")) {
            return FakeEndpoint.openAi("reasoning_content", "Reasoning on " + question, "Answer: (B)", 20, 90, 70);
        }
        ObjectNode message = Events.mapper().createObjectNode().put("id", "msg_1").put("type", "message").put("role", "assistant")
                .put("model", body.path("model").asText());
        message.putArray("content").add(Events.mapper().createObjectNode().put("type", "thinking").put("thinking", "Thinking on " + question)
                .put("signature", "EuYB")).add(Events.mapper().createObjectNode().put("type", "text").put("text", "Answer: (C)"));
        message.put("stop_reason", "end_turn").putObject("usage").put("input_tokens", 20).put("output_tokens", 90);
        return message.toString();
    }

    static Map<String, ModelCall> calls(ModelRef model, String... questions) {
        Map<String, ModelCall> calls = new LinkedHashMap<>();
        for (int i = 0; i < questions.length; i++) {
            calls.put("q" + (i + 1), new ModelCall(model, List.of(ChatMessage.user(questions[i])), null));
        }
        return calls;
    }

    @Test
    void anthropicBatchRunsUntilReleasedThenAnswersEachCallOnce() {
        ModelRef model = new ModelRef("anthropic", endpoint.rootUrl(), "claude-sonnet-4", Map.of("max_tokens", 8000), "BATCH_KEY");
        ModelBatches batches = ModelBatches.of("anthropic", CREDENTIALS, timeout);

        String id = batches.submit(model, calls(model, "Question 1?", "Question 2?"));
        assertThat(id).startsWith("msgbatch_");
        assertThat(api.created()).isEqualTo(Map.of("anthropic", 1, "openai", 0));
        assertThat(api.customIds(id)).containsExactly("q1", "q2");
        ModelBatches.State running = batches.poll(model, id);
        assertThat(running.ended()).isFalse();
        assertThat(running.status()).isEqualTo("in_progress");
        assertThat(answered).hasValue(0);

        api.release();
        // A restarted service polls again: the same results, answered once.
        for (int poll = 0; poll < 2; poll++) {
            ModelBatches.State ended = batches.poll(model, id);
            assertThat(ended.ended()).isTrue();
            assertThat(ended.results()).containsOnlyKeys("q1", "q2");
            assertThat(ended.resultOf("q2").completion().reasoning()).isEqualTo("Thinking on Question 2?");
            assertThat(ended.resultOf("q2").completion().text()).isEqualTo("Answer: (C)");
        }
        assertThat(answered).hasValue(2);
        assertThat(api.polls()).isEqualTo(3);
    }

    @Test
    void openAiBatchesEndOnlyIfCreatedBeforeTheRelease() {
        ModelRef model = new ModelRef("openai", endpoint.baseUrl(), "deepseek-reasoner", Map.of(), "BATCH_KEY");
        ModelBatches batches = ModelBatches.of("openai", CREDENTIALS, timeout);

        String first = batches.submit(model, calls(model, "Question 1?", "Question 2?"));
        assertThat(batches.poll(model, first).status()).isEqualTo("in_progress");
        api.release();
        String second = batches.submit(model, calls(model, "Question 3?"));
        assertThat(api.created()).isEqualTo(Map.of("anthropic", 0, "openai", 2));
        assertThat(api.batchIds()).containsExactly(first, second);

        ModelBatches.State done = batches.poll(model, first);
        assertThat(done.status()).isEqualTo("completed");
        assertThat(done.resultOf("q1").completion().reasoning()).isEqualTo("Reasoning on Question 1?");
        assertThat(done.resultOf("q2").completion().text()).isEqualTo("Answer: (B)");
        assertThat(batches.poll(model, second).ended()).isFalse();
        api.release();
        assertThat(batches.poll(model, second).resultOf("q1").completion().reasoning()).isEqualTo("Reasoning on Question 3?");
        assertThat(answered).hasValue(3);
    }

    @Test
    void aWrongKeyAndAnUnknownBatchAreRefusedAndOtherPathsGoToTheFallback() throws Exception {
        for (String provider : List.of("anthropic", "openai")) {
            String base = provider.equals("anthropic") ? endpoint.rootUrl() : endpoint.baseUrl();
            ModelRef wrong = new ModelRef(provider, base, "m", Map.of(), "WRONG_KEY");
            ModelBatches batches = ModelBatches.of(provider, CREDENTIALS, timeout);
            ModelCallException refused = catchThrowableOfType(ModelCallException.class, () -> batches.submit(wrong, calls(wrong, "Q?")));
            assertThat(refused.getMessage()).startsWith("HTTP 401");

            ModelRef model = new ModelRef(provider, base, "m", Map.of(), "BATCH_KEY");
            ModelCallException unknown = catchThrowableOfType(ModelCallException.class, () -> batches.poll(model, "batch_missing"));
            assertThat(unknown.getMessage()).startsWith("HTTP 404");
        }
        assertThat(api.created()).isEqualTo(Map.of("anthropic", 0, "openai", 0));
        assertThat(api.polls()).isZero();

        HttpResponse<String> single = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint.baseUrl() + "/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(single.statusCode()).isEqualTo(418);
    }
}
