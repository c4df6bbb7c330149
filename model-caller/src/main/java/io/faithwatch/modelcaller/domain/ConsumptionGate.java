package io.faithwatch.modelcaller.domain;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.faithwatch.models.CircuitState;

/**
 * Stops taking new pairs while the circuit of some endpoint is open, so that a down endpoint pauses consumption
 * instead of turning every pair into retries and then error responses. A half-open circuit lets pairs flow again: one
 * of them is the probe that tells whether the endpoint is back.
 */
public final class ConsumptionGate {
    private static final CompletableFuture<Void> OPEN = CompletableFuture.completedFuture(null);

    private final Set<String> down = new HashSet<>();
    private CompletableFuture<Void> flowing = OPEN;

    /** Completes when pairs may be taken: at once unless an endpoint is down. */
    public synchronized CompletionStage<Void> whenFlowing() {
        return flowing.minimalCompletionStage();
    }

    public synchronized boolean paused() {
        return !down.isEmpty();
    }

    public synchronized Set<String> downEndpoints() {
        return Set.copyOf(down);
    }

    public void circuitChanged(String endpoint, CircuitState state) {
        CompletableFuture<Void> release = null;
        synchronized (this) {
            if (state == CircuitState.OPEN) {
                if (down.add(endpoint) && down.size() == 1) {
                    flowing = new CompletableFuture<>();
                }
            } else if (down.remove(endpoint) && down.isEmpty()) {
                release = flowing;
                flowing = OPEN;
            }
        }
        if (release != null) {
            release.complete(null);
        }
    }
}
