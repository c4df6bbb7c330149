package io.faithwatch.scorer.messaging;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.faithwatch.events.Metrics;
import io.faithwatch.events.RolloutJudged;
import io.faithwatch.events.Topics;
import io.faithwatch.events.messaging.Outages;
import io.faithwatch.scorer.metrics.FigureGauges;
import io.faithwatch.scorer.store.RolloutStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * Stores each judged rollout once. Rollouts come in batches (one poll), stored in one transaction. A malformed record
 * goes to the dead-letter topic on its own, with the reason; the rest of its batch is stored. A database that is away is
 * waited for (the batch is retried, never dead-lettered), so no rollout is lost.
 */
@ApplicationScoped
public class RolloutConsumer {
    private static final Logger LOG = Logger.getLogger(RolloutConsumer.class);

    @Inject
    RolloutStore store;

    @Inject
    FigureGauges board;

    @Inject
    MeterRegistry registry;

    @Inject
    @Channel(Topics.Channels.ROLLOUTS_JUDGED_DEAD_LETTERS)
    MutinyEmitter<String> deadLetters;

    /** Waits out a database or broker that is away: retried with backoff for up to a day, never given up early. */
    private final Guard untilDone = Outages.waitOut(
            e -> LOG.warnf("database or broker not available, retrying rollouts: %s", e.toString()));

    /**
     * The rollout gauges come back from the database, not from nothing; the counters exist from the start, at zero, so
     * that rate() and alerts see them before the first rollout.
     */
    void start(@Observes StartupEvent startup) {
        deadLetterCounter();
        stored();
        duplicates();
        board.refreshRolloutsSoon();
    }

    @Incoming(Topics.Channels.ROLLOUTS_JUDGED)
    @Blocking
    public void onRollouts(ConsumerRecords<String, String> records) {
        Poll<RolloutJudged> poll = Poll.read(records, RolloutJudged.class);
        List<RolloutJudged> rollouts = poll.events();
        RolloutStore.Batch batch = untilDone.get(() -> store.storeAll(rollouts), RolloutStore.Batch.class);
        poll.malformed().forEach(this::deadLetter);
        if (!batch.duplicates().isEmpty()) {
            duplicates().increment(batch.duplicates().size());
            LOG.debugf("%d judged rollouts already stored; ignored", batch.duplicates().size());
        }
        if (!batch.inserted().isEmpty()) {
            stored().increment(batch.inserted().size());
            board.refreshRolloutsSoon();
        }
    }

    /** The record as it came, to the dead-letter topic, with the headers the Kafka connector's own dead-letter queue sets. */
    private void deadLetter(Poll.Malformed malformed) {
        ConsumerRecord<String, String> record = malformed.record();
        untilDone.get(() -> {
            Poll.send(deadLetters, malformed);
            return null;
        }, Void.class);
        deadLetterCounter().increment();
        LOG.warnf("judged rollout at %s-%d offset %d sent to %s: %s", record.topic(), record.partition(), record.offset(),
                Topics.deadLetter(Topics.ROLLOUTS_JUDGED), malformed.reason());
    }

    private Counter stored() {
        return Counter.builder(Metrics.ROLLOUTS_STORED.name()).description(Metrics.ROLLOUTS_STORED.description()).register(registry);
    }

    private Counter duplicates() {
        return Counter.builder(Metrics.ROLLOUTS_DUPLICATE.name()).description(Metrics.ROLLOUTS_DUPLICATE.description()).register(registry);
    }

    private Counter deadLetterCounter() {
        return Poll.deadLetterCounter(registry, Topics.Channels.ROLLOUTS_JUDGED);
    }
}
