package io.faithwatch.modelclients;

import io.faithwatch.events.ReasoningChannel;
import static io.faithwatch.modelclients.FakeEndpoint.event;
import static io.faithwatch.modelclients.ModelClientsStreamingTest.PAUSE;
import static io.faithwatch.modelclients.ModelClientsStreamingTest.call;
import static io.faithwatch.modelclients.ModelClientsStreamingTest.failure;
import static io.faithwatch.modelclients.ModelClientsWireTest.FAST;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.faithwatch.events.ModelRef;
import io.faithwatch.events.TokenUsage;
import io.faithwatch.modelclients.FakeEndpoint.Chunk;
import io.faithwatch.modelclients.FakeEndpoint.Reply;

/**
 * The OpenAI Responses API ({@code openai-responses}) against a local server speaking it: whole responses, read
 * unstreamed and as the API streams them, and scripted event streams; the reasoning summary, redacted and absent
 * reasoning; failures and bad replies.
 */
class OpenAiResponsesWireTest {
    static final String PROVIDER = ModelClients.OPENAI_RESPONSES;

    final FakeEndpoint endpoint = FakeEndpoint.start();

    @AfterEach
    void stop() {
        endpoint.close();
    }

    ModelCall modelCall(Map<String, Object> parameters) {
        return new ModelCall(new ModelRef(PROVIDER, endpoint.baseUrl(), "o4-mini", parameters, "TEST_KEY"), ModelClientsWireTest.CONSISTENCY, null);
    }

    /** The same whole response queued twice and read streamed, then with {@code stream=false}. */
    List<Completion> bothWays(String response, Map<String, Object> parameters) {
        endpoint.enqueue(Reply.json(response), Reply.json(response));
        Map<String, Object> unstreamed = new HashMap<>(parameters);
        unstreamed.put("stream", false);
        return List.of(call(PROVIDER, modelCall(parameters), FAST), call(PROVIDER, modelCall(unstreamed), FAST));
    }

    static String named(String type, String fields) {
        return event(type, "{\"type\":\"" + type + "\"," + fields + "}");
    }

    static final String SUMMARY = "**Weighing the user's suggestion**\n\nThe user says C. Checking the options, C matches the definition.";

    @Test
    void theSummaryAnswerAndUsageAreReadStreamedAndNotWithTheRequestInTheDocumentedShape() {
        List<Completion> replies = bothWays(FakeEndpoint.responses(SUMMARY, "Answer: (C)", 120, 900, 850),
                Map.of("max_tokens", 4096, "reasoning_effort", "high", "reasoning_channel", "summary", "temperature", 1));

        assertThat(replies).allSatisfy(reply -> {
            assertThat(reply.reasoning()).isEqualTo(SUMMARY);
            assertThat(reply.text()).isEqualTo("Answer: (C)");
            assertThat(reply.tokens()).isEqualTo(new TokenUsage(120, 900, 850));
            assertThat(reply.reasoningChannel()).isEqualTo(ReasoningChannel.SUMMARY);
            assertThat(reply.reasoningRedacted()).isFalse();
            assertThat(reply.attempts()).isEqualTo(1);
        });
        assertThat(endpoint.streamedReplies()).isEqualTo(1);
        List<FakeEndpoint.Request> requests = endpoint.requests();
        assertThat(requests).hasSize(2).allSatisfy(request -> {
            assertThat(request.path()).isEqualTo("/v1/responses");
            assertThat(request.header("Authorization")).isEqualTo("Bearer " + ModelClientsWireTest.KEY);
            JsonNode body = request.json();
            assertThat(body.path("model").asText()).isEqualTo("o4-mini");
            assertThat(body.path("instructions").asText()).isEqualTo("Think step by step.");
            assertThat(body.path("input").findValuesAsText("role")).containsExactly("user", "assistant", "user");
            assertThat(body.path("input").path(1).path("content").asText()).isEqualTo("The answer is (C).");
            assertThat(body.path("reasoning").path("summary").asText()).isEqualTo("auto");
            assertThat(body.path("reasoning").path("effort").asText()).isEqualTo("high");
            assertThat(body.path("store").isBoolean()).isTrue();
            assertThat(body.path("store").asBoolean()).isFalse();
            assertThat(body.path("max_output_tokens").asInt()).isEqualTo(4096);
            assertThat(body.path("temperature").asInt()).isEqualTo(1);
            assertThat(body.has("max_tokens")).isFalse();
            assertThat(body.has("reasoning_effort")).isFalse();
            assertThat(body.has("reasoning_channel")).isFalse();
            assertThat(body.has("messages")).isFalse();
            assertThat(body.has("stream_options")).isFalse();
        });
        assertThat(requests.get(0).json().path("stream").asBoolean()).isTrue();
        assertThat(requests.get(1).json().has("stream")).isFalse();
    }

    @Test
    void aReasoningObjectInTheParametersIsMergedOverTheDefault() {
        endpoint.enqueue(Reply.json(FakeEndpoint.responses(SUMMARY, "Answer: (C)", 1, 2, 1)));
        call(PROVIDER, modelCall(Map.of("reasoning", Map.of("effort", "low", "summary", "detailed"))), FAST);
        JsonNode reasoning = endpoint.requests().get(0).json().path("reasoning");
        assertThat(reasoning.path("effort").asText()).isEqualTo("low");
        assertThat(reasoning.path("summary").asText()).isEqualTo("detailed");
    }

    @Test
    void aScriptedStreamWithEveryDocumentedEventIsReadFromItsLastEvent() {
        String full = "{\"id\":\"resp_7\",\"object\":\"response\",\"created_at\":1741476542,\"status\":\"completed\",\"error\":null,"
                + "\"model\":\"o4-mini-2025-04-16\",\"output\":[{\"id\":\"rs_7\",\"type\":\"reasoning\",\"summary\":["
                + "{\"type\":\"summary_text\",\"text\":\"**Checking**\\n\\nThe user says C.\"},{\"type\":\"summary_text\",\"text\":\"C fits.\"}]},"
                + "{\"id\":\"msg_7\",\"type\":\"message\",\"status\":\"completed\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\","
                + "\"text\":\"Answer: (C)\",\"annotations\":[]}]}],\"usage\":{\"input_tokens\":75,\"input_tokens_details\":{\"cached_tokens\":0},"
                + "\"output_tokens\":1186,\"output_tokens_details\":{\"reasoning_tokens\":1024},\"total_tokens\":1261}}";
        String started = "\"response\":{\"id\":\"resp_7\",\"object\":\"response\",\"status\":\"in_progress\",\"output\":[],\"usage\":null}";
        String completed = named("response.completed", "\"sequence_number\":20,\"response\":" + full);
        endpoint.enqueue(Reply.stream(List.of(Chunk.of(named("response.created", "\"sequence_number\":0," + started)),
                Chunk.after(PAUSE, named("response.in_progress", "\"sequence_number\":1," + started)),
                Chunk.after(PAUSE, named("response.output_item.added", "\"sequence_number\":2,\"output_index\":0,"
                        + "\"item\":{\"id\":\"rs_7\",\"type\":\"reasoning\",\"summary\":[]}")),
                Chunk.after(PAUSE, named("response.reasoning_summary_part.added", "\"sequence_number\":3,\"item_id\":\"rs_7\",\"output_index\":0,"
                        + "\"summary_index\":0,\"part\":{\"type\":\"summary_text\",\"text\":\"\"}")),
                Chunk.after(PAUSE, named("response.reasoning_summary_text.delta", "\"sequence_number\":4,\"item_id\":\"rs_7\",\"output_index\":0,"
                        + "\"summary_index\":0,\"delta\":\"**Checking**\\n\\nThe user says C.\"")),
                Chunk.after(PAUSE, named("response.reasoning_summary_text.done", "\"sequence_number\":5,\"item_id\":\"rs_7\",\"output_index\":0,"
                        + "\"summary_index\":0,\"text\":\"**Checking**\\n\\nThe user says C.\"")),
                Chunk.after(PAUSE, named("response.output_item.done", "\"sequence_number\":9,\"output_index\":0,\"item\":{\"id\":\"rs_7\","
                        + "\"type\":\"reasoning\",\"summary\":[{\"type\":\"summary_text\",\"text\":\"**Checking**\\n\\nThe user says C.\"},"
                        + "{\"type\":\"summary_text\",\"text\":\"C fits.\"}]}")),
                Chunk.after(PAUSE, named("response.output_item.added", "\"sequence_number\":10,\"output_index\":1,\"item\":{\"id\":\"msg_7\","
                        + "\"type\":\"message\",\"status\":\"in_progress\",\"role\":\"assistant\",\"content\":[]}")),
                Chunk.after(PAUSE, named("response.output_text.delta", "\"sequence_number\":12,\"item_id\":\"msg_7\",\"output_index\":1,"
                        + "\"content_index\":0,\"delta\":\"Answer: \"") + named("response.output_text.delta", "\"sequence_number\":13,"
                        + "\"item_id\":\"msg_7\",\"output_index\":1,\"content_index\":0,\"delta\":\"(C)\"")),
                Chunk.after(PAUSE, completed.substring(0, 60)), Chunk.after(PAUSE, completed.substring(60)))));
        Completion reply = call(PROVIDER, modelCall(Map.of()), FAST);

        assertThat(reply.reasoning()).isEqualTo("**Checking**\n\nThe user says C.\n\nC fits.");
        assertThat(reply.text()).isEqualTo("Answer: (C)");
        assertThat(reply.tokens()).isEqualTo(new TokenUsage(75, 1186, 1024));
        assertThat(reply.reasoningChannel()).isEqualTo(ReasoningChannel.SUMMARY);
    }

    @Test
    void itemsBuiltFromTheDeltasStandInForALastEventWithoutOutput() {
        endpoint.enqueue(Reply.stream(named("response.output_item.added", "\"sequence_number\":0,\"output_index\":0,"
                + "\"item\":{\"id\":\"rs_1\",\"type\":\"reasoning\",\"summary\":[]}"),
                named("response.reasoning_summary_text.delta", "\"sequence_number\":1,\"item_id\":\"rs_1\",\"output_index\":0,\"summary_index\":0,"
                        + "\"delta\":\"The user \""),
                named("response.reasoning_summary_text.delta", "\"sequence_number\":2,\"item_id\":\"rs_1\",\"output_index\":0,\"summary_index\":0,"
                        + "\"delta\":\"says B.\""),
                named("response.output_item.added", "\"sequence_number\":3,\"output_index\":1,\"item\":{\"id\":\"msg_1\",\"type\":\"message\","
                        + "\"role\":\"assistant\",\"content\":[]}"),
                named("response.output_text.delta", "\"sequence_number\":4,\"item_id\":\"msg_1\",\"output_index\":1,\"content_index\":0,"
                        + "\"delta\":\"Answer: (B)\""),
                named("response.completed", "\"sequence_number\":5,\"response\":{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"completed\","
                        + "\"output\":[],\"usage\":{\"input_tokens\":9,\"output_tokens\":40,\"output_tokens_details\":{\"reasoning_tokens\":30}}}")));
        Completion reply = call(PROVIDER, modelCall(Map.of()), FAST);
        assertThat(reply.reasoning()).isEqualTo("The user says B.");
        assertThat(reply.text()).isEqualTo("Answer: (B)");
        assertThat(reply.tokens()).isEqualTo(new TokenUsage(9, 40, 30));
        assertThat(reply.reasoningChannel()).isEqualTo(ReasoningChannel.SUMMARY);
    }

    @Test
    void reasoningWithoutASummaryIsRedactedStreamedAndNot() {
        String encrypted = "{\"id\":\"resp_2\",\"object\":\"response\",\"status\":\"completed\",\"output\":[{\"id\":\"rs_2\",\"type\":\"reasoning\","
                + "\"summary\":[],\"encrypted_content\":\"gAAAAABoISQ24OyVRYbkYfukhP0ZrNa\"},{\"id\":\"msg_2\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"content\":[{\"type\":\"output_text\",\"text\":\"Answer: (B)\",\"annotations\":[]}]}],"
                + "\"usage\":{\"input_tokens\":50,\"output_tokens\":700,\"output_tokens_details\":{\"reasoning_tokens\":640}}}";
        assertThat(bothWays(encrypted, Map.of())).allSatisfy(reply -> {
            assertThat(reply.reasoning()).isEmpty();
            assertThat(reply.reasoningChannel()).isEqualTo(ReasoningChannel.REDACTED);
            assertThat(reply.reasoningRedacted()).isTrue();
            assertThat(reply.text()).isEqualTo("Answer: (B)");
            assertThat(reply.tokens()).isEqualTo(new TokenUsage(50, 700, 640));
        });
        // No summary and no encrypted content, but reasoning tokens counted: the model reasoned, unreadably.
        assertThat(bothWays(FakeEndpoint.responses(null, "Answer: (D)", 50, 300, 256), Map.of()))
                .allSatisfy(reply -> assertThat(reply.reasoningChannel()).isEqualTo(ReasoningChannel.REDACTED));
    }

    @Test
    void noReasoningIsNoneStreamedAndNot() {
        String plain = "{\"id\":\"resp_3\",\"object\":\"response\",\"status\":\"completed\",\"output\":[{\"id\":\"msg_3\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"Answer: (A)\",\"annotations\":[]}]}],"
                + "\"usage\":{\"input_tokens\":20,\"output_tokens\":5,\"output_tokens_details\":{\"reasoning_tokens\":0}}}";
        assertThat(bothWays(plain, Map.of())).allSatisfy(reply -> {
            assertThat(reply.reasoning()).isEmpty();
            assertThat(reply.reasoningChannel()).isEqualTo(ReasoningChannel.NONE);
            assertThat(reply.reasoningRedacted()).isFalse();
            assertThat(reply.text()).isEqualTo("Answer: (A)");
            assertThat(reply.tokens()).isEqualTo(new TokenUsage(20, 5, 0));
        });
    }

    @Test
    void anIncompleteResponseIsReadAsFarAsItGoesStreamedAndNot() {
        String cut = "{\"id\":\"resp_4\",\"object\":\"response\",\"status\":\"incomplete\",\"incomplete_details\":{\"reason\":\"max_output_tokens\"},"
                + "\"output\":[{\"id\":\"rs_4\",\"type\":\"reasoning\",\"summary\":[{\"type\":\"summary_text\",\"text\":\"Still weighing A and B.\"}]}],"
                + "\"usage\":{\"input_tokens\":30,\"output_tokens\":64,\"output_tokens_details\":{\"reasoning_tokens\":64}}}";
        assertThat(bothWays(cut, Map.of("max_tokens", 64))).allSatisfy(reply -> {
            assertThat(reply.reasoning()).isEqualTo("Still weighing A and B.");
            assertThat(reply.text()).isEmpty();
            assertThat(reply.tokens()).isEqualTo(new TokenUsage(30, 64, 64));
        });
        String stream = String.join("", FakeEndpoint.responsesStream(cut, 2));
        assertThat(stream).contains("event: response.incomplete\n").doesNotContain("response.completed");
    }

    @Test
    void aFailedResponseIsRetriedWhenTheServerFailedStreamedAndNot() {
        String failed = "{\"id\":\"resp_5\",\"object\":\"response\",\"status\":\"failed\",\"error\":{\"code\":\"server_error\","
                + "\"message\":\"The model failed to generate a response.\"},\"output\":[],\"usage\":null}";
        String answer = FakeEndpoint.responses("Second try.", "Answer: (B)", 10, 20, 5);
        endpoint.enqueue(Reply.json(failed), Reply.json(answer), Reply.json(failed), Reply.json(answer));
        Completion streamed = call(PROVIDER, modelCall(Map.of()), FAST);
        Completion whole = call(PROVIDER, modelCall(Map.of("stream", false)), FAST);
        assertThat(List.of(streamed, whole)).allSatisfy(reply -> {
            assertThat(reply.attempts()).isEqualTo(2);
            assertThat(reply.reasoning()).isEqualTo("Second try.");
            assertThat(reply.text()).isEqualTo("Answer: (B)");
        });
        assertThat(String.join("", FakeEndpoint.responsesStream(failed, 2))).contains("event: response.failed\n");

        endpoint.enqueue(Reply.json(failed));
        ModelCallException last = failure(PROVIDER, modelCall(Map.of("stream", false)), FAST.withRetries(0, Duration.ofMillis(10), Duration.ofMillis(10)));
        assertThat(last.getMessage()).isEqualTo("response failed server_error: The model failed to generate a response.");
        assertThat(last.reason()).isEqualTo("response_failed");
        assertThat(last.retryable()).isTrue();
        assertThat(last.endpointDown()).isTrue();
    }

    @Test
    void anErrorEventIsRetriedWhenRateLimitedAndNotWhenTheRequestIsInvalid() {
        String created = named("response.created", "\"sequence_number\":0,\"response\":{\"id\":\"resp_6\",\"object\":\"response\","
                + "\"status\":\"in_progress\",\"output\":[]}");
        endpoint.enqueue(Reply.stream(created, named("error", "\"sequence_number\":1,\"code\":\"rate_limit_exceeded\","
                + "\"message\":\"Rate limit reached for o4-mini\",\"param\":null")), Reply.json(FakeEndpoint.responses("Again.", "Answer: (A)", 1, 2, 1)));
        Completion reply = call(PROVIDER, modelCall(Map.of()), FAST);
        assertThat(reply.attempts()).isEqualTo(2);
        assertThat(reply.text()).isEqualTo("Answer: (A)");

        endpoint.enqueue(Reply.stream(created, named("error", "\"sequence_number\":1,\"code\":\"invalid_prompt\","
                + "\"message\":\"Invalid prompt: your prompt was flagged.\",\"param\":null")));
        ModelCallException refused = failure(PROVIDER, modelCall(Map.of()), FAST);
        assertThat(refused.getMessage()).isEqualTo("stream of POST " + endpoint.baseUrl()
                + "/responses: error event invalid_prompt: Invalid prompt: your prompt was flagged.");
        assertThat(refused.reason()).isEqualTo("stream_error");
        assertThat(refused.retryable()).isFalse();
        assertThat(refused.attempts()).isEqualTo(1);
        assertThat(endpoint.requests()).hasSize(3);
    }

    @Test
    void aStreamThatEndsBeforeItsLastEventIsRetriedNeverShortened() {
        List<String> events = FakeEndpoint.responsesStream(FakeEndpoint.responses("Cut short.", "Answer: (C)", 5, 6, 2), 2);
        endpoint.enqueue(Reply.stream(events.subList(0, events.size() - 1).toArray(String[]::new)));
        ModelCallException failure = failure(PROVIDER, modelCall(Map.of()), FAST.withRetries(0, Duration.ofMillis(10), Duration.ofMillis(10)));
        assertThat(failure.getMessage()).isEqualTo("stream of POST " + endpoint.baseUrl() + "/responses ended after " + (events.size() - 1)
                + " events without its last event (response.completed)");
        assertThat(failure.reason()).isEqualTo("incomplete_stream");
        assertThat(failure.retryable()).isTrue();
    }

    @Test
    void badRepliesNameWhatIsMissing() {
        String noOutput = "{\"id\":\"resp_9\",\"object\":\"response\",\"status\":\"completed\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}";
        endpoint.enqueue(Reply.json(noOutput), Reply.json(noOutput));
        assertThat(failure(PROVIDER, modelCall(Map.of("stream", false)), FAST).getMessage()).isEqualTo("response has no output array");
        assertThat(failure(PROVIDER, modelCall(Map.of()), FAST).getMessage()).isEqualTo("stream of POST " + endpoint.baseUrl()
                + "/responses: response has no output array");

        endpoint.enqueue(Reply.stream(named("response.completed", "\"sequence_number\":0")));
        assertThat(failure(PROVIDER, modelCall(Map.of()), FAST).getMessage()).isEqualTo("stream of POST " + endpoint.baseUrl()
                + "/responses: response has no response in response.completed");

        endpoint.enqueue(Reply.stream(named("response.output_text.delta", "\"sequence_number\":0,\"item_id\":\"msg_1\",\"output_index\":3,"
                + "\"content_index\":0,\"delta\":\"Answer\"")));
        ModelCallException unopened = failure(PROVIDER, modelCall(Map.of()), FAST);
        assertThat(unopened.getMessage()).isEqualTo("stream of POST " + endpoint.baseUrl()
                + "/responses: response.output_text.delta for output 3, which no response.output_item.added opened");
        assertThat(unopened.reason()).isEqualTo("bad_response");
        assertThat(endpoint.requests()).hasSize(4);
    }
}
