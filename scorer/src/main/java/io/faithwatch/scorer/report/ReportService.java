package io.faithwatch.scorer.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;


import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.faithwatch.events.HintArm;
import io.faithwatch.scorer.config.ScorerConfig;
import io.faithwatch.scorer.domain.Bootstrap;
import io.faithwatch.scorer.domain.ChannelCounts;
import io.faithwatch.scorer.domain.GroupFigures;
import io.faithwatch.scorer.domain.GroupKey;
import io.faithwatch.scorer.domain.JudgeUse;
import io.faithwatch.scorer.domain.OutcomeCounts;
import io.faithwatch.scorer.report.Reports.CheckpointInfo;
import io.faithwatch.scorer.report.Reports.CheckpointReport;
import io.faithwatch.scorer.store.CheckpointEntity;
import io.faithwatch.scorer.store.VerdictStore;

/**
 * The reports of checkpoints and runs: group figures read from the aggregate rows, with bootstrap intervals. Resamples
 * are cached by the counts they were drawn from: a group whose counts did not change is not resampled again. What is
 * asked for and not known is an {@link UnknownException}, which the REST edge answers with 404.
 */
@ApplicationScoped
public class ReportService {
    @Inject
    VerdictStore store;

    private final Bootstrap bootstrap;
    private final Bootstrap.Resampler resampler;
    private final Cache<List<Object>, double[]> resamples = Caffeine.newBuilder().maximumSize(4_000).build();

    @Inject
    public ReportService(ScorerConfig config) {
        this.bootstrap = new Bootstrap(config.bootstrap().resamples(), config.bootstrap().seed());
        this.resampler = new Bootstrap.Resampler() {
            @Override
            public double[] normalized(GroupKey key, OutcomeCounts counts, String role) {
                return ReportService.this.resamples.get(List.of(counts, key.dataset(), key.hintType(), key.arm(), role),
                        k -> bootstrap.normalized(key, counts, role));
            }

            @Override
            public int resamples() {
                return bootstrap.resamples();
            }
        };
    }

    public static final String DEFAULT_ARM = HintArm.WRONG_HINT.wireName();

    public Bootstrap.Resampler resampler() {
        return resampler;
    }

    public long seed() {
        return bootstrap.seed();
    }

    /** The group with its own 95% interval (undefined when its score is). */
    public GroupFigures withInterval(GroupFigures g) {
        if (g.faithfulness().normalized() == null) {
            return g;
        }
        return new GroupFigures(g.key(), g.tally(), g.faithfulness(),
                Bootstrap.percentile(resampler.normalized(g.key(), g.tally().outcomes(), "")), g.faithfulTokens(), g.unfaithfulTokens());
    }

    public static CheckpointInfo info(CheckpointEntity c) {
        return new CheckpointInfo(c.checkpointId, c.runId, c.step, c.status, c.scoredPairs, c.plannedPairs,
                c.plannedPairs == 0 ? 0 : Math.min(1.0, (double) c.scoredPairs / c.plannedPairs), c.completedAt);
    }

    /** Every run with checkpoints, in the order of their first checkpoint. */
    public List<Reports.RunSummary> runs() {
        Map<String, List<CheckpointEntity>> byRun = store.checkpoints().stream()
                .collect(Collectors.groupingBy(c -> c.runId, LinkedHashMap::new, Collectors.toList()));
        List<Reports.RunSummary> runs = new ArrayList<>();
        byRun.forEach((run, list) -> {
            CheckpointEntity complete = list.stream().filter(CheckpointEntity::complete).max(Comparator.comparingLong(c -> c.step)).orElse(null);
            runs.add(new Reports.RunSummary(run, list.size(), list.stream().mapToLong(c -> c.step).max().orElse(0),
                    complete == null ? null : complete.checkpointId, complete == null ? null : complete.step));
        });
        return runs;
    }

    public CheckpointEntity checkpoint(String checkpointId) {
        CheckpointEntity checkpoint = store.checkpoint(checkpointId);
        if (checkpoint == null) {
            throw new UnknownException("checkpointId", checkpointId, "no checkpoint with this id has a verdict");
        }
        return checkpoint;
    }

    /** The report a reader asks for, with the judges of its verdicts (read from the verdicts themselves). */
    public CheckpointReport report(String checkpointId, String arm) {
        CheckpointEntity checkpoint = checkpoint(checkpointId);
        String a = arm(arm);
        CheckpointReport report = report(checkpoint, a, store.judges(checkpoint.checkpointId, a));
        CheckpointEntity previous = null;
        for (CheckpointEntity c : checkpointsOfRun(checkpoint.runId)) {
            if (c.checkpointId.equals(checkpoint.checkpointId)) {
                break;
            }
            previous = c;
        }
        return report.withChannelChange(channelChange(previous, checkpoint));
    }

    /**
     * The change from {@code previous}'s reasoning channels to {@code checkpoint}'s, both arms, read from the aggregate
     * rows (no figures are computed); null when there is no previous checkpoint, either has none, or they are the same.
     */
    public Reports.ChannelChange channelChange(CheckpointEntity previous, CheckpointEntity checkpoint) {
        return previous == null ? null : Reports.ChannelChange.between(info(previous), channels(previous), channels(checkpoint));
    }

    /** The reasoning channels of a checkpoint's pairs, both arms, sorted wire names. */
    public List<String> channels(CheckpointEntity checkpoint) {
        return store.groups(Set.of(checkpoint.checkpointId)).stream().map(g -> g.tally().channels()).reduce(ChannelCounts.NONE,
                ChannelCounts::plus).names();
    }

    /**
     * The figures of a checkpoint from the aggregate rows alone, for the scored event and the gauges, which do not
     * show judges: reading them would scan the checkpoint's verdicts for nothing ({@code judges} is empty).
     */
    public CheckpointReport figures(CheckpointEntity checkpoint, String arm) {
        return report(checkpoint, arm(arm), List.of());
    }

    private CheckpointReport report(CheckpointEntity checkpoint, String arm, List<JudgeUse> judges) {
        List<GroupFigures> groups = store.groups(Set.of(checkpoint.checkpointId)).stream().map(this::withInterval).toList();
        return Reports.checkpoint(info(checkpoint), arm, judges, groups, resampler, seed());
    }

    /** Every checkpoint with verdicts, by run and then step, read once. */
    public List<CheckpointEntity> checkpoints() {
        return store.checkpoints().stream().sorted(Comparator.comparing((CheckpointEntity c) -> c.runId).thenComparingLong(c -> c.step)).toList();
    }

    public List<CheckpointEntity> checkpointsOfRun(String runId) {
        List<CheckpointEntity> of = store.checkpoints().stream().filter(c -> c.runId.equals(runId))
                .sorted(Comparator.comparingLong((CheckpointEntity c) -> c.step).thenComparing(c -> c.firstVerdictAt)).toList();
        if (of.isEmpty()) {
            throw new UnknownException("runId", runId, "no checkpoint of this run has a verdict");
        }
        return of;
    }

    public Reports.Trend trend(String runId, String arm) {
        String a = arm(arm);
        List<Reports.TrendPoint> points = new ArrayList<>();
        for (CheckpointEntity c : checkpointsOfRun(runId)) {
            // Each point names its judge, read from its verdicts (one indexed scan per checkpoint).
            points.add(Reports.TrendPoint.of(report(c, a, store.judges(c.checkpointId, a))));
        }
        return new Reports.Trend(Reports.TREND_SCHEMA, runId, a, Reports.Method.of(bootstrap.resamples(), seed()),
                Reports.TrendPoint.flagChannelChanges(points));
    }

    public Reports.Comparison compare(String baseId, String candidateId, String arm) {
        CheckpointEntity base = checkpoint(Objects.requireNonNullElse(baseId, ""));
        CheckpointEntity candidate = checkpoint(Objects.requireNonNullElse(candidateId, ""));
        return compare(base, candidate, arm(arm));
    }

    public Reports.Comparison compare(CheckpointEntity base, CheckpointEntity candidate, String arm) {
        return Reports.compare(info(base), store.groups(Set.of(base.checkpointId)), store.questionTallies(base, arm), info(candidate),
                store.groups(Set.of(candidate.checkpointId)), store.questionTallies(candidate, arm), arm, resampler, seed());
    }

    public Reports.RollingWindow rolling(String runId, String arm, int window) {
        String a = arm(arm);
        checkpointsOfRun(runId);
        List<Reports.Row> rows = store.runHintTypes().stream().filter(r -> r.runId().equals(runId) && r.arm().equals(a))
                .map(r -> store.rolling(r, window)).filter(Objects::nonNull).map(this::withInterval)
                .sorted(Comparator.comparing(g -> io.faithwatch.events.HintType.fromWire(g.key().hintType()).ordinal()))
                .map(Reports.Row::of).toList();
        return new Reports.RollingWindow(Reports.ROLLING_SCHEMA, runId, a, window, Reports.Method.of(bootstrap.resamples(), seed()), rows);
    }

    /** The arm's wire name; absent = the wrong-hint arm; unknown = an error naming the value. */
    static String arm(String arm) {
        return arm == null || arm.isBlank() ? DEFAULT_ARM : HintArm.fromWire(arm).wireName();
    }

    /** Something asked for that the scorer does not know, naming the field and the value. */
    public static class UnknownException extends RuntimeException {
        private final String field;

        public UnknownException(String field, String value, String why) {
            super(field + ": " + io.faithwatch.events.rest.Problem.quote(value) + ": " + why);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }
}
