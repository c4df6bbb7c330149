package io.faithwatch.modelclients;

import java.time.Duration;

/**
 * What a client reports about each endpoint, for metrics and for pausing consumption while an endpoint is down.
 * Called on client threads; implementations must be quick and must not block.
 */
public interface ClientObserver {
    ClientObserver NONE = new ClientObserver() {
    };

    /** One HTTP request finished: {@code outcome} is {@code ok} or a {@link ModelCallException#reason()}. */
    default void requested(String endpoint, String outcome, Duration latency) {
    }

    /** A failed request will be retried after {@code delay}. */
    default void retrying(String endpoint, String reason, Duration delay) {
    }

    default void circuitChanged(String endpoint, CircuitState state) {
    }
}
