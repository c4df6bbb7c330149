package io.faithwatch.events;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * The one way the services register a gauge of a contract metric. Quarkus hands every application the JVM's global
 * registry, which outlives an application restarted in the same JVM (dev mode's live reload, tests of several
 * profiles). Micrometer gives back a gauge already registered under the same name and tags, still reading the state of
 * the application that is gone (NaN once it is collected), so a gauge registered before under this id is removed
 * first: the gauge always reads the running application's state.
 */
public final class Gauges {
    private Gauges() {
    }

    public static <T> Gauge register(MeterRegistry registry, Metrics.Metric metric, Tags tags, T state, ToDoubleFunction<T> value) {
        registry.find(metric.name()).tags(tags).gauges().stream().filter(gauge -> Tags.of(gauge.getId().getTags()).equals(tags))
                .forEach(registry::remove);
        return Gauge.builder(metric.name(), state, value).baseUnit(metric.baseUnit()).description(metric.description()).tags(tags)
                .register(registry);
    }

    public static <T> Gauge register(MeterRegistry registry, Metrics.Metric metric, T state, ToDoubleFunction<T> value) {
        return register(registry, metric, Tags.empty(), state, value);
    }
}
