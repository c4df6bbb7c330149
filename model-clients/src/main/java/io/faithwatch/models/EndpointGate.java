package io.faithwatch.models;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Admission to one endpoint: at most {@code maxConcurrency} requests in flight, starts spaced to honour the
 * requests-per-minute limit, a hold after a {@code Retry-After}, and a circuit breaker. Waiting requests queue in
 * arrival order and cost nothing while they wait, so a call waiting for an open circuit keeps its retries.
 *
 * <p>The circuit opens after {@code circuitFailureThreshold} consecutive requests failed because the endpoint is down
 * (5xx, timeout, unreachable); after {@code circuitOpenFor} it is half-open and lets a single probe through: success
 * closes it, failure opens it again.
 */
final class EndpointGate {
    /** What became of an admitted request: answered, answered with an error (the endpoint is up), failed as down, never sent. */
    enum Outcome {
        OK, UP, DOWN, NOT_SENT
    }

    /** One admitted request; release it exactly once with what happened. */
    final class Permit {
        private final boolean probe;
        private boolean released;

        private Permit(boolean probe) {
            this.probe = probe;
        }

        void release(Outcome outcome) {
            EndpointGate.this.release(this, outcome);
        }
    }

    private final String endpoint;
    private final ClientSettings settings;
    private final ScheduledExecutorService scheduler;
    private final ClientObserver observer;
    private final LongSupplier nanoTime;
    private final long startIntervalNanos;

    private final Deque<CompletableFuture<Permit>> waiting = new ArrayDeque<>();
    private int inFlight;
    private long nextStart;
    private long holdUntil;
    private CircuitState state = CircuitState.CLOSED;
    private int consecutiveFailures;
    private long openUntil;
    private boolean probeInFlight;
    private long wakeAt = Long.MAX_VALUE;

    EndpointGate(String endpoint, ClientSettings settings, ScheduledExecutorService scheduler, ClientObserver observer, LongSupplier nanoTime) {
        this.endpoint = endpoint;
        this.settings = settings;
        this.scheduler = scheduler;
        this.observer = observer;
        this.nanoTime = nanoTime;
        this.startIntervalNanos = settings.requestsPerMinute() == 0 ? 0 : TimeUnit.MINUTES.toNanos(1) / settings.requestsPerMinute();
        long now = nanoTime.getAsLong();
        this.nextStart = now;
        this.holdUntil = now;
    }

    CompletableFuture<Permit> acquire() {
        CompletableFuture<Permit> permit = new CompletableFuture<>();
        List<Runnable> after = new ArrayList<>();
        synchronized (this) {
            waiting.add(permit);
            drain(after);
        }
        after.forEach(Runnable::run);
        return permit;
    }

    /** No request starts before {@code nanos} from now (a server's Retry-After applies to the whole endpoint). */
    void holdFor(long nanos) {
        synchronized (this) {
            holdUntil = Math.max(holdUntil, nanoTime.getAsLong() + nanos);
        }
    }

    synchronized CircuitState state() {
        return state;
    }

    synchronized int inFlight() {
        return inFlight;
    }

    private void release(Permit permit, Outcome outcome) {
        List<Runnable> after = new ArrayList<>();
        synchronized (this) {
            if (permit.released) {
                return;
            }
            permit.released = true;
            inFlight--;
            if (permit.probe) {
                probeInFlight = false;
            }
            if (outcome == Outcome.OK || outcome == Outcome.UP) {
                // Any answer, even a 4xx or 429, shows the endpoint is up.
                consecutiveFailures = 0;
                if (state != CircuitState.CLOSED) {
                    transition(CircuitState.CLOSED, after);
                }
            } else if (outcome == Outcome.NOT_SENT) {
                // nothing learnt about the endpoint
            } else if (state == CircuitState.HALF_OPEN && permit.probe) {
                open(after);
            } else if (state == CircuitState.CLOSED && ++consecutiveFailures >= settings.circuitFailureThreshold()) {
                open(after);
            }
            drain(after);
        }
        after.forEach(Runnable::run);
    }

    private void open(List<Runnable> after) {
        openUntil = nanoTime.getAsLong() + settings.circuitOpenFor().toNanos();
        consecutiveFailures = 0;
        transition(CircuitState.OPEN, after);
        wakeUpIn(settings.circuitOpenFor().toNanos());
    }

    private void transition(CircuitState to, List<Runnable> after) {
        state = to;
        after.add(() -> observer.circuitChanged(endpoint, to));
    }

    /** Admits waiting requests while the limits allow; wakes itself up when only time stands in the way. */
    private void drain(List<Runnable> after) {
        long now = nanoTime.getAsLong();
        if (state == CircuitState.OPEN && now - openUntil >= 0) {
            transition(CircuitState.HALF_OPEN, after);
        }
        while (!waiting.isEmpty() && inFlight < settings.maxConcurrency()) {
            if (state == CircuitState.OPEN || (state == CircuitState.HALF_OPEN && probeInFlight)) {
                return;
            }
            long wait = Math.max(nextStart - now, holdUntil - now);
            if (wait > 0) {
                wakeUpIn(wait);
                return;
            }
            CompletableFuture<Permit> next = waiting.poll();
            if (next.isDone()) {
                continue;
            }
            boolean probe = state == CircuitState.HALF_OPEN;
            probeInFlight |= probe;
            inFlight++;
            nextStart = Math.max(nextStart, now) + startIntervalNanos;
            Permit permit = new Permit(probe);
            after.add(() -> {
                if (!next.complete(permit)) {
                    permit.release(Outcome.NOT_SENT);
                }
            });
        }
    }

    private void wakeUpIn(long nanos) {
        long at = nanoTime.getAsLong() + nanos;
        if (wakeAt != Long.MAX_VALUE && wakeAt - at <= 0) {
            return; // an earlier wake-up is already scheduled
        }
        wakeAt = at;
        scheduler.schedule(this::wake, nanos, TimeUnit.NANOSECONDS);
    }

    private void wake() {
        List<Runnable> after = new ArrayList<>();
        synchronized (this) {
            wakeAt = Long.MAX_VALUE;
            drain(after);
        }
        after.forEach(Runnable::run);
    }
}
