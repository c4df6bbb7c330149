package io.faithwatch.modelclients;

import java.time.Duration;

/**
 * A model call that failed, with what happened (HTTP status and a body excerpt, timeout, not JSON...), never the API
 * key. {@code reason} is a short label for metrics ({@code http_429}, {@code http_5xx}, {@code http_4xx},
 * {@code timeout}, {@code unreachable}, {@code connection_closed} (the HTTP client closed a reused connection under the
 * request, retried without counting against the endpoint), {@code bad_response}, {@code bad_request}, {@code credentials}, and for a streamed reply
 * {@code idle_timeout} (no byte for the idle timeout), {@code incomplete_stream} (the body ended or broke before the
 * last event), {@code stream_error} (an error event)), {@code response_failed} (a Responses API response whose status is
 * failed); {@code retryable} says whether
 * another attempt may succeed, {@code retryAfter} is the server's {@code Retry-After} when it sent one.
 */
public final class ModelCallException extends RuntimeException {
    private final String reason;
    private final boolean retryable;
    private final transient Duration retryAfter;
    private final boolean endpointDown;
    private final int attempts;

    public ModelCallException(String message, String reason, boolean retryable, boolean endpointDown, Duration retryAfter) {
        this(message, reason, retryable, endpointDown, retryAfter, 1);
    }

    private ModelCallException(String message, String reason, boolean retryable, boolean endpointDown, Duration retryAfter, int attempts) {
        super(message, null, false, false);
        this.reason = reason;
        this.retryable = retryable;
        this.endpointDown = endpointDown;
        this.retryAfter = retryAfter;
        this.attempts = attempts;
    }

    /** The final failure of a call after {@code attempts} requests. */
    ModelCallException after(int attempts) {
        String message = attempts > 1 ? getMessage() + " (after " + attempts + " attempts)" : getMessage();
        return new ModelCallException(message, reason, retryable, endpointDown, retryAfter, attempts);
    }

    public String reason() {
        return reason;
    }

    public boolean retryable() {
        return retryable;
    }

    /** The failure says the endpoint is down or overloaded (5xx, timeout, unreachable): it counts towards opening the circuit. */
    public boolean endpointDown() {
        return endpointDown;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    public int attempts() {
        return attempts;
    }
}
