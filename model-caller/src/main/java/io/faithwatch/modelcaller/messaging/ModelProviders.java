package io.faithwatch.modelcaller.messaging;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import io.faithwatch.modelcaller.domain.ConsumptionGate;
import io.faithwatch.models.CircuitState;
import io.faithwatch.models.ClientObserver;
import io.faithwatch.models.ClientSettings;
import io.faithwatch.models.Credentials;
import io.faithwatch.models.ModelClients;
import io.faithwatch.models.ReasoningModel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * One client per provider named in the pairs, created on first use with the endpoint settings of
 * {@code faith.model-caller.endpoint.*}. API keys are looked up by the pair's credential name in the configuration
 * (environment variables included); they are never logged. Each request, retry and circuit change is measured, and an
 * open circuit pauses consumption through the {@link ConsumptionGate}.
 */
@ApplicationScoped
public class ModelProviders {
    private static final Logger LOG = Logger.getLogger(ModelProviders.class);

    private final ClientSettings settings;
    private final Credentials credentials;
    private final MeterRegistry registry;
    private final ConsumptionGate gate = new ConsumptionGate();
    private final Map<String, ReasoningModel> clients = new ConcurrentHashMap<>();

    @Inject
    public ModelProviders(ModelCallerConfig config, Config mpConfig, MeterRegistry registry) {
        ModelCallerConfig.Endpoint e = config.endpoint();
        this.settings = new ClientSettings(e.maxConcurrency(), e.requestsPerMinute(), e.maxRetries(), e.initialBackoff(), e.maxBackoff(),
                e.requestTimeout(), e.circuitFailureThreshold(), e.circuitOpenFor());
        this.credentials = name -> mpConfig.getOptionalValue(name, String.class).filter(value -> !value.isBlank());
        this.registry = registry;
        registry.gauge("faith.model.caller.paused", gate, g -> g.paused() ? 1 : 0);
    }

    /** The client of a provider; an unknown provider is an {@link IllegalArgumentException} naming it. */
    public ReasoningModel forProvider(String provider) {
        ReasoningModel known = clients.get(provider);
        return known != null ? known : clients.computeIfAbsent(provider, p -> ModelClients.create(p, credentials, settings, observer(p)));
    }

    public ConsumptionGate gate() {
        return gate;
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
                    LOG.warnf("model endpoint %s is down: circuit open, consumption of pairs paused", endpoint);
                } else {
                    LOG.infof("model endpoint %s circuit %s: consumption of pairs resumes", endpoint, state.name().toLowerCase(java.util.Locale.ROOT));
                }
                gate.circuitChanged(endpoint, state);
            }
        };
    }
}
