package io.faithwatch.modelclients;

import io.faithwatch.events.ReasoningChannel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.faithwatch.events.ChatMessage;
import io.faithwatch.events.ModelRef;
import io.faithwatch.events.TokenUsage;
import io.faithwatch.modelclients.FakeEndpoint.Reply;

/**
 * Each provider against a local HTTP server speaking its real wire format. Calls stream by default, so the whole
 * replies queued here reach the client as the provider would stream them (FakeEndpoint); ModelClientsStreamingTest
 * scripts the streams themselves.
 */
class ModelClientsWireTest {
    static final String KEY = "sk-test-9f8e7d6c5b4a";
    static final Credentials CREDENTIALS = name -> name.equals("TEST_KEY") ? Optional.of(KEY) : Optional.empty();
    static final ClientSettings FAST = ClientSettings.defaults().withRetries(2, Duration.ofMillis(20), Duration.ofMillis(100))
            .withRequestTimeout(Duration.ofSeconds(10));
    static final List<ChatMessage> CONSISTENCY = List.of(ChatMessage.system("Think step by step."), ChatMessage.user("Q?"),
            ChatMessage.assistant("The answer is (C)."), ChatMessage.user("Explain your reasoning."));

    final FakeEndpoint endpoint = FakeEndpoint.start();

    @AfterEach
    void stop() {
        endpoint.close();
    }

    ModelCall openAiCall(Map<String, Object> parameters) {
        return new ModelCall(new ModelRef("openai", endpoint.baseUrl(), "deepseek-r1", parameters, "TEST_KEY"), CONSISTENCY, null);
    }

    ModelCall anthropicCall() {
        return new ModelCall(new ModelRef("anthropic", endpoint.rootUrl(), "claude-3-7-sonnet", Map.of("budget_tokens", 2048), "TEST_KEY"),
                CONSISTENCY, null);
    }

    Completion call(String provider, ModelCall call, ClientSettings settings) {
        return ModelClients.create(provider, CREDENTIALS, settings).complete(call).toCompletableFuture().join();
    }

    ModelCallException failure(String provider, ModelCall call, ClientSettings settings) {
        CompletableFuture<Completion> reply = ModelClients.create(provider, CREDENTIALS, settings).complete(call).toCompletableFuture();
        try {
            reply.join();
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(ModelCallException.class);
            assertThat(e.getCause().getMessage()).doesNotContain(KEY);
            return (ModelCallException) e.getCause();
        }
        throw new AssertionError("the call succeeded: " + reply.join());
    }

    @Test
    void openAiReasoningContentWithTheRequestInTheWireFormat() {
        endpoint.enqueue(Reply.json(FakeEndpoint.openAi("reasoning_content", "The user said C; checking. ", "Answer: (C)", 120, 900, 850)));
        Completion reply = call("openai", openAiCall(Map.of("temperature", 0.6, "max_tokens", 4096)), FAST);

        assertThat(reply.reasoning()).isEqualTo("The user said C; checking.");
        assertThat(reply.text()).isEqualTo("Answer: (C)");
        assertThat(reply.reasoningRedacted()).isFalse();
        assertThat(reply.reasoningChannel()).isEqualTo(ReasoningChannel.RAW);
        assertThat(reply.tokens()).isEqualTo(new TokenUsage(120, 900, 850));
        assertThat(reply.attempts()).isEqualTo(1);

        FakeEndpoint.Request request = endpoint.requests().get(0);
        assertThat(request.path()).isEqualTo("/v1/chat/completions");
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + KEY);
        JsonNode body = request.json();
        assertThat(body.path("model").asText()).isEqualTo("deepseek-r1");
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.6);
        assertThat(body.path("max_tokens").asInt()).isEqualTo(4096);
        assertThat(body.path("messages").findValuesAsText("role")).containsExactly("system", "user", "assistant", "user");
        assertThat(body.path("messages").path(2).path("content").asText()).isEqualTo("The answer is (C).");
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(body.path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(endpoint.streamedReplies()).isEqualTo(1);
    }

    @Test
    void openAiReasoningField() {
        endpoint.enqueue(Reply.json(FakeEndpoint.openAi("reasoning", "Newer vLLM puts it here.", "the answer is B", 10, 20, 0)));
        Completion reply = call("openai", openAiCall(Map.of()), FAST);
        assertThat(reply.reasoning()).isEqualTo("Newer vLLM puts it here.");
        assertThat(reply.text()).isEqualTo("the answer is B");
        assertThat(reply.tokens()).isEqualTo(new TokenUsage(10, 20, 0));
    }

    @Test
    void openAiThinkBlockAtTheStartOfTheContent() {
        endpoint.enqueue(Reply.json(FakeEndpoint.openAi(null, "<think>\nOption A is wrong.\n</think>\n\nAnswer: (D)", 10, 20, 0)),
                Reply.json(FakeEndpoint.openAi(null, "The template sent the opening tag.</think>Answer: (B)", 10, 20, 0)));
        Completion reply = call("openai", openAiCall(Map.of()), FAST);
        assertThat(reply.reasoning()).isEqualTo("Option A is wrong.");
        assertThat(reply.text()).isEqualTo("Answer: (D)");

        Completion noOpeningTag = call("openai", openAiCall(Map.of()), FAST);
        assertThat(noOpeningTag.reasoning()).isEqualTo("The template sent the opening tag.");
        assertThat(noOpeningTag.text()).isEqualTo("Answer: (B)");
    }

    @Test
    void openAiEmptyReasoningIsEmptyNotRedacted() {
        endpoint.enqueue(Reply.json(FakeEndpoint.openAi("reasoning_content", "", "Answer: (A)", 10, 3, 0)),
                Reply.json(FakeEndpoint.openAi(null, "Answer: (A)", 10, 3, 0)));
        for (int i = 0; i < 2; i++) {
            Completion reply = call("openai", openAiCall(Map.of()), FAST);
            assertThat(reply.reasoning()).isEmpty();
            assertThat(reply.reasoningRedacted()).isFalse();
            assertThat(reply.reasoningChannel()).isEqualTo(ReasoningChannel.NONE);
            assertThat(reply.text()).isEqualTo("Answer: (A)");
        }
    }

    @Test
    void anthropicThinkingBlocks() {
        endpoint.enqueue(Reply.json("""
                {"id":"msg_01","type":"message","role":"assistant","model":"claude-3-7-sonnet-20250219",
                 "content":[{"type":"thinking","thinking":"The previous answer was C. Let me check it.","signature":"EuYBCkQYAiJA"},
                            {"type":"text","text":"Answer: (C)"}],
                 "stop_reason":"end_turn","usage":{"input_tokens":210,"output_tokens":1320}}"""));
        Completion reply = call("anthropic", anthropicCall(), FAST);

        assertThat(reply.reasoning()).isEqualTo("The previous answer was C. Let me check it.");
        assertThat(reply.reasoningRedacted()).isFalse();
        assertThat(reply.text()).isEqualTo("Answer: (C)");
        assertThat(reply.tokens()).isEqualTo(new TokenUsage(210, 1320, 0));

        FakeEndpoint.Request request = endpoint.requests().get(0);
        assertThat(request.path()).isEqualTo("/v1/messages");
        assertThat(request.header("x-api-key")).isEqualTo(KEY);
        assertThat(request.header("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(request.header("Authorization")).isNull();
        JsonNode body = request.json();
        assertThat(body.path("thinking").path("type").asText()).isEqualTo("enabled");
        assertThat(body.path("thinking").path("budget_tokens").asInt()).isEqualTo(2048);
        assertThat(body.path("max_tokens").asInt()).isEqualTo(16000);
        assertThat(body.has("budget_tokens")).isFalse();
        assertThat(body.path("system").asText()).isEqualTo("Think step by step.");
        assertThat(body.path("messages").findValuesAsText("role")).containsExactly("user", "assistant", "user");
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(body.has("stream_options")).isFalse();
        assertThat(endpoint.streamedReplies()).isEqualTo(1);
    }

    @Test
    void anthropicRedactedThinkingIsRecordedAsRedacted() {
        endpoint.enqueue(Reply.json("""
                {"id":"msg_02","type":"message","role":"assistant","content":[
                   {"type":"redacted_thinking","data":"EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIw"},
                   {"type":"text","text":"Answer: (B)"}],
                 "usage":{"input_tokens":50,"output_tokens":700}}"""));
        Completion reply = call("anthropic", anthropicCall(), FAST);
        assertThat(reply.reasoningRedacted()).isTrue();
        assertThat(reply.reasoningChannel()).isEqualTo(ReasoningChannel.REDACTED);
        assertThat(reply.reasoning()).isEmpty();
        assertThat(reply.text()).isEqualTo("Answer: (B)");
    }

    @Test
    void a429WithRetryAfterIsRetriedNoSoonerThanTheServerAsked() {
        endpoint.enqueue(Reply.status(429, "{\"error\":{\"message\":\"rate limited\"}}").withHeader("Retry-After", "1"),
                Reply.json(FakeEndpoint.openAi("reasoning_content", "Answer: (A)", 1, 1, 0)));
        Completion reply = call("openai", openAiCall(Map.of()), FAST);

        assertThat(reply.attempts()).isEqualTo(2);
        List<FakeEndpoint.Request> requests = endpoint.requests();
        assertThat(requests).hasSize(2);
        // The backoff alone would be at most 20 ms; the server asked for one second.
        assertThat(Duration.ofNanos(requests.get(1).atNanos() - requests.get(0).atNanos())).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void retryAfterAsSecondsOrHttpDate() {
        assertThat(HttpModel.retryAfter("7")).isEqualTo(Duration.ofSeconds(7));
        String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(10));
        assertThat(HttpModel.retryAfter(inTenSeconds)).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(10));
        assertThat(HttpModel.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
        assertThat(HttpModel.retryAfter("soon")).isNull();
    }

    @Test
    void a500ThenSuccess() {
        endpoint.enqueue(Reply.status(500, "upstream error"), Reply.json(FakeEndpoint.openAi("reasoning", "Answer: (B)", 1, 1, 0)));
        Completion reply = call("openai", openAiCall(Map.of()), FAST);
        assertThat(reply.text()).isEqualTo("Answer: (B)");
        assertThat(reply.attempts()).isEqualTo(2);
    }

    @Test
    void a500ThatLastsExhaustsTheRetriesAndSaysSo() {
        endpoint.otherwise(request -> Reply.status(503, "{\"error\":\"overloaded\"}"));
        ModelCallException failure = failure("openai", openAiCall(Map.of()), FAST);
        assertThat(failure.getMessage()).isEqualTo("HTTP 503 from POST " + endpoint.baseUrl()
                + "/chat/completions: {\"error\":\"overloaded\"} (after 3 attempts)");
        assertThat(failure.attempts()).isEqualTo(3);
        assertThat(endpoint.requests()).hasSize(3);
    }

    @Test
    void aConnectionTheHttpClientClosedItselfIsNotTheEndpointsFault() {
        // What JDK 17 reports when its HTTP/1.1 pool closes a connection it has just handed out again (seen under CPU load).
        IOException seen = new IOException("HTTP/1.1 header parser received no bytes", new IOException("connection closed locally"));
        assertThat(HttpModel.closedByClient(new CompletionException(seen))).isTrue();
        // A server that closed its end of a kept-alive connection is the endpoint's doing.
        assertThat(HttpModel.closedByClient(new IOException("HTTP/1.1 header parser received no bytes", new EOFException("EOF reached while reading"))))
                .isFalse();
    }

    @Test
    void aTimeout() {
        endpoint.otherwise(request -> Reply.json(FakeEndpoint.openAi(null, "Answer: (A)", 1, 1, 0)).after(Duration.ofSeconds(3)));
        ModelCallException failure = failure("openai", openAiCall(Map.of()),
                FAST.withRetries(1, Duration.ofMillis(10), Duration.ofMillis(10)).withRequestTimeout(Duration.ofMillis(300)));
        assertThat(failure.getMessage()).isEqualTo("POST " + endpoint.baseUrl() + "/chat/completions timed out after 300 ms (after 2 attempts)");
        assertThat(failure.reason()).isEqualTo("timeout");
    }

    @Test
    void aBodyThatIsNotJsonIsNotRetried() {
        endpoint.enqueue(new Reply(200, Map.of("Content-Type", "text/html"), "<html><body>Gateway login</body></html>", Duration.ZERO));
        ModelCallException failure = failure("openai", openAiCall(Map.of()), FAST);
        assertThat(failure.getMessage()).isEqualTo("response of POST " + endpoint.baseUrl()
                + "/chat/completions (HTTP 200) is not a JSON object: <html><body>Gateway login</body></html>");
        assertThat(endpoint.requests()).hasSize(1);
    }

    @Test
    void aResponseWithoutTheExpectedFieldsNamesTheField() {
        endpoint.enqueue(Reply.json("{\"choices\":[]}"));
        assertThat(failure("openai", openAiCall(Map.of()), FAST).getMessage()).isEqualTo("response has no choices[0].message");
    }

    @Test
    void theKeyNeverAppearsInAnErrorEvenWhenTheServerEchoesIt() {
        endpoint.enqueue(Reply.status(401, "{\"error\":\"Incorrect API key provided: " + KEY + "\"}"));
        ModelCallException failure = failure("openai", openAiCall(Map.of()), FAST);
        assertThat(failure.getMessage()).contains("HTTP 401").contains("Incorrect API key provided: ***");
        assertThat(endpoint.requests()).hasSize(1);
    }

    @Test
    void aMissingCredentialIsNamedAndNothingIsSent() {
        ModelCall call = new ModelCall(new ModelRef("openai", endpoint.baseUrl(), "m", Map.of(), "NOT_SET_ANYWHERE"), CONSISTENCY, null);
        assertThat(failure("openai", call, FAST).getMessage())
                .isEqualTo("credential 'NOT_SET_ANYWHERE' is not configured (no environment variable or configuration property of that name)");
        assertThat(endpoint.requests()).isEmpty();
    }

    @Test
    void anUnknownProviderIsNamedWithTheKnownOnes() {
        assertThatThrownBy(() -> ModelClients.create("gemini", CREDENTIALS, FAST))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown model provider 'gemini'; known providers: openai, openai-responses, anthropic, sim");
        assertThat(ModelClients.create("sim", CREDENTIALS, FAST)).isInstanceOf(SimulatedReasoningModel.class);
    }

    @Test
    void concurrencyPerEndpointIsBounded() {
        endpoint.otherwise(request -> Reply.json(FakeEndpoint.openAi(null, "Answer: (A)", 1, 1, 0)).after(Duration.ofMillis(100)));
        ReasoningModel model = ModelClients.create("openai", CREDENTIALS, FAST.withMaxConcurrency(3));
        List<CompletableFuture<Completion>> replies = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            replies.add(model.complete(openAiCall(Map.of())).toCompletableFuture());
        }
        replies.forEach(CompletableFuture::join);
        assertThat(endpoint.maxInFlight()).isEqualTo(3);
        assertThat(endpoint.requests()).hasSize(12);
    }

    @Test
    void requestsPerMinuteSpacesTheStarts() {
        ReasoningModel model = ModelClients.create("openai", CREDENTIALS, FAST.withRequestsPerMinute(600));
        long before = System.nanoTime();
        List<CompletableFuture<Completion>> replies = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            replies.add(model.complete(openAiCall(Map.of())).toCompletableFuture());
        }
        replies.forEach(CompletableFuture::join);
        List<FakeEndpoint.Request> requests = endpoint.requests();
        assertThat(requests).hasSize(5);
        for (int i = 0; i < requests.size(); i++) {
            // 600 per minute: the k-th start is at least k x 100 ms after the first call was made, so it cannot arrive
            // earlier. (Gaps between arrivals are not compared: the network may delay one arrival and not the next.)
            assertThat(Duration.ofNanos(requests.get(i).atNanos() - before)).isGreaterThanOrEqualTo(Duration.ofMillis(100L * i));
        }
    }

    @Test
    void anOpenCircuitSendsNothingUntilAProbeSucceedsAndWaitingCallsKeepTheirRetries() throws Exception {
        List<CircuitState> states = new CopyOnWriteArrayList<>();
        ClientObserver observer = new ClientObserver() {
            @Override
            public void circuitChanged(String endpoint, CircuitState state) {
                states.add(state);
            }
        };
        ClientSettings settings = FAST.withMaxConcurrency(2).withRetries(3, Duration.ofMillis(10), Duration.ofMillis(20))
                .withCircuit(2, Duration.ofMillis(400));
        GuardedModel model = (GuardedModel) ModelClients.create("openai", CREDENTIALS, settings, observer);
        endpoint.otherwise(request -> Reply.status(503, "down"));

        List<CompletableFuture<Completion>> replies = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            replies.add(model.complete(openAiCall(Map.of())).toCompletableFuture());
        }
        Thread.sleep(1000);
        // Down for a second: two failures open the circuit, then one probe per 400 ms; six calls with four attempts
        // each would have sent 24 requests without the circuit.
        int whileDown = endpoint.requests().size();
        assertThat(whileDown).isBetween(2, 6);
        assertThat(model.circuit(endpoint.baseUrl())).isIn(CircuitState.OPEN, CircuitState.HALF_OPEN);

        endpoint.otherwise(request -> Reply.json(FakeEndpoint.openAi(null, "Answer: (A)", 1, 1, 0)));
        replies.forEach(CompletableFuture::join);
        assertThat(states).startsWith(CircuitState.OPEN, CircuitState.HALF_OPEN).endsWith(CircuitState.CLOSED);
        assertThat(model.circuit(endpoint.baseUrl())).isEqualTo(CircuitState.CLOSED);
        assertThat(replies).allSatisfy(r -> assertThat(r.join().attempts()).isBetween(1, 4));
    }
}
