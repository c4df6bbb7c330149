package io.faithwatch.modelcaller.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import io.faithwatch.events.Gauges;
import io.faithwatch.events.Metrics;
import io.faithwatch.modelcaller.config.ModelCallerConfig;
import io.faithwatch.modelclients.CircuitState;
import io.faithwatch.modelclients.ClientObserver;
import io.faithwatch.modelclients.ClientSettings;
import io.faithwatch.modelclients.Credentials;
import io.faithwatch.modelclients.GuardedModel;
import io.faithwatch.modelclients.ModelBatches;
import io.faithwatch.modelclients.ModelClients;
import io.faithwatch.modelclients.ReasoningModel;
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
    private final Map<String, ModelBatches> batchClients = new ConcurrentHashMap<>();
    private final Set<String> endpointsDown = ConcurrentHashMap.newKeySet();

    @Inject
    public ModelProviders(ModelCallerConfig config, Config mpConfig, MeterRegistry registry) {
        ModelCallerConfig.Endpoint e = config.endpoint();
        this.settings = new ClientSettings(e.maxConcurrency(), e.requestsPerMinute(), e.maxRetries(), e.initialBackoff(), e.maxBackoff(),
                e.requestTimeout(), e.circuitFailureThreshold(), e.circuitOpenFor(), e.idleTimeout());
        this.credentials = name -> mpConfig.getOptionalValue(name, String.class).filter(value -> !value.isBlank());
        this.registry = registry;
        Gauges.register(registry, Metrics.MODEL_CALLS_IN_FLIGHT, this, p -> p.guarded().mapToInt(GuardedModel::callsInFlight).sum());
        Gauges.register(registry, Metrics.MODEL_CALLS_WAITING, this, p -> p.guarded().mapToInt(GuardedModel::callsWaiting).sum());
        Gauges.register(registry, Metrics.MODEL_ENDPOINTS_DOWN, endpointsDown, Set::size);
    }

    /** The client of a provider; an unknown provider is an {@link IllegalArgumentException} naming it. */
    public ReasoningModel forProvider(String provider) {
        ReasoningModel known = clients.get(provider);
        return known != null ? known : clients.computeIfAbsent(provider, p -> ModelClients.create(p, credentials, settings, observer(p)));
    }

    /** The batch API of a provider; one without (not openai or anthropic) is an {@link IllegalArgumentException} naming it. */
    public ModelBatches batchesFor(String provider, Duration requestTimeout) {
        ModelBatches known = batchClients.get(provider);
        return known != null ? known : batchClients.computeIfAbsent(provider, p -> ModelBatches.of(p, credentials, requestTimeout));
    }

    /** Endpoints whose circuit is open or half-open. */
    public Set<String> endpointsDown() {
        return Set.copyOf(endpointsDown);
    }

    /** Every endpoint called so far, by provider (the HTTP providers only: the simulated model has none). */
    public Map<String, List<GuardedModel.EndpointState>> endpoints() {
        Map<String, List<GuardedModel.EndpointState>> all = new TreeMap<>();
        clients.forEach((provider, client) -> {
            if (client instanceof GuardedModel guarded) {
                all.put(provider, guarded.endpoints());
            }
        });
        return all;
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
                Timer.builder(Metrics.MODEL_REQUESTS.name()).description(Metrics.MODEL_REQUESTS.description())
                        .tags(Metrics.Tag.PROVIDER, provider, Metrics.Tag.OUTCOME, outcome).register(registry).record(latency);
            }

            @Override
            public void retrying(String endpoint, String reason, Duration delay) {
                registry.counter(Metrics.MODEL_RETRIES.name(), Metrics.Tag.PROVIDER, provider, Metrics.Tag.REASON, reason).increment();
                LOG.debugf("retrying a call to %s in %d ms after %s", endpoint, delay.toMillis(), reason);
            }

            @Override
            public void circuitChanged(String endpoint, CircuitState state) {
                if (state == CircuitState.OPEN) {
                    registry.counter(Metrics.MODEL_CIRCUIT_OPENED.name(), Metrics.Tag.PROVIDER, provider).increment();
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
