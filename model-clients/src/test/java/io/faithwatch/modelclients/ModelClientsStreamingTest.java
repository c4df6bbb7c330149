package io.faithwatch.modelclients;

import static io.faithwatch.modelclients.FakeEndpoint.data;
import static io.faithwatch.modelclients.FakeEndpoint.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.faithwatch.events.ModelRef;
import io.faithwatch.events.TokenUsage;
import io.faithwatch.modelclients.FakeEndpoint.Chunk;
import io.faithwatch.modelclients.FakeEndpoint.Reply;

/**
 * Streamed replies (server-sent events) of both formats, scripted event by event as the providers document them, sent
 * in chunks with pauses; the idle and total timeouts; streams that end early or carry an error; {@code stream=false}.
 */
class ModelClientsStreamingTest {
    static final Duration PAUSE = Duration.ofMillis(20);

    final FakeEndpoint endpoint = FakeEndpoint.start();

    @AfterEach
    void stop() {
        endpoint.close();
    }

    ModelCall openAiCall(Map<String, Object> parameters) {
        return new ModelCall(new ModelRef("openai", endpoint.baseUrl(), "deepseek-r1", parameters, "TEST_KEY"), ModelClientsWireTest.CONSISTENCY,
                null);
    }

    ModelCall anthropicCall(Map<String, Object> parameters) {
        return new ModelCall(new ModelRef("anthropic", endpoint.rootUrl(), "claude-3-7-sonnet", parameters, "TEST_KEY"),
                ModelClientsWireTest.CONSISTENCY, null);
    }

    static Completion call(String provider, ModelCall call, ClientSettings settings) {
        return ModelClients.create(provider, ModelClientsWireTest.CREDENTIALS, settings).complete(call).toCompletableFuture().join();
    }

    static ModelCallException failure(String provider, ModelCall call, ClientSettings settings) {
        CompletableFuture<Completion> reply = ModelClients.create(provider, ModelClientsWireTest.CREDENTIALS, settings).complete(call)
                .toCompletableFuture();
        try {
            reply.join();
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(ModelCallException.class);
            assertThat(e.getCause().getMessage()).doesNotContain(ModelClientsWireTest.KEY);
            return (ModelCallException) e.getCause();
        }
        throw new AssertionError("the call succeeded: " + reply.join());
    }

    /** An OpenAI chunk of choice 0 with this delta. */
    static String chunk(String delta) {
        return data("{\"id\":\"chatcmpl-7\",\"object\":\"chat.completion.chunk\",\"created\":1738000000,\"model\":\"deepseek-reasoner\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":null}]}");
    }

    static final String ROLE = chunk("{\"role\":\"assistant\",\"content\":\"\"}");
    static final String FINISH = data("{\"id\":\"chatcmpl-7\",\"object\":\"chat.completion.chunk\",\"model\":\"deepseek-reasoner\","
            + "\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}]}");
    static final String DONE = data("[DONE]");

    static String usage(int prompt, int completion, int reasoning) {
        return data("{\"id\":\"chatcmpl-7\",\"object\":\"chat.completion.chunk\",\"model\":\"deepseek-reasoner\",\"choices\":[],"
                + "\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion + ",\"total_tokens\":" + (prompt + completion)
                + ",\"completion_tokens_details\":{\"reasoning_tokens\":" + reasoning + "}}}");
    }

    static List<Chunk> paused(String... texts) {
        return List.of(texts).stream().map(text -> Chunk.after(PAUSE, text)).toList();
    }

    /** A whole OpenAI stream answering (B), for the attempt after a failed one. */
    static Reply openAiAnswer() {
        return Reply.stream(ROLE, chunk("{\"reasoning_content\":\"Second try.\"}"), chunk("{\"content\":\"Answer: (B)\"}"), FINISH,
                usage(10, 20, 5), DONE);
    }

    static final String MESSAGE_START = event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_01\",\"type\":\"message\","
            + "\"role\":\"assistant\",\"content\":[],\"model\":\"claude-3-7-sonnet-20250219\",\"stop_reason\":null,\"stop_sequence\":null,"
            + "\"usage\":{\"input_tokens\":210,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":1}}}");
    static final String PING = event("ping", "{\"type\": \"ping\"}");

    static String blockStart(int index, String block) {
        return event("content_block_start", "{\"type\":\"content_block_start\",\"index\":" + index + ",\"content_block\":" + block + "}");
    }

    static String delta(int index, String delta) {
        return event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":" + index + ",\"delta\":" + delta + "}");
    }

    static String blockStop(int index) {
        return event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index + "}");
    }

    static String messageEnd(int outputTokens) {
        return event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
                + "\"usage\":{\"output_tokens\":" + outputTokens + "}}") + event("message_stop", "{\"type\":\"message_stop\"}");
    }

    static Reply anthropicAnswer() {
        return Reply.stream(MESSAGE_START, blockStart(0, "{\"type\":\"text\",\"text\":\"\"}"), delta(0, "{\"type\":\"text_delta\",\"text\":\"Answer: (B)\"}"),
                blockStop(0), messageEnd(30));
    }

    @Test
    void openAiReasoningContentDeltasWithTheUsageInTheLastChunk() {
        endpoint.enqueue(Reply.stream(paused(ROLE, chunk("{\"content\":null,\"reasoning_content\":\"The user said C; \"}"), ": keep-alive\n\n",
                chunk("{\"content\":null,\"reasoning_content\":\"checking.\"}"), chunk("{\"content\":\"Answer: \",\"reasoning_content\":null}"),
                chunk("{\"content\":\"(C)\",\"reasoning_content\":null}"), FINISH, usage(120, 900, 850), DONE)));
        Completion reply = call("openai", openAiCall(Map.of("temperature", 0.6, "max_tokens", 4096)), ModelClientsWireTest.FAST);

        assertThat(reply.reasoning()).isEqualTo("The user said C; checking.");
        assertThat(reply.text()).isEqualTo("Answer: (C)");
        assertThat(reply.reasoningRedacted()).isFalse();
        assertThat(reply.tokens()).isEqualTo(new TokenUsage(120, 900, 850));
        assertThat(reply.attempts()).isEqualTo(1);
        JsonNode body = endpoint.requests().get(0).json();
        assertThat(body.path("stream").isBoolean()).isTrue();
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(body.path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.6);
        assertThat(body.path("max_tokens").asInt()).isEqualTo(4096);
    }

    @Test
    void openAiReasoningDeltasAndAnEventSplitAcrossChunks() {
        String reasoning = chunk("{\"reasoning\":\"so it is B.\"}");
        int cut = reasoning.length() / 2;
        endpoint.enqueue(Reply.stream(List.of(Chunk.of(ROLE), Chunk.after(PAUSE, chunk("{\"reasoning\":\"Newer vLLM puts it here, \"}")),
                Chunk.after(PAUSE, reasoning.substring(0, cut)), Chunk.after(PAUSE, reasoning.substring(cut)),
                Chunk.after(PAUSE, chunk("{\"content\":\"the answer is B\"}") + FINISH + usage(10, 20, 0) + DONE))));
        Completion reply = call("openai", openAiCall(Map.of()), ModelClientsWireTest.FAST);

        assertThat(reply.reasoning()).isEqualTo("Newer vLLM puts it here, so it is B.");
        assertThat(reply.text()).isEqualTo("the answer is B");
        assertThat(reply.tokens()).isEqualTo(new TokenUsage(10, 20, 0));
    }

    @Test
    void openAiThinkTagsSplitAcrossChunksAreReadAsInAWholeReply() {
        endpoint.enqueue(Reply.stream(paused(ROLE, chunk("{\"content\":\"<th\"}"), chunk("{\"content\":\"ink>\\nOption A is wrong.\\n</thi\"}"),
                chunk("{\"content\":\"nk>\\n\\nAnswer: (D)\"}"), FINISH, DONE)),
                Reply.stream(paused(ROLE, chunk("{\"content\":\"The template sent the opening tag.</\"}"), chunk("{\"content\":\"think>Answer: (B)\"}"),
                        FINISH, DONE)));
        Completion withTags = call("openai", openAiCall(Map.of()), ModelClientsWireTest.FAST);
        assertThat(withTags.reasoning()).isEqualTo("Option A is wrong.");
        assertThat(withTags.text()).isEqualTo("Answer: (D)");
        assertThat(withTags.tokens()).as("no usage chunk: no counts, not an estimate").isEqualTo(new TokenUsage(0, 0, 0));

        Completion noOpeningTag = call("openai", openAiCall(Map.of()), ModelClientsWireTest.FAST);
        assertThat(noOpeningTag.reasoning()).isEqualTo("The template sent the opening tag.");
        assertThat(noOpeningTag.text()).isEqualTo("Answer: (B)");
    }

    @Test
    void anOpenAiErrorObjectInTheStreamIsRetriedUnlessItIsARefusal() {
        endpoint.enqueue(Reply.stream(ROLE, chunk("{\"reasoning_content\":\"Let me\"}"),
                data("{\"error\":{\"code\":\"server_error\",\"message\":\"Provider disconnected\"}}")), openAiAnswer());
        Completion reply = call("openai", openAiCall(Map.of()), ModelClientsWireTest.FAST);
        assertThat(reply.attempts()).isEqualTo(2);
        assertThat(reply.reasoning()).isEqualTo("Second try.");
        assertThat(reply.text()).isEqualTo("Answer: (B)");

        endpoint.enqueue(Reply.stream(ROLE, data("{\"error\":{\"message\":\"maximum context length exceeded\",\"type\":\"invalid_request_error\","
                + "\"param\":null,\"code\":400}}")));
        ModelCallException refused = failure("openai", openAiCall(Map.of()), ModelClientsWireTest.FAST);
        assertThat(refused.getMessage()).isEqualTo("stream of POST " + endpoint.baseUrl()
                + "/chat/completions: error event invalid_request_error (400): maximum context length exceeded");
        assertThat(refused.reason()).isEqualTo("stream_error");
        assertThat(refused.attempts()).isEqualTo(1);
        assertThat(endpoint.requests()).hasSize(3);
    }

    @Test
    void anEventThatIsNotJsonIsABadResponseAndIsNotRetried() {
        endpoint.enqueue(Reply.stream(ROLE, data("<html>upstream proxy error</html>")));
        ModelCallException failure = failure("openai", openAiCall(Map.of()), ModelClientsWireTest.FAST);
        assertThat(failure.getMessage()).isEqualTo("stream of POST " + endpoint.baseUrl()
                + "/chat/completions: event 'message' is not a JSON object: <html>upstream proxy error</html>");
        assertThat(failure.reason()).isEqualTo("bad_response");
        assertThat(endpoint.requests()).hasSize(1);
    }

    @Test
    void anthropicThinkingSignatureAndTextDeltasWithPingsAndTheUsageOfStartAndDelta() {
        String stop = blockStop(0);
        endpoint.enqueue(Reply.stream(List.of(Chunk.of(MESSAGE_START),
                Chunk.after(PAUSE, blockStart(0, "{\"type\":\"thinking\",\"thinking\":\"\"}") + PING),
                Chunk.after(PAUSE, delta(0, "{\"type\":\"thinking_delta\",\"thinking\":\"The previous answer was C. \"}")),
                Chunk.after(PAUSE, delta(0, "{\"type\":\"thinking_delta\",\"thinking\":\"Let me check it.\"}")),
                Chunk.after(PAUSE, delta(0, "{\"type\":\"signature_delta\",\"signature\":\"EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds\"}")),
                Chunk.after(PAUSE, stop.substring(0, 30)), Chunk.after(PAUSE, stop.substring(30) + PING),
                Chunk.after(PAUSE, blockStart(1, "{\"type\":\"text\",\"text\":\"\"}")),
                Chunk.after(PAUSE, delta(1, "{\"type\":\"text_delta\",\"text\":\"Answer: \"}") + delta(1, "{\"type\":\"text_delta\",\"text\":\"(C)\"}")),
                Chunk.after(PAUSE, blockStop(1)), Chunk.after(PAUSE, messageEnd(1320)))));
        Completion reply = call("anthropic", anthropicCall(Map.of("budget_tokens", 2048)), ModelClientsWireTest.FAST);

        assertThat(reply.reasoning()).isEqualTo("The previous answer was C. Let me check it.");
        assertThat(reply.reasoningRedacted()).isFalse();
        assertThat(reply.text()).isEqualTo("Answer: (C)");
        assertThat(reply.tokens()).isEqualTo(new TokenUsage(210, 1320, 0));
        JsonNode body = endpoint.requests().get(0).json();
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(body.has("stream_options")).isFalse();
        assertThat(body.path("thinking").path("budget_tokens").asInt()).isEqualTo(2048);
    }

    @Test
    void anthropicRedactedThinkingInAStreamWithCrLfLines() {
        String events = MESSAGE_START + blockStart(0, "{\"type\":\"redacted_thinking\",\"data\":\"EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIw\"}")
                + blockStop(0) + blockStart(1, "{\"type\":\"text\",\"text\":\"\"}") + delta(1, "{\"type\":\"text_delta\",\"text\":\"Answer: (B)\"}")
                + blockStop(1) + messageEnd(700);
        endpoint.enqueue(Reply.stream(events.replace("\n", "\r\n")));
        Completion reply = call("anthropic", anthropicCall(Map.of()), ModelClientsWireTest.FAST);
        assertThat(reply.reasoningRedacted()).isTrue();
        assertThat(reply.reasoning()).isEmpty();
        assertThat(reply.text()).isEqualTo("Answer: (B)");
        assertThat(reply.tokens()).isEqualTo(new TokenUsage(210, 700, 0));
    }

    @Test
    void anAnthropicOverloadedErrorEventIsRetriedAndAnInvalidRequestIsNot() {
        endpoint.enqueue(Reply.stream(MESSAGE_START, PING,
                event("error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}")), anthropicAnswer());
        Completion reply = call("anthropic", anthropicCall(Map.of()), ModelClientsWireTest.FAST);
        assertThat(reply.attempts()).isEqualTo(2);
        assertThat(reply.text()).isEqualTo("Answer: (B)");
        assertThat(reply.tokens()).isEqualTo(new TokenUsage(210, 30, 0));

        endpoint.enqueue(Reply.stream(MESSAGE_START,
                event("error", "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"prompt is too long\"}}")));
        ModelCallException refused = failure("anthropic", anthropicCall(Map.of()), ModelClientsWireTest.FAST);
        assertThat(refused.getMessage()).isEqualTo("stream of POST " + endpoint.rootUrl() + "/v1/messages: error event invalid_request_error: "
                + "prompt is too long");
        assertThat(refused.retryable()).isFalse();
        assertThat(refused.attempts()).isEqualTo(1);
    }

    @Test
    void streamFalseSendsAWholeRequestAndReadsTheWholeReply() {
        endpoint.otherwise(request -> Reply.json(FakeEndpoint.openAi("reasoning_content", "Whole.", "Answer: (A)", 7, 8, 3)));
        for (Object off : List.of(false, "false", " FALSE ")) {
            Completion reply = call("openai", openAiCall(Map.of("stream", off, "temperature", 0.6)), ModelClientsWireTest.FAST);
            assertThat(reply.reasoning()).isEqualTo("Whole.");
            assertThat(reply.text()).isEqualTo("Answer: (A)");
            assertThat(reply.tokens()).isEqualTo(new TokenUsage(7, 8, 3));
        }
        assertThat(endpoint.requests()).hasSize(3).allSatisfy(request -> {
            JsonNode body = request.json();
            assertThat(body.has("stream")).as(request.body()).isFalse();
            assertThat(body.has("stream_options")).as(request.body()).isFalse();
            assertThat(body.path("temperature").asDouble()).isEqualTo(0.6);
        });

        endpoint.otherwise(request -> Reply.json("""
                {"id":"msg_03","type":"message","role":"assistant","content":[{"type":"thinking","thinking":"Whole.","signature":"sig"},
                 {"type":"text","text":"Answer: (D)"}],"usage":{"input_tokens":5,"output_tokens":9}}"""));
        Completion anthropic = call("anthropic", anthropicCall(Map.of("stream", "false")), ModelClientsWireTest.FAST);
        assertThat(anthropic.text()).isEqualTo("Answer: (D)");
        assertThat(anthropic.tokens()).isEqualTo(new TokenUsage(5, 9, 0));
        assertThat(endpoint.requests().get(3).json().has("stream")).isFalse();
        assertThat(endpoint.streamedReplies()).isZero();

        endpoint.enqueue(openAiAnswer());
        assertThat(call("openai", openAiCall(Map.of("stream", true)), ModelClientsWireTest.FAST).text()).isEqualTo("Answer: (B)");
        assertThat(endpoint.requests().get(4).json().path("stream").asBoolean()).isTrue();
    }

    @Test
    void aStreamValueThatIsNeitherTrueNorFalseIsRefusedAndNothingIsSent() {
        ModelCallException failure = failure("openai", openAiCall(Map.of("stream", "yes")), ModelClientsWireTest.FAST);
        assertThat(failure.getMessage()).isEqualTo("model.parameters.stream: must be true or false, was 'yes'");
        assertThat(failure.reason()).isEqualTo("bad_request");
        assertThat(endpoint.requests()).isEmpty();
    }

    @Test
    void aServerThatIgnoresStreamIsReadWhole() {
        String whole = FakeEndpoint.openAi("reasoning_content", "Not streamed.", "Answer: (C)", 3, 4, 0);
        endpoint.enqueue(new Reply(200, Map.of("Content-Type", "application/json"), "", Duration.ZERO,
                List.of(Chunk.of(whole.substring(0, 40)), Chunk.after(PAUSE, whole.substring(40)))));
        Completion reply = call("openai", openAiCall(Map.of()), ModelClientsWireTest.FAST);
        assertThat(reply.reasoning()).isEqualTo("Not streamed.");
        assertThat(reply.text()).isEqualTo("Answer: (C)");
    }

    @Test
    void aStreamThatStopsSendingFailsWithTheIdleTimeoutAndIsRetried() {
        endpoint.otherwise(request -> Reply.stream(List.of(Chunk.of(ROLE), Chunk.of(chunk("{\"reasoning_content\":\"Hmm\"}")),
                Chunk.after(Duration.ofSeconds(60), DONE))));
        ClientSettings settings = ModelClientsWireTest.FAST.withIdleTimeout(Duration.ofMillis(300))
                .withRetries(1, Duration.ofMillis(10), Duration.ofMillis(10));
        ModelCallException failure = failure("openai", openAiCall(Map.of()), settings);
        // The total timeout is 10 s: an idle_timeout can only come from the watchdog of bytes.
        assertThat(failure.reason()).isEqualTo("idle_timeout");
        assertThat(failure.retryable()).isTrue();
        assertThat(failure.getMessage()).isEqualTo("POST " + endpoint.baseUrl() + "/chat/completions sent nothing for 0.3 s (idle timeout) (after 2 attempts)");
        assertThat(endpoint.requests()).hasSize(2);
    }

    @Test
    void aServerThatSendsNoHeadersWithinTheIdleTimeoutFailsTheSameWay() {
        endpoint.otherwise(request -> anthropicAnswer().after(Duration.ofSeconds(60)));
        ClientSettings settings = ModelClientsWireTest.FAST.withIdleTimeout(Duration.ofMillis(300)).withRetries(0, Duration.ofMillis(10),
                Duration.ofMillis(10));
        ModelCallException failure = failure("anthropic", anthropicCall(Map.of()), settings);
        assertThat(failure.reason()).isEqualTo("idle_timeout");
        assertThat(failure.getMessage()).isEqualTo("POST " + endpoint.rootUrl() + "/v1/messages sent nothing for 0.3 s (idle timeout)");
    }

    @Test
    void keepAlivesAndPingsLongerThanTheIdleTimeoutKeepAStreamAlive() {
        // Pings every 100 ms for 2.5 s against an idle timeout of 1 s: ten times the gap, five times the idle timeout.
        List<Chunk> openAi = new ArrayList<>(List.of(Chunk.of(ROLE)));
        List<Chunk> anthropic = new ArrayList<>(List.of(Chunk.of(MESSAGE_START)));
        for (int i = 0; i < 25; i++) {
            openAi.add(Chunk.after(Duration.ofMillis(100), ": keep-alive\n\n"));
            anthropic.add(Chunk.after(Duration.ofMillis(100), PING));
        }
        openAiAnswer().chunks().stream().skip(1).forEach(openAi::add);
        anthropicAnswer().chunks().stream().skip(1).forEach(anthropic::add);
        endpoint.enqueue(Reply.stream(openAi), Reply.stream(anthropic));
        ClientSettings settings = ModelClientsWireTest.FAST.withIdleTimeout(Duration.ofSeconds(1));

        Completion first = call("openai", openAiCall(Map.of()), settings);
        assertThat(first.text()).isEqualTo("Answer: (B)");
        assertThat(first.attempts()).isEqualTo(1);
        Completion second = call("anthropic", anthropicCall(Map.of()), settings);
        assertThat(second.text()).isEqualTo("Answer: (B)");
        assertThat(second.attempts()).isEqualTo(1);
    }

    @Test
    void aStreamThatEndsWithoutItsLastEventIsRetriedNeverShortened() {
        Reply cut = Reply.stream(ROLE, chunk("{\"reasoning_content\":\"The user said C\"}"), chunk("{\"content\":\"Answer: (C\"}"));
        endpoint.enqueue(cut, openAiAnswer());
        Completion reply = call("openai", openAiCall(Map.of()), ModelClientsWireTest.FAST);
        assertThat(reply.attempts()).isEqualTo(2);
        assertThat(reply.text()).isEqualTo("Answer: (B)");

        endpoint.enqueue(cut);
        ModelCallException failure = failure("openai", openAiCall(Map.of()),
                ModelClientsWireTest.FAST.withRetries(0, Duration.ofMillis(10), Duration.ofMillis(10)));
        assertThat(failure.getMessage()).isEqualTo("stream of POST " + endpoint.baseUrl()
                + "/chat/completions ended after 3 events without its last event (data: [DONE])");
        assertThat(failure.reason()).isEqualTo("incomplete_stream");
        assertThat(failure.retryable()).isTrue();

        endpoint.enqueue(Reply.stream(MESSAGE_START, blockStart(0, "{\"type\":\"text\",\"text\":\"\"}")), anthropicAnswer());
        Completion anthropic = call("anthropic", anthropicCall(Map.of()), ModelClientsWireTest.FAST);
        assertThat(anthropic.attempts()).isEqualTo(2);
        assertThat(anthropic.text()).isEqualTo("Answer: (B)");
    }

    @Test
    void theTotalTimeoutBoundsAStreamThatTricklesForever() {
        List<Chunk> trickle = new ArrayList<>(List.of(Chunk.of(ROLE)));
        trickle.addAll(Collections.nCopies(600, Chunk.after(Duration.ofMillis(100), chunk("{\"reasoning_content\":\"and so on \"}"))));
        endpoint.otherwise(request -> Reply.stream(trickle));
        ClientSettings settings = ModelClientsWireTest.FAST.withRequestTimeout(Duration.ofMillis(1500)).withIdleTimeout(Duration.ofSeconds(1))
                .withRetries(0, Duration.ofMillis(10), Duration.ofMillis(10));
        ModelCallException failure = failure("openai", openAiCall(Map.of()), settings);
        assertThat(failure.reason()).isEqualTo("timeout");
        assertThat(failure.getMessage()).isEqualTo("POST " + endpoint.baseUrl() + "/chat/completions timed out after 1500 ms");
    }
}
