package io.faithwatch.scorer.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.faithwatch.events.Metrics.Metric;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

/**
 * Gauges whose rows come and go: each published row reads its value from a map, so a scrape costs one lookup per row
 * and never touches the database. Rows are registered again only when the set of rows of a metric changes (a row
 * appears, or its figure becomes defined or undefined): an undefined figure has no row, hence no sample at all.
 */
final class GaugeTable {
    private final MeterRegistry registry;
    private final Map<Metric, MultiGauge> gauges = new HashMap<>();
    private final Map<Metric, Set<Tags>> registered = new HashMap<>();
    private final Map<Metric, Map<Tags, Double>> values = new ConcurrentHashMap<>();

    GaugeTable(MeterRegistry registry, List<Metric> metrics) {
        this.registry = registry;
        for (Metric m : metrics) {
            gauges.put(m, MultiGauge.builder(m.name()).baseUnit(m.baseUnit()).description(m.description()).register(registry));
            registered.put(m, Set.of());
            values.put(m, Map.of());
        }
    }

    /** Replaces every row: {@code rows} holds the defined values only; metrics it leaves out lose all their rows. */
    synchronized void publish(Map<Metric, Map<Tags, Double>> rows) {
        for (Metric m : gauges.keySet()) {
            Map<Tags, Double> now = Map.copyOf(rows.getOrDefault(m, Map.of()));
            values.put(m, now);
            if (!now.keySet().equals(registered.get(m))) {
                gauges.get(m).register(now.keySet().stream()
                        .<MultiGauge.Row<?>>map(tags -> MultiGauge.Row.of(tags, tags, t -> values.get(m).getOrDefault(t, Double.NaN)))
                        .toList(), true);
                registered.put(m, now.keySet());
            }
        }
    }

    MeterRegistry registry() {
        return registry;
    }
}
