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
import io.faithwatch.events.Topics;
import io.faithwatch.events.Verdict;
import io.faithwatch.events.messaging.Outages;
import io.faithwatch.scorer.metrics.FigureGauges;
import io.faithwatch.scorer.store.VerdictStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * Stores each verdict once, updates the figures and, when a checkpoint's last planned pair arrives, publishes that it
 * is scored. Verdicts come in batches (one poll), stored in one transaction: the cost of a commit is shared by the
 * batch. A malformed verdict goes to the dead-letter topic on its own, with the reason; the rest of its batch is
 * stored. A database that is away is waited for (the batch is retried, never dead-lettered), so no result is lost.
 */
@ApplicationScoped
public class VerdictConsumer {
    private static final Logger LOG = Logger.getLogger(VerdictConsumer.class);

    @Inject
    VerdictStore store;

    @Inject
    FigureGauges board;

    @Inject
    CheckpointScoredPublisher scored;

    @Inject
    MeterRegistry registry;

    @Inject
    @Channel(Topics.Channels.VERDICTS_DEAD_LETTERS)
    MutinyEmitter<String> deadLetters;

    /** Waits out a database or broker that is away: retried with backoff for up to a day, never given up early. */
    private final Guard untilDone = Outages.waitOut(
            e -> LOG.warnf("database or broker not available, retrying: %s", e.toString()));

    /**
     * Gauges come back from the database, not from zero; a completion whose event was not sent is sent now. The counters
     * of rare events exist from the start, at zero, so that rate() and alerts see them before the first one.
     */
    void rebuild(@Observes StartupEvent startup) {
        deadLetterCounter();
        registry.counter(Metrics.VERDICTS_DUPLICATE.name());
        registry.counter(Metrics.VERDICTS_JUDGE_FAILED.name());
        store.deriveMissing();
        board.rebuild();
        store.completeButUnpublished().forEach(scored::publish);
        store.completeWithoutSummaries().forEach(id -> scored.keepSummaries(store.checkpoint(id)));
        board.startRefreshing();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        board.stopRefreshing();
    }

    @Incoming(Topics.Channels.VERDICTS)
    @Blocking
    public void onVerdicts(ConsumerRecords<String, String> records) {
        Poll<Verdict> poll = Poll.read(records, Verdict.class);
        List<Verdict> verdicts = poll.events();
        VerdictStore.Batch batch = untilDone.get(() -> store.storeAll(verdicts), VerdictStore.Batch.class);
        poll.malformed().forEach(this::deadLetter);
        if (!batch.duplicates().isEmpty()) {
            registry.counter(Metrics.VERDICTS_DUPLICATE.name()).increment(batch.duplicates().size());
            LOG.debugf("%d verdicts already stored; ignored", batch.duplicates().size());
        }
        for (Verdict verdict : batch.inserted()) {
            registry.counter(Metrics.VERDICTS.name(), Metrics.Tag.OUTCOME, verdict.outcome().wireName()).increment();
            if (verdict.judgeFailed()) {
                registry.counter(Metrics.VERDICTS_JUDGE_FAILED.name()).increment();
            }
        }
        board.onStored(batch.groups());
        batch.completed().forEach(scored::publish);
    }

    /** The record as it came, to the dead-letter topic, with the headers the Kafka connector's own dead-letter queue sets. */
    private void deadLetter(Poll.Malformed malformed) {
        ConsumerRecord<String, String> record = malformed.record();
        untilDone.get(() -> {
            Poll.send(deadLetters, malformed);
            return null;
        }, Void.class);
        deadLetterCounter().increment();
        LOG.warnf("verdict at %s-%d offset %d sent to %s: %s", record.topic(), record.partition(), record.offset(),
                Topics.deadLetter(Topics.VERDICTS), malformed.reason());
    }

    private Counter deadLetterCounter() {
        return Poll.deadLetterCounter(registry, Topics.Channels.VERDICTS);
    }
}
