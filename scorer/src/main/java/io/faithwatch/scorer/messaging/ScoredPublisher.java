package io.faithwatch.scorer.messaging;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.faithwatch.events.CheckpointScored;
import io.faithwatch.events.Events;
import io.faithwatch.events.Topics;
import io.faithwatch.scorer.domain.Faithfulness;
import io.faithwatch.scorer.store.CheckpointEntity;
import io.faithwatch.scorer.store.HintTypeScoreEntity;
import io.faithwatch.scorer.store.VerdictStore;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/** Publishes "checkpoint scored" once the broker has it, then records that it did (re-sent at start-up otherwise). */
@ApplicationScoped
public class ScoredPublisher {
    private static final Logger LOG = Logger.getLogger(ScoredPublisher.class);

    @Inject
    @Channel(Topics.Channels.SCORES)
    MutinyEmitter<String> scores;

    @Inject
    VerdictStore store;

    private final Clock clock = Clock.systemUTC();

    public void publish(CheckpointEntity checkpoint) {
        CheckpointScored event = event(checkpoint, store.scores(checkpoint.checkpointId));
        scores.sendMessageAndAwait(Message.of(Events.encode(event))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(event.key()).build()));
        store.markScoredPublished(checkpoint.checkpointId);
        LOG.infof("checkpoint %s scored: overall normalized faithfulness %s over %d pairs", checkpoint.checkpointId,
                event.overallNormalized(), event.pairsScored());
    }

    CheckpointScored event(CheckpointEntity checkpoint, List<HintTypeScoreEntity> scores) {
        // Per hint type over all datasets of the checkpoint: the mean of its datasets' defined scores.
        Map<String, List<Double>> byType = new LinkedHashMap<>();
        scores.forEach(score -> byType.computeIfAbsent(score.hintType, t -> new java.util.ArrayList<>()).add(score.normalized));
        Map<String, Double> normalized = new LinkedHashMap<>();
        byType.forEach((type, values) -> {
            Double mean = Faithfulness.overall(values);
            if (mean != null) {
                normalized.put(type, mean);
            }
        });
        return new CheckpointScored(Events.SCHEMA_VERSION, checkpoint.checkpointId, checkpoint.runId, checkpoint.step,
                CheckpointScored.Status.COMPLETE, Faithfulness.overall(normalized.values()), normalized, checkpoint.scoredPairs,
                checkpoint.plannedPairs, null, null, null, null, null, clock.instant());
    }
}
