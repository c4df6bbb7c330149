package io.faithwatch.modelcaller.messaging;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import io.faithwatch.models.CircuitState;
import io.faithwatch.models.ClientObserver;
import io.faithwatch.models.ClientSettings;
import io.faithwatch.models.Credentials;
import io.faithwatch.models.GuardedModel;
import io.faithwatch.models.ModelClients;
import io.faithwatch.models.ReasoningModel;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * One client per provider named in the pairs, created on first use with the endpoint settings of
 * {@code faith.model-caller.endpoint.*}. API keys are looked up by the pair's credential name in the configuration
 * (environment variables included); they are never logged. Each request, retry and circuit change is measured, and
 * so are the calls in flight, the calls waiting (for a slot, a rate-limit start or an open circuit) and the endpoints
 * whose circuit is not closed.
 *
 * <p>Nothing here pauses consumption: a call to an endpoint whose circuit is open waits in that endpoint's queue without
 * spending its retries, and once {@code faith.model-caller.concurrency} pairs wait, no more are taken from Kafka. Pairs
 * of other endpoints go on meanwhile.
 */
@ApplicationScoped
public class ModelProviders {
    private static final Logger LOG = Logger.getLogger(ModelProviders.class);

    private final ClientSettings settings;
    private final Credentials credentials;
    private final MeterRegistry registry;
    private final Map<String, ReasoningModel> clients = new ConcurrentHashMap<>();
    private final Set<String> endpointsDown = ConcurrentHashMap.newKeySet();

    @Inject
    public ModelProviders(ModelCallerConfig config, Config mpConfig, MeterRegistry registry) {
        ModelCallerConfig.Endpoint e = config.endpoint();
        this.settings = new ClientSettings(e.maxConcurrency(), e.requestsPerMinute(), e.maxRetries(), e.initialBackoff(), e.maxBackoff(),
                e.requestTimeout(), e.circuitFailureThreshold(), e.circuitOpenFor());
        this.credentials = name -> mpConfig.getOptionalValue(name, String.class).filter(value -> !value.isBlank());
        this.registry = registry;
        Gauge.builder("faith.model.calls.in.flight", this, p -> p.guarded().mapToInt(GuardedModel::callsInFlight).sum())
                .description("Requests sent to model endpoints and not answered yet").register(registry);
        Gauge.builder("faith.model.calls.waiting", this, p -> p.guarded().mapToInt(GuardedModel::callsWaiting).sum())
                .description("Calls waiting for an endpoint slot, a rate-limit start or an open circuit").register(registry);
        Gauge.builder("faith.model.endpoints.down", endpointsDown, Set::size)
                .description("Model endpoints whose circuit is open or half-open").register(registry);
    }

    /** The client of a provider; an unknown provider is an {@link IllegalArgumentException} naming it. */
    public ReasoningModel forProvider(String provider) {
        ReasoningModel known = clients.get(provider);
        return known != null ? known : clients.computeIfAbsent(provider, p -> ModelClients.create(p, credentials, settings, observer(p)));
    }

    /** Endpoints whose circuit is open or half-open. */
    public Set<String> endpointsDown() {
        return Set.copyOf(endpointsDown);
    }

    private Stream<GuardedModel> guarded() {
        return clients.values().stream().filter(GuardedModel.class::isInstance).map(GuardedModel.class::cast);
    }

    public ClientSettings settings() {
        return settings;
    }

    private ClientObserver observer(String provider) {
        return new ClientObserver() {
            @Override
            public void requested(String endpoint, String outcome, Duration latency) {
                Timer.builder("faith.model.requests").description("HTTP requests to model endpoints, by outcome")
                        .tags("provider", provider, "outcome", outcome).register(registry).record(latency);
            }

            @Override
            public void retrying(String endpoint, String reason, Duration delay) {
                registry.counter("faith.model.retries", "provider", provider, "reason", reason).increment();
                LOG.debugf("retrying a call to %s in %d ms after %s", endpoint, delay.toMillis(), reason);
            }

            @Override
            public void circuitChanged(String endpoint, CircuitState state) {
                if (state == CircuitState.OPEN) {
                    registry.counter("faith.model.circuit.opened", "provider", provider).increment();
                    LOG.warnf("model endpoint %s is down: circuit open, its calls wait for it", endpoint);
                } else {
                    LOG.infof("model endpoint %s circuit %s", endpoint, state.name().toLowerCase(Locale.ROOT).replace('_', '-'));
                }
                if (state == CircuitState.CLOSED) {
                    endpointsDown.remove(endpoint);
                } else {
                    endpointsDown.add(endpoint);
                }
            }
        };
    }
}
