package io.faithwatch.modelclients;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
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
 * A local model API on 127.0.0.1 (a real HTTP server from the JDK) that answers in the providers' real wire formats:
 * queued replies first, then a fallback. Records every request and the most requests it had in flight at once.
 * {@code main} runs it as a separate process for the benchmark: {@code FakeEndpoint <port> <latencyMs> <threads>}.
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

        /** The content of the last message of the request (OpenAI and Anthropic shapes alike). */
        public String lastMessage() {
            JsonNode messages = json().path("messages");
            return messages.path(messages.size() - 1).path("content").asText();
        }
    }

    public record Reply(int status, Map<String, String> headers, String body, Duration delay) {
        public static Reply json(String body) {
            return new Reply(200, Map.of("Content-Type", "application/json"), body, Duration.ZERO);
        }

        public static Reply status(int status, String body) {
            return new Reply(status, Map.of(), body, Duration.ZERO);
        }

        public Reply withHeader(String name, String value) {
            Map<String, String> all = new java.util.HashMap<>(headers);
            all.put(name, value);
            return new Reply(status, all, body, delay);
        }

        public Reply after(Duration delay) {
            return new Reply(status, headers, body, delay);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Deque<Reply> queued = new ArrayDeque<>();
    private volatile Function<Request, Reply> fallback = request -> Reply.json(openAi(null, "Answer: (A)", 10, 5, 0));
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

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
            Reply reply = next(request);
            if (!reply.delay().isZero()) {
                Thread.sleep(reply.delay().toMillis());
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
