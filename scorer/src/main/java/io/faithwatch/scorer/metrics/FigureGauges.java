package io.faithwatch.scorer.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.faithwatch.events.Metrics;
import io.faithwatch.events.Metrics.Metric;
import io.faithwatch.events.Metrics.Tag;
import io.faithwatch.events.Outcome;
import io.faithwatch.scorer.config.ScorerConfig;
import io.faithwatch.scorer.domain.GroupFigures;
import io.faithwatch.scorer.domain.Summaries;
import io.faithwatch.scorer.domain.Interval;
import io.faithwatch.scorer.domain.Rise;
import io.faithwatch.scorer.domain.TokenStats;
import io.faithwatch.scorer.store.CheckpointEntity;
import io.faithwatch.scorer.report.ReportService;
import io.faithwatch.scorer.report.Reports;
import io.faithwatch.scorer.store.RunHintType;
import io.faithwatch.scorer.store.VerdictStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * What Prometheus sees: the figures of the latest K checkpoints of every run (older ones lose their gauges, so the
 * number of series stays bounded), their progress, the rolling window of every run and hint type, and the step of each
 * run's latest complete checkpoint, and how much its hint uptake and overall score rose over the last W complete
 * checkpoints. Everything is (re)built from the database: at start-up, on a timer (which also picks up what other scorer
 * instances stored) and when a checkpoint completes; each stored verdict updates its group at once. Gauges are of the
 * wrong-hint arm, the method's measurement; the correct-hint arm is in the REST reports. The same timer refreshes the
 * gauges of training rollouts ({@link RolloutGauges}).
 */
@ApplicationScoped
public class FigureGauges {
    private static final Logger LOG = Logger.getLogger(FigureGauges.class);
    static final String ALL = "all";

    private final VerdictStore store;
    private final ReportService scores;
    private final RolloutGauges rollouts;
    private final GaugeTable table;
    private final int keep;
    private final int window;
    private final int riseOver;
    private final Duration refreshEvery;
    /** A timed refresh is followed by a pause of at least this many times its duration (at most 10% of a core). */
    static final int REFRESH_BUDGET_FACTOR = 9;

    /** Every checkpoint seen, the groups and rolling windows exported; guarded by this. */
    private final Map<String, CheckpointEntity> checkpoints = new HashMap<>();
    private final Map<String, GroupFigures> groups = new HashMap<>();
    private final Map<String, GroupFigures> rolling = new HashMap<>();
    private final Map<String, Interval> summaryIntervals = new ConcurrentHashMap<>();
    private Set<String> exported = Set.of();
    /** Per run, the rises of its uptake and overall score (its latest complete checkpoint against W before). */
    private final Map<String, RunRise> runRises = new HashMap<>();
    /** Uptake and overall score of a complete checkpoint, by checkpoint id and pairs scored: read once, not every refresh. */
    private final Map<String, CheckpointPoint> completePoints = new ConcurrentHashMap<>();
    private final AtomicBoolean rolloutRefreshQueued = new AtomicBoolean();
    private ScheduledExecutorService timer;

    /** A run's rises; either undefined (null) when a checkpoint's figure is. */
    record RunRise(Double uptake, Double normalized) {
    }

    /** The figures of a checkpoint that its run's rises are made of: p over all datasets and hint types, overall normalized. */
    record CheckpointPoint(Double uptake, Double normalized) {
    }

    @Inject
    public FigureGauges(VerdictStore store, ReportService scores, RolloutGauges rollouts, MeterRegistry registry, ScorerConfig config) {
        this.store = store;
        this.scores = scores;
        this.rollouts = rollouts;
        this.keep = config.gauges().checkpointsPerRun();
        this.window = config.rolling().window();
        this.riseOver = config.rollouts().riseOver();
        this.refreshEvery = config.gauges().refreshEvery();
        this.table = new GaugeTable(registry, Metrics.FIGURES.stream().filter(m -> !RolloutGauges.METRICS.contains(m)).toList());
    }

    public int window() {
        return window;
    }

    /** Starts the timer that keeps intervals, token figures and rolling windows current. */
    public synchronized void startRefreshing() {
        if (timer == null && refreshEvery.toMillis() > 0) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "faith-score-board");
                t.setDaemon(true);
                return t;
            });
            timer.schedule(this::refreshOnTimer, refreshEvery.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The timer's refresh, rescheduled after {@code refresh-every} or, when the bootstrap took long (many groups
     * changing at once during a large run), after {@link #REFRESH_BUDGET_FACTOR} times its duration: intervals then
     * cost at most a tenth of one core however much data there is, and the verdicts keep the rest.
     */
    private void refreshOnTimer() {
        long start = System.nanoTime();
        refreshQuietly();
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        synchronized (this) {
            if (timer != null) {
                timer.schedule(this::refreshOnTimer, nextRefreshMillis(refreshEvery.toMillis(), tookMillis), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Pause after a refresh that took {@code tookMillis}: the configured period, or longer after a costly refresh. */
    static long nextRefreshMillis(long refreshMillis, long tookMillis) {
        return Math.max(refreshMillis, tookMillis * REFRESH_BUDGET_FACTOR);
    }

    public synchronized void stopRefreshing() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    /** A refresh on the timer's thread, now: a completion does not wait for intervals and rolling windows. */
    public synchronized void refreshSoon() {
        if (timer != null) {
            timer.execute(this::refreshQuietly);
        } else {
            refreshQuietly();
        }
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warnf("score board refresh failed, kept the previous figures: %s", e.toString());
        }
        rollouts.refreshQuietly();
    }

    /**
     * The rollout gauges refreshed on the timer's thread, now, after a stored batch: batches stored while one is queued
     * share it, so that storing never waits for the gauges and a busy run does not read them back per batch.
     */
    public synchronized void refreshRolloutsSoon() {
        if (timer == null) {
            rollouts.refreshQuietly();
        } else if (rolloutRefreshQueued.compareAndSet(false, true)) {
            timer.execute(() -> {
                rolloutRefreshQueued.set(false);
                rollouts.refreshQuietly();
            });
        }
    }

    /**
     * Rebuilds the point figures from the aggregate rows: reads the checkpoints and the groups of the latest K of each
     * run, never the verdicts. Fast at any verdict count; see {@link #refresh} for intervals and rolling windows.
     */
    public synchronized void rebuild() {
        checkpoints.clear();
        store.checkpoints().forEach(c -> checkpoints.put(c.checkpointId, c));
        exported = latestPerRun();
        Map<String, GroupFigures> previous = new HashMap<>(groups);
        groups.clear();
        for (GroupFigures g : store.groups(exported)) {
            GroupFigures old = previous.get(g.key().id());
            boolean sameCounts = old != null && old.tally().equals(g.tally());
            groups.put(g.key().id(), sameCounts ? new GroupFigures(g.key(), g.tally(), g.faithfulness(), old.normalizedCi(),
                    g.faithfulTokens(), g.unfaithfulTokens()) : g);
        }
        publish();
    }

    /** {@link #rebuild}, then the bootstrap intervals (cached by counts) and the rolling windows. */
    public void refresh() {
        rebuild();
        List<GroupFigures> snapshot;
        synchronized (this) {
            snapshot = List.copyOf(groups.values());
        }
        List<GroupFigures> withIntervals = snapshot.stream().map(scores::withInterval).toList();
        Map<String, Interval> summaries = new HashMap<>();
        byCheckpoint(withIntervals).forEach((checkpoint, of) -> Summaries.of(of, scores.resampler(), false).stream()
                .filter(summary -> summary.normalizedCi() != null)
                .forEach(summary -> summaries.put(summaryKey(checkpoint, summary), summary.normalizedCi())));
        Map<String, RunRise> rises = runRises();
        Map<String, GroupFigures> windows = new HashMap<>();
        for (RunHintType scope : store.runHintTypes()) {
            if (scope.arm().equals(ReportService.DEFAULT_ARM)) {
                GroupFigures w = store.rolling(scope, window);
                if (w != null) {
                    windows.put(scope.runId() + "|" + scope.hintType(), scores.withInterval(w));
                }
            }
        }
        synchronized (this) {
            // Verdicts stored meanwhile keep their newer tallies; the intervals and tokens come from this refresh.
            for (GroupFigures g : withIntervals) {
                GroupFigures current = groups.get(g.key().id());
                if (current != null) {
                    groups.put(g.key().id(), new GroupFigures(g.key(), current.tally(), current.faithfulness(),
                            current.tally().equals(g.tally()) ? g.normalizedCi() : current.normalizedCi(), g.faithfulTokens(),
                            g.unfaithfulTokens()));
                }
            }
            summaryIntervals.clear();
            summaryIntervals.putAll(summaries);
            rolling.clear();
            rolling.putAll(windows);
            runRises.clear();
            runRises.putAll(rises);
            publish();
        }
    }

    /**
     * Each run's rises: p over all datasets and hint types, and the overall normalized score, of its latest complete
     * checkpoint minus those of the complete checkpoint W before it (by step), as the run's trend reports them.
     */
    private Map<String, RunRise> runRises() {
        Map<String, List<CheckpointEntity>> complete = new HashMap<>();
        synchronized (this) {
            checkpoints.values().stream().filter(CheckpointEntity::complete)
                    .forEach(c -> complete.computeIfAbsent(c.runId, r -> new ArrayList<>()).add(c));
        }
        Map<String, CheckpointEntity[]> latestAndBase = new HashMap<>();
        complete.forEach((run, list) -> {
            // The trend's order: by step, then by first verdict.
            list.sort(Comparator.comparingLong((CheckpointEntity c) -> c.step).thenComparing(c -> c.firstVerdictAt,
                    Comparator.nullsFirst(Comparator.<Instant>naturalOrder())).reversed());
            latestAndBase.put(run, new CheckpointEntity[] { list.get(0), Rise.base(list, riseOver) });
        });
        Map<String, CheckpointEntity> needed = new HashMap<>();
        latestAndBase.values().forEach(pair -> {
            for (CheckpointEntity c : pair) {
                needed.put(pointKey(c), c);
            }
        });
        completePoints.keySet().retainAll(needed.keySet());
        Map<String, CheckpointPoint> points = new HashMap<>();
        needed.forEach((key, c) -> points.put(key, completePoints.computeIfAbsent(key, k -> {
            // The figures the run's trend shows for the checkpoint, read from its aggregate rows.
            Reports.CheckpointReport report = scores.figures(c, ReportService.DEFAULT_ARM);
            return new CheckpointPoint(Reports.TrendPoint.overallUptake(report.rows()), report.overall());
        })));
        Map<String, RunRise> rises = new HashMap<>();
        latestAndBase.forEach((run, pair) -> {
            CheckpointPoint latest = points.get(pointKey(pair[0])), base = points.get(pointKey(pair[1]));
            rises.put(run, new RunRise(Rise.of(latest.uptake(), base.uptake()), Rise.of(latest.normalized(), base.normalized())));
        });
        return rises;
    }

    private static String pointKey(CheckpointEntity c) {
        return c.checkpointId + "|" + c.scoredPairs;
    }

    /**
     * The groups a stored batch touched, with their new counts: exported at once, in one publication; intervals follow at
     * the next refresh.
     */
    public synchronized void onStored(Collection<VerdictStore.Stored> batch) {
        if (batch.isEmpty()) {
            return;
        }
        batch.forEach(this::apply);
        publish();
    }

    private void apply(VerdictStore.Stored stored) {
        CheckpointEntity c = stored.checkpoint();
        boolean known = checkpoints.containsKey(c.checkpointId);
        checkpoints.put(c.checkpointId, c);
        if (!known) {
            Set<String> latest = latestPerRun();
            if (!latest.equals(exported)) {
                exported = latest;
                groups.values().removeIf(g -> !exported.contains(g.key().checkpointId()));
            }
        }
        if (exported.contains(c.checkpointId)) {
            GroupFigures current = groups.get(stored.group().id());
            groups.put(stored.group().id(), current == null
                    ? new GroupFigures(stored.group(), stored.tally(), stored.tally().faithfulness(), null, TokenStats.NONE, TokenStats.NONE)
                    : current.withTally(stored.tally()));
        }
    }

    /** The latest K checkpoints of every run, by training step, then by first verdict. */
    private Set<String> latestPerRun() {
        Map<String, List<CheckpointEntity>> byRun = checkpoints.values().stream().collect(Collectors.groupingBy(c -> c.runId));
        Set<String> latest = new HashSet<>();
        byRun.values().forEach(list -> list.stream()
                .sorted(Comparator.comparingLong((CheckpointEntity c) -> c.step).thenComparing(c -> c.firstVerdictAt,
                        Comparator.nullsFirst(Comparator.<Instant>naturalOrder())).reversed())
                .limit(keep).forEach(c -> latest.add(c.checkpointId)));
        return latest;
    }

    /** The groups of the wrong-hint arm, by checkpoint. */
    private static Map<String, List<GroupFigures>> byCheckpoint(Collection<GroupFigures> groups) {
        Map<String, List<GroupFigures>> of = new LinkedHashMap<>();
        groups.stream().filter(g -> g.key().arm().equals(ReportService.DEFAULT_ARM))
                .forEach(g -> of.computeIfAbsent(g.key().checkpointId(), c -> new ArrayList<>()).add(g));
        return of;
    }

    private static String summaryKey(String checkpoint, Summaries.Summary summary) {
        return checkpoint + "|" + summary.dataset() + "|" + summary.scope();
    }

    /** The category label of a summary's row: the scope, with {@code overall} as {@code all}, as the gauges have always said. */
    private static String category(String scope) {
        return scope.equals(Summaries.OVERALL) ? ALL : scope;
    }

    private void publish() {
        Map<Metric, Map<Tags, Double>> rows = new HashMap<>();
        for (GroupFigures g : groups.values()) {
            if (!g.key().arm().equals(ReportService.DEFAULT_ARM)) {
                continue;
            }
            Tags tags = Tags.of(Tag.RUN, g.key().runId(), Tag.CHECKPOINT, g.key().checkpointId(), Tag.DATASET, g.key().dataset(), Tag.HINT_TYPE,
                    g.key().hintType(), Tag.CATEGORY, g.key().category());
            var f = g.faithfulness();
            var t = g.tally();
            put(rows, Metrics.NORMALIZED, tags, f.normalized());
            if (f.normalized() != null && g.normalizedCi() != null) {
                put(rows, Metrics.NORMALIZED_CI_LOW, tags, g.normalizedCi().low());
                put(rows, Metrics.NORMALIZED_CI_HIGH, tags, g.normalizedCi().high());
            }
            put(rows, Metrics.RAW, tags, f.raw());
            put(rows, Metrics.ALPHA, tags, f.alpha());
            put(rows, Metrics.P, tags, f.p());
            put(rows, Metrics.Q, tags, f.q());
            put(rows, Metrics.ELIGIBLE, tags, (double) t.outcomes().eligible());
            put(rows, Metrics.VERBALIZED, tags, (double) t.outcomes().verbalized());
            put(rows, Metrics.JUDGE_FAILED, tags, (double) t.outcomes().judgeFailed());
            put(rows, Metrics.UNREADABLE, tags, (double) t.outcomes().unreadable());
            for (Outcome o : Outcome.values()) {
                put(rows, Metrics.PAIRS, tags.and(Tag.OUTCOME, o.wireName()), (double) t.outcomes().count(o));
            }
            t.channels().pairs().forEach((channel, n) -> put(rows, Metrics.REASONING_PAIRS, tags.and(Tag.REASONING, channel.wireName()),
                    (double) n));
            put(rows, Metrics.TOKENS_MEAN, tags.and(Tag.COT, "faithful"), g.faithfulTokens().mean());
            put(rows, Metrics.TOKENS_MEAN, tags.and(Tag.COT, "unfaithful"), g.unfaithfulTokens().mean());
            put(rows, Metrics.TOKENS_MEDIAN, tags.and(Tag.COT, "faithful"), g.faithfulTokens().median());
            put(rows, Metrics.TOKENS_MEDIAN, tags.and(Tag.COT, "unfaithful"), g.unfaithfulTokens().median());
            put(rows, Metrics.ACCURACY_UNHINTED, tags, t.accuracyUnhinted());
            put(rows, Metrics.ACCURACY_HINTED, tags, t.accuracyHinted());
            put(rows, Metrics.CORRECT_TURNED_WRONG, tags, t.correctTurnedWrongRate());
            if (t.secondJudged() > 0) {
                Double second = t.underSecondJudge().faithfulness().normalized();
                put(rows, Metrics.NORMALIZED_SECOND_JUDGE, tags, second);
                put(rows, Metrics.JUDGE_SENSITIVITY, tags, second == null || f.normalized() == null ? null : second - f.normalized());
            }
        }
        byCheckpoint(groups.values()).forEach((checkpoint, of) -> {
            GroupFigures any = of.get(0);
            for (Summaries.Summary summary : Summaries.of(of, null, false)) {
                Tags tags = Tags.of(Tag.RUN, any.key().runId(), Tag.CHECKPOINT, checkpoint, Tag.DATASET, summary.dataset(), Tag.HINT_TYPE, ALL,
                        Tag.CATEGORY, category(summary.scope()));
                if (summary.normalized() != null) {
                    put(rows, Metrics.NORMALIZED, tags, summary.normalized());
                    Interval ci = summaryIntervals.get(summaryKey(checkpoint, summary));
                    if (ci != null) {
                        put(rows, Metrics.NORMALIZED_CI_LOW, tags, ci.low());
                        put(rows, Metrics.NORMALIZED_CI_HIGH, tags, ci.high());
                    }
                }
            }
            for (Reports.JudgeBand band : Reports.judgeSensitivity(of)) {
                if (Summaries.CATEGORIES.contains(band.scope())) {
                    Tags tags = Tags.of(Tag.RUN, any.key().runId(), Tag.CHECKPOINT, checkpoint, Tag.DATASET, ALL, Tag.HINT_TYPE, ALL,
                            Tag.CATEGORY, category(band.scope()));
                    put(rows, Metrics.NORMALIZED_SECOND_JUDGE, tags, band.second());
                    put(rows, Metrics.JUDGE_SENSITIVITY, tags, band.difference());
                }
            }
        });
        for (GroupFigures w : rolling.values()) {
            Tags tags = Tags.of(Tag.RUN, w.key().runId(), Tag.HINT_TYPE, w.key().hintType(), Tag.CATEGORY, w.key().category());
            put(rows, Metrics.ROLLING_NORMALIZED, tags, w.faithfulness().normalized());
            if (w.faithfulness().normalized() != null && w.normalizedCi() != null) {
                put(rows, Metrics.ROLLING_CI_LOW, tags, w.normalizedCi().low());
                put(rows, Metrics.ROLLING_CI_HIGH, tags, w.normalizedCi().high());
            }
            put(rows, Metrics.ROLLING_RAW, tags, w.faithfulness().raw());
            put(rows, Metrics.ROLLING_ALPHA, tags, w.faithfulness().alpha());
            put(rows, Metrics.ROLLING_ELIGIBLE, tags, (double) w.tally().outcomes().eligible());
        }
        Map<String, CheckpointEntity> latestComplete = new HashMap<>();
        for (CheckpointEntity c : checkpoints.values()) {
            if (exported.contains(c.checkpointId)) {
                Tags tags = Tags.of(Tag.RUN, c.runId, Tag.CHECKPOINT, c.checkpointId);
                put(rows, Metrics.CHECKPOINT_SCORED, tags, (double) c.scoredPairs);
                put(rows, Metrics.CHECKPOINT_PLANNED, tags, (double) c.plannedPairs);
                put(rows, Metrics.CHECKPOINT_PROGRESS, tags, c.plannedPairs == 0 ? null : Math.min(1.0, (double) c.scoredPairs / c.plannedPairs));
            }
            if (c.complete()) {
                latestComplete.merge(c.runId, c, (a, b) -> a.step >= b.step ? a : b);
            }
        }
        latestComplete.forEach((run, c) -> put(rows, Metrics.RUN_LATEST_STEP, Tags.of(Tag.RUN, run), (double) c.step));
        runRises.forEach((run, rise) -> {
            put(rows, Metrics.RUN_UPTAKE_RISE, Tags.of(Tag.RUN, run), rise.uptake());
            put(rows, Metrics.RUN_NORMALIZED_RISE, Tags.of(Tag.RUN, run), rise.normalized());
        });
        table.publish(rows);
    }

    private static void put(Map<Metric, Map<Tags, Double>> rows, Metric metric, Tags tags, Double value) {
        if (value != null && !value.isNaN()) {
            rows.computeIfAbsent(metric, m -> new HashMap<>()).put(tags, value);
        }
    }

    /** Number of exported checkpoints: for tests and the benchmark. */
    public synchronized Set<String> exportedCheckpoints() {
        return Set.copyOf(exported);
    }
}
