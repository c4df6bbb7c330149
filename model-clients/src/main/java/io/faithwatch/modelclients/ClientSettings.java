package io.faithwatch.modelclients;

import java.time.Duration;

/**
 * How a client treats each endpoint (a base URL): at most {@code maxConcurrency} requests in flight, at most
 * {@code requestsPerMinute} started per minute (0 = unlimited; starts are spaced evenly), up to {@code maxRetries}
 * retries of 429, 408, 5xx, timeouts and connection failures with exponential backoff from {@code initialBackoff} to
 * {@code maxBackoff} with jitter (a {@code Retry-After} is honoured when longer), each request bounded by
 * {@code requestTimeout} (a streamed one from its start to its last event); a streamed request is also cut off after
 * {@code idleTimeout} without a byte, and retried like a timeout. After {@code circuitFailureThreshold} consecutive
 * failed requests the endpoint's circuit opens for {@code circuitOpenFor}: no request is sent (waiting calls keep their
 * retries), then a single probe decides.
 */
public record ClientSettings(
        int maxConcurrency,
        int requestsPerMinute,
        int maxRetries,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration requestTimeout,
        int circuitFailureThreshold,
        Duration circuitOpenFor,
        Duration idleTimeout) {

    public ClientSettings {
        atLeast("maxConcurrency", maxConcurrency, 1);
        atLeast("requestsPerMinute", requestsPerMinute, 0);
        atLeast("maxRetries", maxRetries, 0);
        atLeast("circuitFailureThreshold", circuitFailureThreshold, 1);
        positive("initialBackoff", initialBackoff);
        positive("maxBackoff", maxBackoff);
        positive("requestTimeout", requestTimeout);
        positive("circuitOpenFor", circuitOpenFor);
        positive("idleTimeout", idleTimeout);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff: must not be shorter than initialBackoff (" + initialBackoff + "), was " + maxBackoff);
        }
    }

    /**
     * 16 in flight, no rate limit, 4 retries from 0.5 s to 30 s, 10 minutes per request, 2 minutes without a byte,
     * circuit opens after 5 failures for 30 s.
     */
    public static ClientSettings defaults() {
        return new ClientSettings(16, 0, 4, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofMinutes(10), 5, Duration.ofSeconds(30),
                Duration.ofMinutes(2));
    }

    public ClientSettings withMaxConcurrency(int value) {
        return new ClientSettings(value, requestsPerMinute, maxRetries, initialBackoff, maxBackoff, requestTimeout, circuitFailureThreshold,
                circuitOpenFor, idleTimeout);
    }

    public ClientSettings withRequestTimeout(Duration value) {
        return new ClientSettings(maxConcurrency, requestsPerMinute, maxRetries, initialBackoff, maxBackoff, value, circuitFailureThreshold,
                circuitOpenFor, idleTimeout);
    }

    public ClientSettings withRetries(int retries, Duration initial, Duration max) {
        return new ClientSettings(maxConcurrency, requestsPerMinute, retries, initial, max, requestTimeout, circuitFailureThreshold, circuitOpenFor,
                idleTimeout);
    }

    public ClientSettings withCircuit(int failureThreshold, Duration openFor) {
        return new ClientSettings(maxConcurrency, requestsPerMinute, maxRetries, initialBackoff, maxBackoff, requestTimeout, failureThreshold,
                openFor, idleTimeout);
    }

    public ClientSettings withRequestsPerMinute(int value) {
        return new ClientSettings(maxConcurrency, value, maxRetries, initialBackoff, maxBackoff, requestTimeout, circuitFailureThreshold,
                circuitOpenFor, idleTimeout);
    }

    public ClientSettings withIdleTimeout(Duration value) {
        return new ClientSettings(maxConcurrency, requestsPerMinute, maxRetries, initialBackoff, maxBackoff, requestTimeout, circuitFailureThreshold,
                circuitOpenFor, value);
    }

    private static void atLeast(String field, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(field + ": must be at least " + min + ", was " + value);
        }
    }

    private static void positive(String field, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + ": must be a positive duration, was " + value);
        }
    }
}
