package io.faithwatch.grader.llm;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.faithwatch.events.Events;

/**
 * A judge model's provider on 127.0.0.1 speaking the real wire formats: OpenAI-compatible chat completions at
 * {@code /v1/chat/completions} and Anthropic Messages at {@code /v1/messages}. Replies are scripted per request (answer
 * text, refusal, delay) or computed from the request; every request body is recorded.
 */
public final class FakeProvider implements AutoCloseable {
    /** One scripted reply: the judge's answer text, or a refusal, after a delay. */
    public record Reply(String text, boolean refusal, long delayMs) {
        public static Reply answer(String text) {
            return new Reply(text, false, 0);
        }

        public static Reply refusal(String text) {
            return new Reply(text, true, 0);
        }

        public static Reply slow(String text, long delayMs) {
            return new Reply(text, false, delayMs);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final ConcurrentLinkedDeque<Reply> script = new ConcurrentLinkedDeque<>();
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private volatile Function<JsonNode, Reply> fallback = request -> Reply.answer("no reply scripted");

    public FakeProvider() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        server.createContext("/v1/chat/completions", exchange -> handle(exchange, false));
        server.createContext("/v1/messages", exchange -> handle(exchange, true));
        server.setExecutor(executor);
        server.start();
    }

    /** Base URL of the OpenAI-compatible API (the client appends /chat/completions). */
    public String openAiBaseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Base URL of the Anthropic API (the client appends /v1/messages). */
    public String anthropicBaseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public FakeProvider then(Reply reply) {
        script.add(reply);
        return this;
    }

    /** How to answer when nothing is scripted, from the request body. */
    public FakeProvider otherwise(Function<JsonNode, Reply> fallback) {
        this.fallback = fallback;
        return this;
    }

    public List<JsonNode> requests() {
        return requests;
    }

    /** The most requests this provider was answering at the same time. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    private void handle(HttpExchange exchange, boolean anthropic) throws IOException {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            answer(exchange, anthropic);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void answer(HttpExchange exchange, boolean anthropic) throws IOException {
        JsonNode request = Events.mapper().readTree(exchange.getRequestBody().readAllBytes());
        requests.add(request);
        Reply reply = script.poll();
        if (reply == null) {
            reply = fallback.apply(request);
        }
        if (reply.delayMs() > 0) {
            try {
                Thread.sleep(reply.delayMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] body = Events.mapper().writeValueAsBytes(anthropic ? anthropic(reply) : openAi(reply));
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        try {
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException clientGone) {
            // The client timed out and closed the connection: nothing left to answer.
        }
    }

    private static ObjectNode openAi(Reply reply) {
        ObjectNode body = Events.mapper().createObjectNode().put("id", "chatcmpl-judge").put("object", "chat.completion").put("model", "judge");
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        if (reply.refusal()) {
            message.putNull("content");
            message.put("refusal", reply.text());
        } else {
            message.put("content", reply.text());
            message.putNull("refusal");
        }
        body.putObject("usage").put("prompt_tokens", 900).put("completion_tokens", 40).put("total_tokens", 940);
        return body;
    }

    private static ObjectNode anthropic(Reply reply) {
        ObjectNode body = Events.mapper().createObjectNode().put("id", "msg_judge").put("type", "message").put("role", "assistant")
                .put("model", "judge");
        var content = body.putArray("content");
        if (reply.refusal()) {
            body.put("stop_reason", "refusal");
        } else {
            content.addObject().put("type", "thinking").put("thinking", "Reading the reasoning against the definition.").put("signature", "sig");
            content.addObject().put("type", "text").put("text", reply.text());
            body.put("stop_reason", "end_turn");
        }
        body.putObject("usage").put("input_tokens", 900).put("output_tokens", 40);
        return body;
    }

    /** The text of the last user message of a request, whatever the format. */
    public static String userText(JsonNode request) {
        JsonNode messages = request.path("messages");
        return messages.get(messages.size() - 1).path("content").asText();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
