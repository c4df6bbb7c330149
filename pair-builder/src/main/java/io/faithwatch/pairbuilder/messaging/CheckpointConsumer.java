package io.faithwatch.pairbuilder.messaging;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.faithwatch.events.CheckpointRequested;
import io.faithwatch.events.EventFormatException;
import io.faithwatch.events.Events;
import io.faithwatch.events.Metrics;
import io.faithwatch.events.PairCreated;
import io.faithwatch.events.Topics;
import io.faithwatch.events.messaging.IncomingKeys;
import io.faithwatch.events.messaging.Outages;
import io.faithwatch.pairbuilder.domain.Admission;
import io.faithwatch.pairbuilder.domain.CheckpointStatus;
import io.faithwatch.pairbuilder.store.BankCache;
import io.faithwatch.pairbuilder.store.CheckpointRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Consumes checkpoints to evaluate and publishes their pairs. The checkpoint is acknowledged only once every pair is
 * acknowledged by the broker, so a crash replays the checkpoint rather than losing pairs. Whether a checkpoint is known
 * is decided by {@link Admission}, as over REST: the same content already published is skipped (no pair twice); a
 * checkpoint recorded as taken but not published (an intake that stopped midway) is published again, its pairs under
 * the same ids, which every consumer downstream counts once.
 *
 * <p>Only a checkpoint that breaks the contract goes to the dead-letter topic: one without a record key, one that cannot be decoded, cannot be
 * planned (a bank missing, malformed or outside the bank roots: recorded as failed, nothing published), or conflicts with
 * one taken under its id.
 * The broker or the registry being away is waited out, never a reason to dead-letter a valid checkpoint.
 */
@ApplicationScoped
public class CheckpointConsumer {
    private static final Logger LOG = Logger.getLogger(CheckpointConsumer.class);

    @Inject
    @Channel(Topics.Channels.PAIRS)
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    MutinyEmitter<String> pairs;

    @Inject
    BankCache banks;

    @Inject
    CheckpointRegistry registry;

    @Inject
    MeterRegistry meters;

    private final Clock clock = Clock.systemUTC();

    /** Writes a status or pairs whatever the broker's state: retried with backoff for up to a day, never given up early. */
    private final Guard untilDone = Outages.waitOut(
            e -> LOG.warnf("broker not available, retrying: %s", e.getMessage()));

    @Incoming(Topics.Channels.CHECKPOINTS)
    @Blocking
    public CompletionStage<Void> onCheckpoint(Message<String> message) {
        try {
            take(IncomingKeys.of(message), message.getPayload());
        } catch (RuntimeException e) {
            // The channel's failure strategy sends a nacked checkpoint to the dead-letter topic.
            return message.nack(e);
        }
        return message.ack();
    }

    private void take(String key, String payload) {
        CheckpointRequested request;
        try {
            // Keyed by checkpoint id like every input topic: a keyless copy could be taken beside another on a second partition.
            request = Events.decode(key, payload, CheckpointRequested.class);
        } catch (RuntimeException e) {
            throw deadLetter(e);
        }
        Optional<CheckpointStatus> known = registry.get(request.checkpointId());
        Admission admission = Admission.of(known, CheckpointStatus.contentHash(request));
        if (admission == Admission.CONFLICT) {
            throw deadLetter(new EventFormatException("checkpointId", "checkpoint " + request.checkpointId()
                    + " was already taken with different content"));
        }
        if (admission == Admission.SAME && known.get().state() == CheckpointStatus.State.PUBLISHED) {
            LOG.infof("checkpoint %s already published (%d pairs); not publishing again", request.checkpointId(), known.get().publishedPairs());
            return;
        }
        if (admission == Admission.NEW) {
            record(CheckpointStatus.of(request, 0, 0, CheckpointStatus.State.ACCEPTED, null, clock.instant()));
        } else {
            LOG.infof("checkpoint %s was taken but not published to the end; publishing its pairs again", request.checkpointId());
        }
        List<PairCreated> planned;
        try {
            planned = banks.plan(request);
        } catch (RuntimeException e) {
            // A bank missing, malformed or outside the bank roots, a sample larger than a bank: planning reads local files only.
            record(CheckpointStatus.of(request, 0, 0, CheckpointStatus.State.FAILED, e.getMessage(), clock.instant()));
            throw deadLetter(e);
        }
        publish(planned);
        record(CheckpointStatus.of(request, planned.size(), planned.size(), CheckpointStatus.State.PUBLISHED, null, clock.instant()));
        meters.counter(Metrics.PAIRS_PUBLISHED.name()).increment(planned.size());
        LOG.infof("checkpoint %s (run %s, step %d): %d pairs published", request.checkpointId(), request.runId(), request.step(),
                planned.size());
    }

    private void record(CheckpointStatus status) {
        untilDone.get(() -> {
            registry.put(status);
            return null;
        }, Void.class);
    }

    /** Counted; thrown, it nacks the record, and the channel's failure strategy sends it to the dead-letter topic. */
    private RuntimeException deadLetter(RuntimeException reason) {
        meters.counter(Metrics.DEAD_LETTERS.name(), Metrics.Tag.CHANNEL, Topics.Channels.CHECKPOINTS).increment();
        return reason;
    }

    /**
     * Publishes the pairs {@link #IN_FLIGHT} at a time, each window acknowledged before the next is encoded: a checkpoint of
     * any size holds a bounded number of encoded pairs in memory. A send waits for a broker that is away (the channel's
     * delivery timeout is unbounded); one that fails all the same is made again, so a pair may reach the topic twice
     * (its id is the same; consumers count it once), never not at all.
     */
    private void publish(List<PairCreated> planned) {
        for (int from = 0; from < planned.size(); from += IN_FLIGHT) {
            List<PairCreated> pending = new ArrayList<>(planned.subList(from, Math.min(planned.size(), from + IN_FLIGHT)));
            untilDone.get(() -> {
                List<PairCreated> failed = send(pending);
                pending.clear();
                pending.addAll(failed);
                if (!pending.isEmpty()) {
                    throw new IllegalStateException(pending.size() + " pairs not acknowledged by the broker");
                }
                return null;
            }, Void.class);
        }
    }

    /** Sends the pairs and waits for every acknowledgement; the pairs whose send failed. */
    private List<PairCreated> send(List<PairCreated> window) {
        List<Uni<Boolean>> acks = new ArrayList<>(window.size());
        for (PairCreated pair : window) {
            acks.add(pairs.sendMessage(Message.of(Events.encode(pair))
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(pair.key()).build()))
                    .onItemOrFailure().transform((ok, failure) -> failure == null));
        }
        List<Boolean> sent = Uni.join().all(acks).andCollectFailures().await().indefinitely();
        List<PairCreated> failed = new ArrayList<>();
        for (int i = 0; i < window.size(); i++) {
            if (!sent.get(i)) {
                failed.add(window.get(i));
            }
        }
        return failed;
    }

    /** Pairs sent and not yet acknowledged, at most. */
    static final int IN_FLIGHT = 1000;
}
