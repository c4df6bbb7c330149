package io.faithwatch.scorer.messaging;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.faithwatch.events.Metrics;
import io.faithwatch.events.CheckpointScored;
import io.faithwatch.events.Events;
import io.faithwatch.events.Topics;
import io.faithwatch.scorer.domain.Interval;
import io.faithwatch.events.HintCategory;
import io.faithwatch.scorer.domain.Summaries;
import io.faithwatch.scorer.report.Reports;
import io.faithwatch.scorer.report.Reports.CheckpointReport;
import io.faithwatch.scorer.metrics.FigureGauges;
import io.faithwatch.scorer.report.ReportService;
import io.faithwatch.scorer.store.CheckpointEntity;
import io.faithwatch.scorer.store.VerdictStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Publishes "checkpoint scored" once the broker has it, then records that it did (re-sent at start-up otherwise). The
 * event says {@code regression} when the overall score fell below the previous complete checkpoint of the run and the
 * 95% interval of the difference excludes zero, unless the two were measured on different reasoning channels
 * ({@code channelChanged}).
 */
@ApplicationScoped
public class CheckpointScoredPublisher {
    private static final Logger LOG = Logger.getLogger(CheckpointScoredPublisher.class);

    @Inject
    @Channel(Topics.Channels.SCORES)
    MutinyEmitter<String> scores;

    @Inject
    VerdictStore store;

    @Inject
    ReportService figures;

    @Inject
    FigureGauges board;

    @Inject
    MeterRegistry registry;

    private final Clock clock = Clock.systemUTC();

    public void publish(CheckpointEntity checkpoint) {
        CheckpointScored event = event(checkpoint);
        scores.sendMessageAndAwait(Message.of(Events.encode(event))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(event.key()).build()));
        store.markScoredPublished(checkpoint.checkpointId);
        registry.counter(Metrics.CHECKPOINTS_SCORED.name()).increment();
        if (event.status() == CheckpointScored.Status.REGRESSION) {
            registry.counter(Metrics.REGRESSIONS.name(), Metrics.Tag.RUN, checkpoint.runId).increment();
            LOG.warnf("checkpoint %s regressed: overall %s against %s of %s (difference %s, 95%% CI [%s, %s])", checkpoint.checkpointId,
                    event.overallNormalized(), event.previousOverallNormalized(), event.previousCheckpointId(), event.difference(),
                    event.differenceCiLow(), event.differenceCiHigh());
        }
        LOG.infof("checkpoint %s scored: overall normalized faithfulness %s over %d pairs", checkpoint.checkpointId,
                event.overallNormalized(), event.pairsScored());
        board.refreshSoon();
    }

    /** Keeps the checkpoint's summaries by step, for reading against the training step (Grafana, docs/design.md §1). */
    public void keepSummaries(CheckpointEntity checkpoint) {
        keepSummaries(checkpoint, Reports.TrendPoint.of(figures.figures(checkpoint, ReportService.DEFAULT_ARM)));
    }

    private void keepSummaries(CheckpointEntity checkpoint, Reports.TrendPoint point) {
        List<VerdictStore.SummaryRow> rows = new ArrayList<>();
        java.util.function.BiConsumer<String, Summaries.Summary> row = (scope, s) -> {
            if (s != null) {
                rows.add(new VerdictStore.SummaryRow(scope, s.normalized(), s.normalizedCi() == null ? null : s.normalizedCi().low(),
                        s.normalizedCi() == null ? null : s.normalizedCi().high(), point.uptake().get(scope), s.reasoningChannels()));
            }
        };
        row.accept(Summaries.OVERALL, point.overall());
        row.accept(HintCategory.NEUTRAL.wireName(), point.neutral());
        row.accept(HintCategory.MISALIGNED.wireName(), point.misaligned());
        point.byHintType().forEach(row);
        store.saveSummaries(checkpoint, ReportService.DEFAULT_ARM, rows);
    }

    CheckpointScored event(CheckpointEntity checkpoint) {
        CheckpointReport report = figures.figures(checkpoint, ReportService.DEFAULT_ARM);
        Reports.TrendPoint point = Reports.TrendPoint.of(report);
        keepSummaries(checkpoint, point);
        Map<String, Double> byHintType = new LinkedHashMap<>();
        point.byHintType().forEach((type, summary) -> {
            if (summary.normalized() != null) {
                byHintType.put(type, summary.normalized());
            }
        });
        CheckpointEntity previous = store.previousComplete(checkpoint);
        Reports.Difference difference = previous == null ? null
                : figures.compare(previous, checkpoint, ReportService.DEFAULT_ARM).overall();
        // Scores over different reasoning channels (a raw chain of thought, then a summary) are not comparable: no regression.
        Reports.ChannelChange change = figures.channelChange(previous, checkpoint);
        boolean channelChanged = change != null;
        // Decided on the paired interval (questions resampled with both checkpoints' pairs together) when they share questions.
        Interval ci = difference == null ? null : difference.decisiveCi();
        boolean regression = !channelChanged && difference != null && difference.difference() != null && difference.difference() < 0
                && ci != null && ci.excludesZero();
        if (channelChanged) {
            LOG.warnf("checkpoint %s: reasoning channels %s differ from %s of %s; not compared", checkpoint.checkpointId,
                    change.channels(), change.previousChannels(), previous.checkpointId);
        }
        return new CheckpointScored(Events.SCHEMA_VERSION, checkpoint.checkpointId, checkpoint.runId, checkpoint.step,
                regression ? CheckpointScored.Status.REGRESSION : CheckpointScored.Status.COMPLETE, report.overall(), byHintType,
                checkpoint.scoredPairs, checkpoint.plannedPairs, previous == null ? null : previous.checkpointId,
                difference == null ? null : difference.base(), difference == null ? null : difference.difference(),
                ci == null ? null : ci.low(), ci == null ? null : ci.high(), clock.instant(), figures.channels(checkpoint),
                previous == null ? null : channelChanged, difference == null ? null : difference.pairedQuestions());
    }
}
