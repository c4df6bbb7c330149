package io.faithwatch.modelclients;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A provider's client behind the limits of {@link ClientSettings}, one {@link EndpointGate} per base URL: bounded
 * concurrency, requests per minute, retries with exponential backoff and jitter that honour {@code Retry-After}, and
 * a circuit breaker. A call that exhausts its retries fails with the last {@link ModelCallException}, which counts the
 * attempts.
 */
public final class GuardedModel implements ReasoningModel {
    private final HttpModel client;
    private final ClientSettings settings;
    private final ClientObserver observer;
    private final ClientClock clock;
    private final Map<String, EndpointGate> gates = new ConcurrentHashMap<>();

    GuardedModel(HttpModel client, ClientSettings settings, ClientObserver observer, ClientClock clock) {
        this.client = client;
        this.settings = settings;
        this.observer = observer;
        this.clock = clock;
    }

    @Override
    public CompletionStage<Completion> complete(ModelCall call) {
        String endpoint = client.baseUrl(call);
        EndpointGate gate = gates.computeIfAbsent(endpoint, e -> new EndpointGate(e, settings, clock, observer));
        CompletableFuture<Completion> result = new CompletableFuture<>();
        attempt(call, endpoint, gate, 1, result);
        return result;
    }

    /** Requests on their way to any endpoint of this client, and calls waiting for a slot, a rate-limit start or an open circuit. */
    public int callsInFlight() {
        return gates.values().stream().mapToInt(EndpointGate::inFlight).sum();
    }

    public int callsWaiting() {
        return gates.values().stream().mapToInt(EndpointGate::waiting).sum();
    }

    /** Where one endpoint stands: its circuit, its requests in flight and its calls waiting. */
    public record EndpointState(String endpoint, CircuitState circuit, int inFlight, int waiting) {
    }

    /** Every endpoint this client has called, by base URL. */
    public List<EndpointState> endpoints() {
        return gates.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> new EndpointState(e.getKey(), e.getValue().state(), e.getValue().inFlight(), e.getValue().waiting())).toList();
    }

    /** The circuit of an endpoint (a base URL) this client has called; closed for one it has not. */
    public CircuitState circuit(String endpoint) {
        EndpointGate gate = gates.get(endpoint);
        return gate == null ? CircuitState.CLOSED : gate.state();
    }

    private void attempt(ModelCall call, String endpoint, EndpointGate gate, int attempt, CompletableFuture<Completion> result) {
        gate.acquire().thenCompose(permit -> {
            long start = System.nanoTime();
            return client.complete(call).whenComplete((reply, error) -> {
                ModelCallException failure = error == null ? null : failure(error);
                permit.release(failure == null ? EndpointGate.Outcome.OK
                        : failure.endpointDown() ? EndpointGate.Outcome.DOWN : EndpointGate.Outcome.UP);
                observer.requested(endpoint, failure == null ? "ok" : failure.reason(), Duration.ofNanos(System.nanoTime() - start));
            });
        }).whenComplete((reply, error) -> {
            if (error == null) {
                result.complete(reply.withAttempts(attempt));
                return;
            }
            ModelCallException failure = failure(error);
            if (!failure.retryable() || attempt > settings.maxRetries()) {
                result.completeExceptionally(failure.after(attempt));
                return;
            }
            Duration delay = backoff(attempt, failure.retryAfter());
            if (failure.retryAfter() != null) {
                gate.holdFor(failure.retryAfter().toNanos());
            }
            observer.retrying(endpoint, failure.reason(), delay);
            clock.schedule(() -> attempt(call, endpoint, gate, attempt + 1, result), delay.toNanos());
        });
    }

    /** Exponential backoff with "equal jitter" (half fixed, half random), never shorter than the server's Retry-After. */
    Duration backoff(int attempt, Duration retryAfter) {
        long base = settings.initialBackoff().toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(base, settings.maxBackoff().toMillis());
        long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
        return retryAfter != null && retryAfter.toMillis() > jittered ? retryAfter : Duration.ofMillis(jittered);
    }

    private static ModelCallException failure(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ModelCallException known) {
            return known;
        }
        return new ModelCallException(cause.getClass().getSimpleName() + ": " + cause.getMessage(), "bad_response", false, false, null);
    }
}
