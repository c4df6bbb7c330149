package io.faithwatch.modelclients;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

import io.faithwatch.modelclients.EndpointGate.Outcome;
import io.faithwatch.modelclients.EndpointGate.Permit;

/**
 * The circuit of one endpoint on a clock the test moves: an endpoint that fails for any length of time and comes back is
 * used again within {@code circuitOpenFor} plus one probe, every time, whatever else was scheduled, and the observer
 * learns every change in order.
 */
class EndpointGateTest {
    static final Duration OPEN_FOR = Duration.ofSeconds(30);

    static ClientSettings settings(int maxConcurrency, int failureThreshold) {
        return ClientSettings.defaults().withMaxConcurrency(maxConcurrency).withCircuit(failureThreshold, OPEN_FOR);
    }

    /** The circuit changes the observer was told, in the order it was told them. */
    static final class Recorder implements ClientObserver {
        final List<CircuitState> states = new CopyOnWriteArrayList<>();

        @Override
        public void circuitChanged(String endpoint, CircuitState state) {
            states.add(state);
        }

        CircuitState last() {
            return states.isEmpty() ? CircuitState.CLOSED : states.get(states.size() - 1);
        }
    }

    @Test
    void requestsPerMinuteSpacesTheStartsOnTheClock() {
        ManualClock clock = new ManualClock();
        // 600 per minute: one start every 100 ms, however many slots are free.
        EndpointGate gate = new EndpointGate("http://model", settings(10, 3).withRequestsPerMinute(600), clock, new Recorder());
        List<CompletableFuture<Permit>> starts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            starts.add(gate.acquire());
        }
        for (int started = 1; started <= 5; started++) {
            assertThat(starts.stream().filter(CompletableFuture::isDone)).as("starts by %d ms", (started - 1) * 100).hasSize(started);
            clock.advance(Duration.ofMillis(99));
            assertThat(starts.stream().filter(CompletableFuture::isDone)).as("starts by %d ms", (started - 1) * 100 + 99).hasSize(started);
            clock.advance(Duration.ofMillis(1));
        }
    }

    @Test
    void aRetryAfterHoldPendingWhenTheCircuitOpensDoesNotKeepItOpen() {
        ManualClock clock = new ManualClock();
        Recorder observer = new Recorder();
        EndpointGate gate = new EndpointGate("http://model", settings(4, 3), clock, observer);
        List<Permit> sent = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sent.add(gate.acquire().join());
        }
        CompletableFuture<Permit> waiting = gate.acquire();

        // One request answers 429 with Retry-After: 5 s: the waiting call is held, a wake-up is due at +5 s.
        gate.holdFor(TimeUnit.SECONDS.toNanos(5));
        sent.get(0).release(Outcome.UP);
        assertThat(waiting).isNotDone();
        // The three others fail as down: the circuit opens for 30 s while that earlier wake-up is pending.
        sent.subList(1, 4).forEach(p -> p.release(Outcome.DOWN));
        assertThat(gate.state()).isEqualTo(CircuitState.OPEN);

        clock.advance(Duration.ofSeconds(5));
        assertThat(gate.state()).isEqualTo(CircuitState.OPEN);
        assertThat(waiting).isNotDone();
        clock.advance(Duration.ofSeconds(25));
        assertThat(gate.state()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(waiting).as("the waiting call is the probe, with no other call made").isDone();

        waiting.join().release(Outcome.OK);
        assertThat(gate.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(observer.states).containsExactly(CircuitState.OPEN, CircuitState.HALF_OPEN, CircuitState.CLOSED);
    }

    @Test
    void withNobodyWaitingTheCircuitIsHalfOpenOnTimeAndTheNextCallIsTheProbe() {
        ManualClock clock = new ManualClock();
        Recorder observer = new Recorder();
        EndpointGate gate = new EndpointGate("http://model", settings(2, 2), clock, observer);
        gate.acquire().join().release(Outcome.DOWN);
        gate.acquire().join().release(Outcome.DOWN);
        assertThat(gate.state()).isEqualTo(CircuitState.OPEN);

        clock.advance(OPEN_FOR.minusMillis(1));
        assertThat(gate.state()).isEqualTo(CircuitState.OPEN);
        clock.advance(Duration.ofMillis(1));
        assertThat(gate.state()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(observer.last()).as("told without any call").isEqualTo(CircuitState.HALF_OPEN);

        CompletableFuture<Permit> probe = gate.acquire();
        CompletableFuture<Permit> second = gate.acquire();
        assertThat(probe).isDone();
        assertThat(second).as("one probe at a time").isNotDone();
        probe.join().release(Outcome.DOWN);
        assertThat(gate.state()).isEqualTo(CircuitState.OPEN);
        assertThat(second).isNotDone();

        clock.advance(OPEN_FOR);
        assertThat(second).isDone();
        second.join().release(Outcome.OK);
        assertThat(gate.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(observer.states).containsExactly(CircuitState.OPEN, CircuitState.HALF_OPEN, CircuitState.OPEN, CircuitState.HALF_OPEN,
                CircuitState.CLOSED);
    }

    /**
     * Eight callers on their own threads use an endpoint of three slots as fast as they can, while the test takes it down
     * for zero to four open periods and brings it back, 300 times. Each time the circuit is closed again and a call
     * succeeds within {@code circuitOpenFor} of the endpoint coming back, with no further move of the clock, and the
     * observer's last word is the circuit's state.
     */
    @Test
    void anEndpointThatComesBackIsUsedWithinOpenForEveryCycleWithConcurrentCallers() throws Exception {
        ManualClock clock = new ManualClock();
        Recorder observer = new Recorder();
        int callers = 8;
        EndpointGate gate = new EndpointGate("http://model", settings(3, 3), clock, observer);
        AtomicBoolean up = new AtomicBoolean(true);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong successes = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicReference<Throwable> broken = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            Thread thread = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        CompletableFuture<Permit> admission = gate.acquire();
                        Permit permit;
                        try {
                            permit = admission.get(200, TimeUnit.MILLISECONDS);
                        } catch (TimeoutException stillWaiting) {
                            // A caller that gives up cancels (the gate skips it, or releases its permit unsent), unless
                            // its permit came in the meantime.
                            if (admission.cancel(false)) {
                                continue;
                            }
                            permit = admission.join();
                        }
                        if (up.get()) {
                            successes.incrementAndGet();
                            permit.release(Outcome.OK);
                            Thread.sleep(1);
                        } else {
                            failures.incrementAndGet();
                            permit.release(Outcome.DOWN);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Throwable e) {
                    broken.set(e);
                }
            }, "caller-" + i);
            thread.start();
            threads.add(thread);
        }
        Random random = new Random(7);
        try {
            for (int cycle = 0; cycle < 300; cycle++) {
                up.set(false);
                await(() -> gate.state() == CircuitState.OPEN && gate.inFlight() == 0, "cycle " + cycle + ": the circuit opens");
                for (int period = random.nextInt(5); period > 0; period--) {
                    long before = failures.get();
                    clock.advance(OPEN_FOR);
                    // Half-open: one probe goes out, fails, and the circuit opens again.
                    await(() -> failures.get() > before && gate.state() == CircuitState.OPEN && gate.inFlight() == 0,
                            "cycle " + cycle + ": a probe while the endpoint is down");
                }
                long before = successes.get();
                up.set(true);
                long cameBack = clock.nanoTime();
                clock.advance(OPEN_FOR);
                await(() -> successes.get() > before && gate.state() == CircuitState.CLOSED && observer.last() == CircuitState.CLOSED,
                        "cycle " + cycle + ": the endpoint is used again");
                assertThat(Duration.ofNanos(clock.nanoTime() - cameBack)).isLessThanOrEqualTo(OPEN_FOR);
                assertThat(broken.get()).isNull();
            }
        } finally {
            stop.set(true);
            up.set(true);
            clock.advance(OPEN_FOR);
            for (Thread thread : threads) {
                thread.join(5000);
            }
        }
        assertThat(broken.get()).isNull();
        assertThat(threads).noneMatch(Thread::isAlive);
        // Every change told, in order. Open -> closed happens when a request sent before the circuit opened still succeeds.
        List<CircuitState> states = observer.states;
        CircuitState previous = CircuitState.CLOSED;
        for (CircuitState state : states) {
            assertThat(state).as("after " + previous).isIn(switch (previous) {
                case CLOSED -> List.of(CircuitState.OPEN);
                case OPEN -> List.of(CircuitState.HALF_OPEN, CircuitState.CLOSED);
                case HALF_OPEN -> List.of(CircuitState.OPEN, CircuitState.CLOSED);
            });
            previous = state;
        }
        assertThat(states.stream().filter(s -> s == CircuitState.CLOSED).count()).isGreaterThanOrEqualTo(300);
        System.out.printf("circuit cycles: 300, %d changes told, %d successful and %d failed requests%n", states.size(), successes.get(),
                failures.get());
    }

    /** Waits in real time for the callers' threads to reach a state; the clock does not move meanwhile. */
    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within 10 s of real time");
            }
            Thread.sleep(1);
        }
    }
}
