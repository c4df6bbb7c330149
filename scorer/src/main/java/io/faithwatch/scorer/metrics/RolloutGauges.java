package io.faithwatch.scorer.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.faithwatch.events.Metrics;
import io.faithwatch.events.Metrics.Metric;
import io.faithwatch.events.Metrics.Tag;
import io.faithwatch.scorer.config.ScorerConfig;
import io.faithwatch.scorer.domain.EnvironmentSteps;
import io.faithwatch.scorer.domain.Rise;
import io.faithwatch.scorer.domain.RolloutCounts;
import io.faithwatch.scorer.domain.RolloutPoint;
import io.faithwatch.scorer.store.RolloutStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * What Prometheus sees of training rollouts: for the N runs that stored a rollout most recently and, of each, its E
 * busiest environments, the figures of the latest step with rollouts and the rise of the exploitation rate over the last
 * W steps. Runs and environments outside the bound have no series. Rebuilt from the database on {@link FigureGauges}'
 * timer and after a stored batch; a scrape never touches the database.
 */
@ApplicationScoped
public class RolloutGauges {
    private static final Logger LOG = Logger.getLogger(RolloutGauges.class);

    /** The gauges this class exports; {@link FigureGauges} exports the other figures. */
    static final List<Metric> METRICS = List.of(Metrics.ROLLOUT_STEP, Metrics.ROLLOUT_COUNT, Metrics.ROLLOUT_EXPLOITED,
            Metrics.ROLLOUT_EXPLOITATION, Metrics.ROLLOUT_JUDGED, Metrics.ROLLOUT_VERBALIZATION, Metrics.ROLLOUT_EXPLOITATION_RISE);

    private final RolloutStore store;
    private final GaugeTable table;
    private final int runs;
    private final int environments;
    private final int riseOver;

    @Inject
    public RolloutGauges(RolloutStore store, MeterRegistry registry, ScorerConfig config) {
        this.store = store;
        this.table = new GaugeTable(registry, METRICS);
        this.runs = config.gauges().rolloutRuns();
        this.environments = config.gauges().rolloutEnvironments();
        this.riseOver = config.rollouts().riseOver();
    }

    /** Replaces every row from the database: per run one query for its environments' steps, one for their figures. */
    public synchronized void refresh() {
        Map<Metric, Map<Tags, Double>> rows = new HashMap<>();
        for (String run : store.recentRuns(runs)) {
            List<EnvironmentSteps> busiest = EnvironmentSteps.busiest(store.environments(run, riseOver + 1), environments);
            Set<RolloutStore.At> at = new LinkedHashSet<>();
            busiest.forEach(e -> {
                at.add(new RolloutStore.At(e.environment(), e.latest()));
                at.add(new RolloutStore.At(e.environment(), e.base(riseOver)));
            });
            Map<RolloutStore.At, RolloutPoint> points = new HashMap<>();
            for (RolloutCounts c : store.countsAt(run, new ArrayList<>(at))) {
                points.put(new RolloutStore.At(c.environment(), c.step()), c.figures());
            }
            for (EnvironmentSteps e : busiest) {
                RolloutPoint latest = points.get(new RolloutStore.At(e.environment(), e.latest()));
                RolloutPoint base = points.get(new RolloutStore.At(e.environment(), e.base(riseOver)));
                if (latest == null) {
                    continue; // its rows went between the two queries (a database restored, say): next refresh
                }
                Tags tags = Tags.of(Tag.RUN, run, Tag.ENVIRONMENT, e.environment());
                put(rows, Metrics.ROLLOUT_STEP, tags, (double) latest.step());
                put(rows, Metrics.ROLLOUT_COUNT, tags, (double) latest.rollouts());
                put(rows, Metrics.ROLLOUT_EXPLOITED, tags, (double) latest.exploited());
                put(rows, Metrics.ROLLOUT_EXPLOITATION, tags, latest.exploitationRate().value());
                put(rows, Metrics.ROLLOUT_JUDGED, tags, (double) latest.judged());
                put(rows, Metrics.ROLLOUT_VERBALIZATION, tags, latest.verbalizationRate() == null ? null : latest.verbalizationRate().value());
                put(rows, Metrics.ROLLOUT_EXPLOITATION_RISE, tags,
                        base == null ? null : Rise.of(latest.exploitationRate().value(), base.exploitationRate().value()));
            }
        }
        table.publish(rows);
    }

    /** {@link #refresh}, keeping the previous figures when the database cannot be read. */
    public void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warnf("rollout gauges refresh failed, kept the previous figures: %s", e.toString());
        }
    }

    /** An undefined figure has no row, as in {@link FigureGauges}. */
    private static void put(Map<Metric, Map<Tags, Double>> rows, Metric metric, Tags tags, Double value) {
        if (value != null && !value.isNaN()) {
            rows.computeIfAbsent(metric, m -> new HashMap<>()).put(tags, value);
        }
    }
}
