package io.faithwatch.modelclients;

import io.faithwatch.events.ReasoningChannel;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.faithwatch.events.Events;

/**
 * One HTTP request to a provider, no retries (see {@link GuardedModel}). Every failure is a {@link ModelCallException}
 * that says what happened; the API key is scrubbed from anything the server sent back.
 *
 * <p>A call streams (server-sent events) unless its model parameter {@code stream} is false. A streamed reply is read
 * line by line as it arrives, on the HTTP client's threads, and a shared watchdog on the scheduler bounds it: no byte
 * for {@code idleTimeout} or no end within {@code timeout} cancels it and fails the call, retryably. A stream that ends
 * without its last event is a retryable failure, never a shorter reply. A non-2xx status is read whole as before (its
 * body is an error, not events); so is a 2xx body that is not an event stream (a server that ignores {@code stream}).
 *
 * <p>Each format labels the reasoning it reads ({@link ReasoningChannel}); the model parameter {@code reasoning_channel}
 * (raw or summary, checked before anything is sent) relabels readable reasoning on both ways alike.
 */
final class HttpModel implements ReasoningModel {
    private static final int EXCERPT = 300;
    /** Reason of a request whose connection the HTTP client itself closed (see {@link #closedByClient}). */
    static final String CONNECTION_CLOSED = "connection_closed";
    private static final HttpHeaders NO_HEADERS = HttpHeaders.of(Map.of(), (name, value) -> true);

    private final WireFormat format;
    private final HttpClient http;
    private final Credentials credentials;
    private final Duration timeout;
    private final Duration idleTimeout;
    private final ScheduledExecutorService watchdog;

    HttpModel(WireFormat format, HttpClient http, Credentials credentials, Duration timeout, Duration idleTimeout,
            ScheduledExecutorService watchdog) {
        this.format = format;
        this.http = http;
        this.credentials = credentials;
        this.timeout = timeout;
        this.idleTimeout = idleTimeout;
        this.watchdog = watchdog;
    }

    String baseUrl(ModelCall call) {
        String base = call.model().baseUrl() == null || call.model().baseUrl().isBlank() ? format.defaultBaseUrl() : call.model().baseUrl();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    @Override
    public CompletionStage<Completion> complete(ModelCall call) {
        String name = call.model().credentialName();
        String key = null;
        if (name != null && !name.isBlank()) {
            key = credentials.secret(name).orElse(null);
            if (key == null) {
                return CompletableFuture.failedFuture(new ModelCallException("credential '" + name
                        + "' is not configured (no environment variable or configuration property of that name)", "credentials", false, false, null));
            }
        }
        boolean stream;
        ReasoningChannel declared;
        boolean prompted;
        try {
            stream = WireFormat.streamed(call.model());
            declared = WireFormat.declaredChannel(call.model());
            prompted = WireFormat.prompted(call.model());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new ModelCallException(e.getMessage(), "bad_request", false, false, null));
        }
        URI uri;
        HttpRequest.Builder request;
        try {
            uri = format.uri(baseUrl(call));
            request = HttpRequest.newBuilder(uri).timeout(timeout).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Events.mapper().writeValueAsString(format.body(call, stream))));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new ModelCallException("cannot build the request to model.baseUrl '" + call.model().baseUrl()
                    + "': " + e.getMessage(), "bad_request", false, false, null));
        }
        format.headers(key).forEach(request::header);
        if (stream) {
            return new StreamedCall(uri, key).start(request.build()).thenApply(reply -> prompted ? reply.asPrompted() : reply.declaredAs(declared));
        }
        String secret = key;
        long start = System.nanoTime();
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
            long latencyMs = (System.nanoTime() - start) / 1_000_000;
            if (error != null) {
                throw new CompletionException(transportFailure(uri, error));
            }
            Completion reply = readWhole(uri, response.statusCode(), response.headers(), response.body(), latencyMs, secret);
            return prompted ? reply.asPrompted() : reply.declaredAs(declared);
        });
    }

    private Completion readWhole(URI uri, int status, HttpHeaders headers, String received, long latencyMs, String secret) {
        String body = received == null ? "" : received;
        if (status < 200 || status > 299) {
            boolean rateLimited = status == 429;
            boolean down = status >= 500 || status == 408;
            String reason = rateLimited ? "http_429" : status >= 500 ? "http_5xx" : "http_4xx";
            throw new ModelCallException("HTTP " + status + " from POST " + uri + ": " + excerpt(body, secret), reason, rateLimited || down, down,
                    headers.firstValue("Retry-After").map(HttpModel::retryAfter).orElse(null));
        }
        JsonNode json;
        try {
            json = Events.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            throw new ModelCallException("response of POST " + uri + " (HTTP " + status + ") is not a JSON object: " + excerpt(body, secret),
                    "bad_response", false, false, null);
        }
        return format.reply(json, latencyMs);
    }

    /**
     * One streamed request: the lines of its body as they come, and the watchdog's two timers. The reply is delivered at
     * the last event; the timers keep watching until the body ends, so a server that holds the connection open after it
     * is still cut off. The first failure wins: a late error of the HTTP client after a timeout changes nothing.
     */
    private final class StreamedCall implements Flow.Subscriber<String> {
        private final URI uri;
        private final String secret;
        private final CompletableFuture<Completion> result = new CompletableFuture<>();
        private final WireFormat.StreamReader reader = format.streamReader();
        private final ServerSentEvents events = new ServerSentEvents();
        /** A 2xx body that is not an event stream, read whole at its end. */
        private final StringBuilder whole = new StringBuilder();
        private final long start = System.nanoTime();
        private volatile long lastByte = start;
        private volatile int status;
        private volatile boolean eventStream;
        private volatile boolean bodyStarted;
        private volatile boolean closed;
        private volatile Flow.Subscription subscription;
        private volatile CompletableFuture<HttpResponse<String>> exchange;
        private volatile ScheduledFuture<?> idleCheck;
        private volatile ScheduledFuture<?> deadline;
        private int eventsRead;

        StreamedCall(URI uri, String secret) {
            this.uri = uri;
            this.secret = secret;
        }

        CompletableFuture<Completion> start(HttpRequest request) {
            deadline = watchdog.schedule(() -> close(timedOut(uri)), timeout.toNanos(), TimeUnit.NANOSECONDS);
            idleCheck = watchdog.schedule(this::checkIdle, idleTimeout.toNanos(), TimeUnit.NANOSECONDS);
            exchange = http.sendAsync(request, this::subscriber);
            exchange.whenComplete(this::exchanged);
            if (closed) {
                exchange.cancel(true);
            }
            return result;
        }

        private HttpResponse.BodySubscriber<String> subscriber(HttpResponse.ResponseInfo info) {
            lastByte = System.nanoTime();
            status = info.statusCode();
            if (status < 200 || status > 299) {
                return HttpResponse.BodyHandlers.ofString().apply(info);
            }
            eventStream = info.headers().firstValue("Content-Type").map(type -> type.toLowerCase(Locale.ROOT).startsWith("text/event-stream"))
                    .orElse(false);
            return HttpResponse.BodySubscribers.fromLineSubscriber(this, self -> null, StandardCharsets.UTF_8, null);
        }

        /** The end of the exchange: a failure before the body began, or the whole body of an error status. */
        private void exchanged(HttpResponse<String> response, Throwable error) {
            if (error != null) {
                if (!bodyStarted) {
                    close(transportFailure(uri, error));
                }
                return;
            }
            if (status < 200 || status > 299) {
                try {
                    readWhole(uri, status, response.headers(), response.body(), millis(), secret);
                } catch (ModelCallException e) {
                    close(e);
                }
            }
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            bodyStarted = true;
            if (closed) {
                subscription.cancel();
            } else {
                subscription.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(String line) {
            lastByte = System.nanoTime();
            if (result.isDone()) {
                return;
            }
            if (!eventStream) {
                whole.append(line).append('\n');
                return;
            }
            ServerSentEvents.Event event = events.line(line);
            if (event != null) {
                read(event);
            }
        }

        private void read(ServerSentEvents.Event event) {
            eventsRead++;
            try {
                if (reader.event(event)) {
                    result.complete(format.reply(reader.body(), millis()));
                }
            } catch (ModelCallException e) {
                close(new ModelCallException("stream of POST " + uri + ": " + excerpt(e.getMessage(), secret), e.reason(), e.retryable(),
                        e.endpointDown(), e.retryAfter()));
            } catch (RuntimeException e) {
                close(new ModelCallException("stream of POST " + uri + " could not be read: " + e, "bad_response", false, false, null));
            }
        }

        @Override
        public void onError(Throwable error) {
            ended(new ModelCallException("stream of POST " + uri + " broke after " + eventsRead + " events: " + error.getClass().getSimpleName()
                    + (error.getMessage() == null ? "" : " " + error.getMessage()), "incomplete_stream", true, true, null));
        }

        @Override
        public void onComplete() {
            if (!result.isDone()) {
                if (!eventStream) {
                    try {
                        result.complete(readWhole(uri, status, NO_HEADERS, whole.toString(), millis(), secret));
                    } catch (ModelCallException e) {
                        close(e);
                    }
                } else {
                    ServerSentEvents.Event last = events.end();
                    if (last != null) {
                        read(last);
                    }
                }
            }
            ended(new ModelCallException("stream of POST " + uri + " ended after " + eventsRead + " events without its last event ("
                    + reader.lastEvent() + ")", "incomplete_stream", true, true, null));
        }

        private void checkIdle() {
            if (closed) {
                return;
            }
            long left = idleTimeout.toNanos() - (System.nanoTime() - lastByte);
            if (left <= 0) {
                close(new ModelCallException("POST " + uri + " sent nothing for " + seconds(idleTimeout) + " s (idle timeout)", "idle_timeout",
                        true, true, null));
            } else {
                idleCheck = watchdog.schedule(this::checkIdle, left, TimeUnit.NANOSECONDS);
            }
        }

        /** Ends the watch and the exchange; fails the call with {@code failure} unless the reply was already delivered. */
        private void close(ModelCallException failure) {
            if (end()) {
                Flow.Subscription body = subscription;
                if (body != null) {
                    body.cancel();
                }
                CompletableFuture<HttpResponse<String>> sent = exchange;
                if (sent != null) {
                    sent.cancel(true);
                }
                result.completeExceptionally(failure);
            }
        }

        /** Ends the watch of a body that ended by itself: nothing to cancel, so that its connection can be used again. */
        private void ended(ModelCallException failure) {
            if (end()) {
                result.completeExceptionally(failure);
            }
        }

        /** True for the first caller only. */
        private synchronized boolean end() {
            if (closed) {
                return false;
            }
            closed = true;
            ScheduledFuture<?> idle = idleCheck;
            if (idle != null) {
                idle.cancel(false);
            }
            ScheduledFuture<?> total = deadline;
            if (total != null) {
                total.cancel(false);
            }
            return true;
        }

        private long millis() {
            return (System.nanoTime() - start) / 1_000_000;
        }
    }

    private ModelCallException transportFailure(URI uri, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof HttpTimeoutException) {
            return timedOut(uri);
        }
        if (cause instanceof IOException && closedByClient(cause)) {
            return new ModelCallException("POST " + uri + ": the HTTP client closed the connection before the reply (" + cause.getMessage() + ")",
                    CONNECTION_CLOSED, true, false, null);
        }
        if (cause instanceof IOException) {
            return new ModelCallException("could not reach POST " + uri + ": " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : " " + cause.getMessage()), "unreachable", true, true, null);
        }
        return new ModelCallException("POST " + uri + " failed: " + cause, "bad_response", false, false, null);
    }

    /**
     * Whether the JDK's own client closed the connection under a request it had not cancelled. Its HTTP/1.1 pool can close
     * a connection it has just handed out again when the reply comes quickly (JDK-8338569, fixed in JDK 24, not in 17):
     * the request may well have reached the endpoint, which is not down for it. Only our own cancellations close
     * connections otherwise, and they have settled the call before the client reports anything.
     */
    static boolean closedByClient(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if ("connection closed locally".equals(t.getMessage())) {
                return true;
            }
        }
        return false;
    }

    private ModelCallException timedOut(URI uri) {
        return new ModelCallException("POST " + uri + " timed out after " + timeout.toMillis() + " ms", "timeout", true, true, null);
    }

    /** 120 for two minutes, 0.3 for 300 ms. */
    static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString();
    }

    /** A short excerpt of what the server sent, on one line, with the key scrubbed in case the server echoed it. */
    static String excerpt(String body, String secret) {
        String text = body.isBlank() ? "(empty body)" : body.strip().replaceAll("\\s+", " ");
        if (secret != null && !secret.isEmpty()) {
            text = text.replace(secret, "***");
        }
        return text.length() > EXCERPT ? text.substring(0, EXCERPT) + "..." : text;
    }

    /** {@code Retry-After} in seconds or as an HTTP date; null when it is neither. */
    static Duration retryAfter(String value) {
        String v = value.strip();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(Instant.now(), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
