package io.faithwatch.modelclients;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Admission to one endpoint: at most {@code maxConcurrency} requests in flight, starts spaced to honour the
 * requests-per-minute limit, a hold after a {@code Retry-After}, and a circuit breaker. Waiting requests queue in
 * arrival order and cost nothing while they wait, so a call waiting for an open circuit keeps its retries.
 *
 * <p>The circuit opens after {@code circuitFailureThreshold} consecutive requests failed because the endpoint is down
 * (5xx, timeout, unreachable); after {@code circuitOpenFor} it is half-open and lets a single probe through: success
 * closes it, failure opens it again. The move to half-open is made by the clock, never by a request: while the circuit
 * is open a wake-up is always scheduled for its end, so a waiting call (or the next one to come) is the probe even when
 * nothing else happens in between.
 *
 * <p>Circuit changes reach the observer in the order they happened, one at a time, outside the lock.
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
    private final ClientClock clock;
    private final ClientObserver observer;
    private final long startIntervalNanos;

    private final Deque<CompletableFuture<Permit>> waiting = new ArrayDeque<>();
    private int inFlight;
    private long nextStart;
    private long holdUntil;
    private CircuitState state = CircuitState.CLOSED;
    private int consecutiveFailures;
    private long openUntil;
    private boolean probeInFlight;
    /** The earliest scheduled wake-up that has not run yet; MAX_VALUE when none. */
    private long wakeAt = Long.MAX_VALUE;
    /** Circuit changes not yet told to the observer, oldest first, and whether a thread is telling them. */
    private final Deque<CircuitState> notices = new ArrayDeque<>();
    private boolean notifying;

    EndpointGate(String endpoint, ClientSettings settings, ClientClock clock, ClientObserver observer) {
        this.endpoint = endpoint;
        this.settings = settings;
        this.clock = clock;
        this.observer = observer;
        this.startIntervalNanos = settings.requestsPerMinute() == 0 ? 0 : TimeUnit.MINUTES.toNanos(1) / settings.requestsPerMinute();
        long now = clock.nanoTime();
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
        finish(after);
        return permit;
    }

    /** No request starts before {@code nanos} from now (a server's Retry-After applies to the whole endpoint). */
    void holdFor(long nanos) {
        synchronized (this) {
            holdUntil = Math.max(holdUntil, clock.nanoTime() + nanos);
        }
    }

    synchronized CircuitState state() {
        return state;
    }

    synchronized int inFlight() {
        return inFlight;
    }

    /** Calls waiting for a slot, a start the rate limit allows, or the circuit. */
    synchronized int waiting() {
        return (int) waiting.stream().filter(w -> !w.isDone()).count();
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
                    transition(CircuitState.CLOSED);
                }
            } else if (outcome == Outcome.NOT_SENT) {
                // nothing learnt about the endpoint
            } else if (state == CircuitState.HALF_OPEN && permit.probe) {
                open();
            } else if (state == CircuitState.CLOSED && ++consecutiveFailures >= settings.circuitFailureThreshold()) {
                open();
            }
            drain(after);
        }
        finish(after);
    }

    private void open() {
        openUntil = clock.nanoTime() + settings.circuitOpenFor().toNanos();
        consecutiveFailures = 0;
        transition(CircuitState.OPEN);
    }

    private void transition(CircuitState to) {
        state = to;
        notices.add(to);
    }

    /**
     * Admits waiting requests while the limits allow; wakes itself up when only time stands in the way, the end of an
     * open circuit included, whether or not a request is waiting.
     */
    private void drain(List<Runnable> after) {
        long now = clock.nanoTime();
        if (state == CircuitState.OPEN) {
            if (now - openUntil < 0) {
                wakeUpIn(openUntil - now);
                return;
            }
            transition(CircuitState.HALF_OPEN);
        }
        while (!waiting.isEmpty() && inFlight < settings.maxConcurrency()) {
            if (state == CircuitState.HALF_OPEN && probeInFlight) {
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

    /** Schedules a drain; an earlier pending wake-up suffices, since every drain schedules again what it still waits for. */
    private void wakeUpIn(long nanos) {
        long at = clock.nanoTime() + nanos;
        if (wakeAt != Long.MAX_VALUE && wakeAt - at <= 0) {
            return;
        }
        wakeAt = at;
        clock.schedule(this::wake, nanos);
    }

    private void wake() {
        List<Runnable> after = new ArrayList<>();
        synchronized (this) {
            wakeAt = Long.MAX_VALUE;
            drain(after);
        }
        finish(after);
    }

    /** Outside the lock: hands out the permits admitted, then tells the observer the circuit changes in order. */
    private void finish(List<Runnable> after) {
        after.forEach(Runnable::run);
        while (true) {
            CircuitState next;
            synchronized (this) {
                if (notifying || notices.isEmpty()) {
                    return;
                }
                notifying = true;
                next = notices.poll();
            }
            try {
                observer.circuitChanged(endpoint, next);
            } finally {
                synchronized (this) {
                    notifying = false;
                }
            }
        }
    }
}
