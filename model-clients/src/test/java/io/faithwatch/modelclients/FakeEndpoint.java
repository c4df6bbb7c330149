package io.faithwatch.modelclients;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.faithwatch.events.Events;

/**
 * A local model API on 127.0.0.1 (a real HTTP server from the JDK) that answers in the providers' real wire formats:
 * queued replies first, then a fallback. Records every request and the most requests it had in flight at once.
 * {@code main} runs it as a separate process for the benchmark: {@code FakeEndpoint <port> <latencyMs> <threads>}.
 *
 * <p>Streaming: a request with {@code "stream": true} answered by a whole 200 JSON reply ({@link Reply#json}) gets it
 * as the provider would stream it ({@link #openAiStream}, {@link #anthropicStream}, {@link #responsesStream}): headers
 * at once, the reply's delay spent streaming (an empty delta or a {@code ping} every second, as a model that is
 * thinking; the Responses API documents no such event, so its delay passes in silence after {@code response.created}),
 * then the reply in pieces. A body that is not such a reply (a truncated one) is sent as it is. {@link Reply#stream}
 * sends scripted server-sent events, chunk by chunk with pauses, for the cases a whole reply cannot express.
 */
public final class FakeEndpoint implements AutoCloseable {
    public record Request(String path, Map<String, List<String>> headers, String body, long atNanos) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().get(0)).orElse(null);
        }

        public JsonNode json() {
            try {
                return Events.mapper().readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The content of the last message of the request (chat completions, Anthropic and Responses API shapes alike). */
        public String lastMessage() {
            JsonNode messages = json().has("input") ? json().path("input") : json().path("messages");
            return messages.path(messages.size() - 1).path("content").asText();
        }
    }

    /**
     * A reply: whole ({@code chunks} null) or streamed, each chunk written and flushed after its pause, the body ending
     * after the last chunk (end it without the provider's last event to cut a stream short).
     */
    public record Reply(int status, Map<String, String> headers, String body, Duration delay, List<Chunk> chunks) {
        public Reply(int status, Map<String, String> headers, String body, Duration delay) {
            this(status, headers, body, delay, null);
        }

        public static Reply json(String body) {
            return new Reply(200, Map.of("Content-Type", "application/json"), body, Duration.ZERO);
        }

        public static Reply status(int status, String body) {
            return new Reply(status, Map.of(), body, Duration.ZERO);
        }

        /** Server-sent events, as written by {@link #data} and {@link #event}, chunk by chunk. */
        public static Reply stream(List<Chunk> chunks) {
            return new Reply(200, Map.of("Content-Type", "text/event-stream; charset=utf-8"), "", Duration.ZERO, List.copyOf(chunks));
        }

        public static Reply stream(String... chunks) {
            return stream(Stream.of(chunks).map(Chunk::of).toList());
        }

        public Reply withHeader(String name, String value) {
            Map<String, String> all = new java.util.HashMap<>(headers);
            all.put(name, value);
            return new Reply(status, all, body, delay, chunks);
        }

        public Reply after(Duration delay) {
            return new Reply(status, headers, body, delay, chunks);
        }
    }

    /** Text written to a streamed body after a pause. */
    public record Chunk(Duration pause, String text) {
        public static Chunk of(String text) {
            return new Chunk(Duration.ZERO, text);
        }

        public static Chunk after(Duration pause, String text) {
            return new Chunk(pause, text);
        }
    }

    /** How often a streamed reply that is thinking sends something. */
    private static final Duration PULSE = Duration.ofSeconds(1);

    private final HttpServer server;
    private final ExecutorService executor;
    private final Deque<Reply> queued = new ArrayDeque<>();
    private volatile Function<Request, Reply> fallback = request -> Reply.json(openAi(null, "Answer: (A)", 10, 5, 0));
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger streamed = new AtomicInteger();

    private FakeEndpoint(int port, int threads) throws IOException {
        // Without TCP_NODELAY the headers and body of a reply wait on Nagle and delayed ACKs: ~40 ms on every request.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        executor = threads > 0 ? Executors.newFixedThreadPool(threads) : Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeEndpoint start() {
        try {
            return new FakeEndpoint(0, 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The OpenAI-style base URL ({@code .../v1}). */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** The Anthropic-style base URL (the API adds {@code /v1/messages}). */
    public String rootUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public synchronized FakeEndpoint enqueue(Reply... replies) {
        queued.addAll(List.of(replies));
        return this;
    }

    public FakeEndpoint otherwise(Function<Request, Reply> reply) {
        this.fallback = reply;
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    /** Replies sent chunk by chunk: the scripted streams and the whole replies converted into events. */
    public int streamedReplies() {
        return streamed.get();
    }

    private synchronized Reply next(Request request) {
        Reply reply = queued.poll();
        return reply != null ? reply : fallback.apply(request);
    }

    private void handle(HttpExchange exchange) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try (exchange; InputStream in = exchange.getRequestBody()) {
            Request request = new Request(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()),
                    new String(in.readAllBytes(), StandardCharsets.UTF_8), System.nanoTime());
            requests.add(request);
            Reply reply = streamed(request, next(request));
            if (!reply.delay().isZero()) {
                Thread.sleep(reply.delay().toMillis());
            }
            if (reply.chunks() != null) {
                streamed.incrementAndGet();
                send(exchange, reply);
                return;
            }
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client gave up (a timeout test); nothing to answer
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException, InterruptedException {
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.sendResponseHeaders(reply.status(), 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (Chunk chunk : reply.chunks()) {
                if (!chunk.pause().isZero()) {
                    Thread.sleep(chunk.pause().toMillis());
                }
                out.write(chunk.text().getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }
    }

    /** A whole 200 reply to a request that asked for a stream, as its provider streams it; any other reply as it is. */
    private static Reply streamed(Request request, Reply reply) {
        if (reply.chunks() != null || reply.status() != 200 || !asksForStream(request)) {
            return reply;
        }
        JsonNode whole;
        try {
            whole = Events.mapper().readTree(reply.body());
        } catch (IOException notJson) {
            return reply;
        }
        boolean anthropic = whole != null && whole.path("content").isArray();
        boolean responses = whole != null && whole.path("object").asText().equals("response");
        if (whole == null || !anthropic && !responses && !whole.path("choices").path(0).path("message").isObject()) {
            return reply;
        }
        List<String> events = anthropic ? anthropicStream(reply.body(), 3) : responses ? responsesStream(reply.body(), 3) : openAiStream(reply.body(), 3);
        List<Chunk> chunks = new ArrayList<>();
        chunks.add(Chunk.of(events.get(0)));
        String pulse = anthropic ? event("ping", "{\"type\":\"ping\"}") : data("{\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"content\":\"\"},\"finish_reason\":null}]}");
        long pulses = responses ? 0 : reply.delay().toMillis() / PULSE.toMillis();
        for (long i = 0; i < pulses; i++) {
            chunks.add(Chunk.after(PULSE, pulse));
        }
        Duration rest = reply.delay().minus(PULSE.multipliedBy(pulses));
        for (int i = 1; i < events.size(); i++) {
            chunks.add(i == 1 ? Chunk.after(rest, events.get(i)) : Chunk.of(events.get(i)));
        }
        return Reply.stream(chunks);
    }

    private static boolean asksForStream(Request request) {
        try {
            return request.json().path("stream").asBoolean(false);
        } catch (IllegalStateException notJson) {
            return false;
        }
    }

    /** One server-sent event with only data (OpenAI's chunks). */
    public static String data(String data) {
        return "data: " + data + "\n\n";
    }

    /** One named server-sent event (Anthropic's). */
    public static String event(String name, String data) {
        return "event: " + name + "\n" + data(data);
    }

    /**
     * An OpenAI chat completion as OpenAI-compatible servers stream it with {@code stream_options.include_usage}: a
     * role chunk, the reasoning in {@code pieces} deltas of the same field, the content in {@code pieces} deltas, a
     * finish chunk, a usage chunk without choices, {@code [DONE]}. One event per element. A content given as typed
     * parts is streamed as Mistral streams it: each thinking part in {@code pieces} deltas whose content is a one-part
     * array {@code [{"type":"thinking","thinking":[{"type":"text","text":..}]}]}, then the text parts as text deltas.
     */
    public static List<String> openAiStream(String completion, int pieces) {
        JsonNode whole = parse(completion);
        JsonNode message = whole.path("choices").path(0).path("message");
        List<String> events = new ArrayList<>();
        events.add(data(chunk(whole, delta -> delta.put("role", "assistant").put("content", ""), null)));
        for (String field : List.of("reasoning_content", "reasoning")) {
            if (message.path(field).isTextual()) {
                split(message.path(field).asText(), pieces).forEach(piece -> events.add(data(chunk(whole, delta -> delta.put(field, piece), null))));
            }
        }
        StringBuilder content = new StringBuilder(message.path("content").asText(""));
        for (JsonNode part : message.path("content")) {
            if (part.path("type").asText().equals("thinking")) {
                StringBuilder thinking = new StringBuilder();
                part.path("thinking").forEach(inner -> thinking.append(inner.path("text").asText("")));
                split(thinking.toString(), pieces).forEach(piece -> events.add(data(chunk(whole, delta -> delta.putArray("content").addObject()
                        .put("type", "thinking").putArray("thinking").addObject().put("type", "text").put("text", piece), null))));
            } else if (part.path("type").asText().equals("text")) {
                content.append(part.path("text").asText(""));
            }
        }
        split(content.toString(), pieces).forEach(piece -> events.add(data(chunk(whole, delta -> delta.put("content", piece), null))));
        events.add(data(chunk(whole, delta -> { }, whole.path("choices").path(0).path("finish_reason").asText("stop"))));
        if (whole.path("usage").isObject()) {
            ObjectNode usage = Events.mapper().createObjectNode().put("id", whole.path("id").asText("chatcmpl-1"))
                    .put("object", "chat.completion.chunk").put("model", whole.path("model").asText("test-model"));
            usage.putArray("choices");
            usage.set("usage", whole.get("usage"));
            events.add(data(usage.toString()));
        }
        events.add(data("[DONE]"));
        return events;
    }

    private static String chunk(JsonNode whole, java.util.function.Consumer<ObjectNode> delta, String finishReason) {
        ObjectNode chunk = Events.mapper().createObjectNode().put("id", whole.path("id").asText("chatcmpl-1"))
                .put("object", "chat.completion.chunk").put("model", whole.path("model").asText("test-model"));
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        delta.accept(choice.putObject("delta"));
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return chunk.toString();
    }

    /**
     * An Anthropic message as the Messages API streams it: {@code message_start} with the input usage, each block as
     * {@code content_block_start}, deltas ({@code thinking_delta} in {@code pieces} and a {@code signature_delta},
     * {@code text_delta} in {@code pieces}; a redacted block whole in its start) and {@code content_block_stop}, then
     * {@code message_delta} with the output usage and {@code message_stop}. One event per element.
     */
    public static List<String> anthropicStream(String message, int pieces) {
        JsonNode whole = parse(message);
        ObjectNode start = Events.mapper().createObjectNode().put("type", "message_start");
        ObjectNode opened = start.putObject("message").put("id", whole.path("id").asText("msg_1")).put("type", "message").put("role", "assistant")
                .put("model", whole.path("model").asText("claude-test"));
        opened.putArray("content");
        opened.putNull("stop_reason").putNull("stop_sequence");
        opened.putObject("usage").put("input_tokens", whole.path("usage").path("input_tokens").asInt()).put("output_tokens", 1);
        List<String> events = new ArrayList<>();
        events.add(event("message_start", start.toString()));
        int index = 0;
        for (JsonNode block : whole.path("content")) {
            String type = block.path("type").asText();
            ObjectNode begun = block.deepCopy();
            if (type.equals("thinking")) {
                begun.put("thinking", "").remove("signature");
            } else if (type.equals("text")) {
                begun.put("text", "");
            }
            events.add(event("content_block_start", Events.mapper().createObjectNode().put("type", "content_block_start").put("index", index)
                    .set("content_block", begun).toString()));
            int at = index;
            if (type.equals("thinking")) {
                split(block.path("thinking").asText(), pieces).forEach(piece -> events.add(delta(at, "thinking_delta", "thinking", piece)));
                if (block.hasNonNull("signature")) {
                    events.add(delta(at, "signature_delta", "signature", block.path("signature").asText()));
                }
            } else if (type.equals("text")) {
                split(block.path("text").asText(), pieces).forEach(piece -> events.add(delta(at, "text_delta", "text", piece)));
            }
            events.add(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index + "}"));
            index++;
        }
        ObjectNode end = Events.mapper().createObjectNode().put("type", "message_delta");
        end.putObject("delta").put("stop_reason", whole.path("stop_reason").asText("end_turn")).putNull("stop_sequence");
        end.putObject("usage").put("output_tokens", whole.path("usage").path("output_tokens").asInt());
        events.add(event("message_delta", end.toString()));
        events.add(event("message_stop", "{\"type\":\"message_stop\"}"));
        return events;
    }

    /**
     * A Responses API response as the API streams it: {@code response.created} and {@code response.in_progress} (the
     * response without output or usage), then per output item {@code response.output_item.added} (the item empty); for
     * a reasoning item each summary part as {@code response.reasoning_summary_part.added},
     * {@code response.reasoning_summary_text.delta} in {@code pieces}, {@code .done} and
     * {@code response.reasoning_summary_part.done}; for a message each output_text part as
     * {@code response.content_part.added}, {@code response.output_text.delta} in {@code pieces}, {@code .done} and
     * {@code response.content_part.done}; {@code response.output_item.done} (the whole item); last
     * {@code response.completed} (or {@code response.incomplete} or {@code response.failed}, after the response's
     * status) with the whole response. Every event is named by its type and numbered. One event per element.
     */
    public static List<String> responsesStream(String response, int pieces) {
        JsonNode whole = parse(response);
        List<String> events = new ArrayList<>();
        int[] sequence = {0};
        BiConsumer<String, ObjectNode> emit = (type, fields) -> {
            ObjectNode numbered = Events.mapper().createObjectNode().put("type", type).put("sequence_number", sequence[0]++);
            numbered.setAll(fields);
            events.add(event(type, numbered.toString()));
        };
        ObjectNode started = whole.deepCopy();
        started.put("status", "in_progress").putArray("output");
        started.putNull("usage");
        emit.accept("response.created", Events.mapper().createObjectNode().set("response", started));
        emit.accept("response.in_progress", Events.mapper().createObjectNode().set("response", started));
        int index = 0;
        for (JsonNode item : whole.path("output")) {
            int at = index++;
            String id = item.path("id").asText("item_" + at);
            boolean reasoning = item.path("type").asText().equals("reasoning");
            ObjectNode begun = item.deepCopy();
            if (reasoning) {
                begun.putArray("summary");
            } else if (item.path("type").asText().equals("message")) {
                begun.put("status", "in_progress").putArray("content");
            }
            emit.accept("response.output_item.added", Events.mapper().createObjectNode().put("output_index", at).set("item", begun));
            String field = reasoning ? "summary" : "content";
            String indexField = reasoning ? "summary_index" : "content_index";
            int partIndex = 0;
            for (JsonNode part : item.path(field)) {
                int p = partIndex++;
                boolean text = part.path("type").asText().equals(reasoning ? "summary_text" : "output_text");
                if (!text) {
                    continue;
                }
                ObjectNode empty = ((ObjectNode) part.deepCopy()).put("text", "");
                String prefix = reasoning ? "response.reasoning_summary_" : "response.";
                emit.accept(prefix + (reasoning ? "part" : "content_part") + ".added", located(id, at, indexField, p).set("part", empty));
                for (String piece : split(part.path("text").asText(), pieces)) {
                    emit.accept(prefix + (reasoning ? "text" : "output_text") + ".delta", located(id, at, indexField, p).put("delta", piece));
                }
                emit.accept(prefix + (reasoning ? "text" : "output_text") + ".done", located(id, at, indexField, p).put("text", part.path("text").asText()));
                emit.accept(prefix + (reasoning ? "part" : "content_part") + ".done", located(id, at, indexField, p).set("part", part.deepCopy()));
            }
            emit.accept("response.output_item.done", Events.mapper().createObjectNode().put("output_index", at).set("item", item.deepCopy()));
        }
        String status = whole.path("status").asText("completed");
        String last = status.equals("incomplete") ? "response.incomplete" : status.equals("failed") ? "response.failed" : "response.completed";
        emit.accept(last, Events.mapper().createObjectNode().set("response", whole.deepCopy()));
        return events;
    }

    private static ObjectNode located(String itemId, int outputIndex, String indexField, int index) {
        return Events.mapper().createObjectNode().put("item_id", itemId).put("output_index", outputIndex).put(indexField, index);
    }

    private static String delta(int index, String type, String field, String piece) {
        ObjectNode event = Events.mapper().createObjectNode().put("type", "content_block_delta").put("index", index);
        event.putObject("delta").put("type", type).put(field, piece);
        return event("content_block_delta", event.toString());
    }

    /** {@code text} in {@code pieces} parts of about equal length (fewer for a short text), cut anywhere, even inside a tag. */
    static List<String> split(String text, int pieces) {
        List<String> parts = new ArrayList<>();
        int length = text.codePointCount(0, text.length());
        int from = 0;
        for (int i = 1; i <= pieces && from < text.length(); i++) {
            int to = i == pieces ? text.length() : text.offsetByCodePoints(0, Math.max(length * i / pieces, 0));
            if (to > from) {
                parts.add(text.substring(from, to));
                from = to;
            }
        }
        return parts;
    }

    private static JsonNode parse(String json) {
        try {
            return Events.mapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + json, e);
        }
    }

    /**
     * An OpenAI chat completion; {@code reasoningField} is {@code reasoning_content}, {@code reasoning} or null (then
     * the reasoning, if any, is in the content).
     */
    public static String openAi(String reasoningField, String reasoning, String content, int prompt, int completion, int reasoningTokens) {
        ObjectNode root = Events.mapper().createObjectNode();
        root.put("id", "chatcmpl-1").put("object", "chat.completion").put("model", "test-model");
        ObjectNode message = root.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop").putObject("message");
        message.put("role", "assistant").put("content", content);
        if (reasoningField != null) {
            message.put(reasoningField, reasoning);
        }
        ObjectNode usage = root.putObject("usage").put("prompt_tokens", prompt).put("completion_tokens", completion)
                .put("total_tokens", prompt + completion);
        if (reasoningTokens > 0) {
            usage.putObject("completion_tokens_details").put("reasoning_tokens", reasoningTokens);
        }
        return root.toString();
    }

    public static String openAi(String reasoningField, String content, int prompt, int completion, int reasoningTokens) {
        return openAi(reasoningField, "I think step by step.", content, prompt, completion, reasoningTokens);
    }

    /**
     * A Responses API response: a reasoning item whose summary is {@code summary} (no summary part when null) and a
     * message whose output_text is {@code text}, with the usage the API reports.
     */
    public static String responses(String summary, String text, int input, int output, int reasoningTokens) {
        ObjectNode root = Events.mapper().createObjectNode();
        root.put("id", "resp_1").put("object", "response").put("created_at", 1741476542).put("status", "completed").putNull("error")
                .putNull("incomplete_details").put("model", "o4-mini-2025-04-16");
        ArrayNode out = root.putArray("output");
        ObjectNode reasoning = out.addObject().put("id", "rs_1").put("type", "reasoning");
        ArrayNode parts = reasoning.putArray("summary");
        if (summary != null) {
            parts.addObject().put("type", "summary_text").put("text", summary);
        }
        ObjectNode message = out.addObject().put("id", "msg_1").put("type", "message").put("status", "completed").put("role", "assistant");
        message.putArray("content").addObject().put("type", "output_text").put("text", text).putArray("annotations");
        ObjectNode usage = root.putObject("usage").put("input_tokens", input);
        usage.putObject("input_tokens_details").put("cached_tokens", 0);
        usage.put("output_tokens", output).putObject("output_tokens_details").put("reasoning_tokens", reasoningTokens);
        usage.put("total_tokens", input + output);
        return root.toString();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** A standalone endpoint for the benchmark: every chat completion answers after a fixed latency. */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Duration latency = Duration.ofMillis(Long.parseLong(args[1]));
        FakeEndpoint endpoint = new FakeEndpoint(port, Integer.parseInt(args[2]));
        endpoint.otherwise(request -> Reply.json(openAi("reasoning_content", "Let me think. " + request.lastMessage().length(),
                "Answer: (B)", 150, 400, 380)).after(latency));
        System.out.println("fake endpoint on " + endpoint.baseUrl() + " latency " + latency.toMillis() + " ms");
        Thread.currentThread().join();
    }
}
