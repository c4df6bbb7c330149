package io.faithwatch.modelclients;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.faithwatch.events.Events;

/**
 * One HTTP request to a provider, no retries (see {@link GuardedModel}). Every failure is a {@link ModelCallException}
 * that says what happened; the API key is scrubbed from anything the server sent back.
 */
final class HttpModel implements ReasoningModel {
    private static final int EXCERPT = 300;

    private final WireFormat format;
    private final HttpClient http;
    private final Credentials credentials;
    private final Duration timeout;

    HttpModel(WireFormat format, HttpClient http, Credentials credentials, Duration timeout) {
        this.format = format;
        this.http = http;
        this.credentials = credentials;
        this.timeout = timeout;
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
        URI uri;
        HttpRequest.Builder request;
        try {
            uri = format.uri(baseUrl(call));
            request = HttpRequest.newBuilder(uri).timeout(timeout).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Events.mapper().writeValueAsString(format.body(call))));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new ModelCallException("cannot build the request to model.baseUrl '" + call.model().baseUrl()
                    + "': " + e.getMessage(), "bad_request", false, false, null));
        }
        format.headers(key).forEach(request::header);
        String secret = key;
        long start = System.nanoTime();
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
            long latencyMs = (System.nanoTime() - start) / 1_000_000;
            if (error != null) {
                throw new CompletionException(transportFailure(uri, error));
            }
            return read(uri, response, latencyMs, secret);
        });
    }

    private Completion read(URI uri, HttpResponse<String> response, long latencyMs, String secret) {
        int status = response.statusCode();
        String body = response.body() == null ? "" : response.body();
        if (status < 200 || status > 299) {
            boolean rateLimited = status == 429;
            boolean down = status >= 500 || status == 408;
            String reason = rateLimited ? "http_429" : status >= 500 ? "http_5xx" : "http_4xx";
            throw new ModelCallException("HTTP " + status + " from POST " + uri + ": " + excerpt(body, secret), reason, rateLimited || down, down,
                    response.headers().firstValue("Retry-After").map(HttpModel::retryAfter).orElse(null));
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

    private ModelCallException transportFailure(URI uri, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof HttpTimeoutException) {
            return new ModelCallException("POST " + uri + " timed out after " + timeout.toMillis() + " ms", "timeout", true, true, null);
        }
        if (cause instanceof IOException) {
            return new ModelCallException("could not reach POST " + uri + ": " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : " " + cause.getMessage()), "unreachable", true, true, null);
        }
        return new ModelCallException("POST " + uri + " failed: " + cause, "bad_response", false, false, null);
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
