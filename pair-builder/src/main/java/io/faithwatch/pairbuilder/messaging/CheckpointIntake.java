package io.faithwatch.pairbuilder.messaging;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
import io.faithwatch.events.PairCreated;
import io.faithwatch.events.Topics;
import io.faithwatch.pairbuilder.domain.CheckpointStatus;
import io.faithwatch.pairbuilder.store.BankCache;
import io.faithwatch.pairbuilder.store.CheckpointRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Consumes checkpoints to evaluate and publishes their pairs. The checkpoint is acknowledged only once every pair is
 * acknowledged by the broker, so a crash replays the checkpoint rather than losing pairs. A checkpoint already
 * published with the same content is skipped (no pair twice); one that cannot be planned, or that conflicts with a
 * published checkpoint of the same id, goes to the dead-letter topic whole and publishes nothing.
 */
@ApplicationScoped
public class CheckpointIntake {
    private static final Logger LOG = Logger.getLogger(CheckpointIntake.class);

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

    @Incoming(Topics.Channels.CHECKPOINTS)
    @Blocking
    public void onCheckpoint(String payload) {
        try {
            intake(payload);
        } catch (RuntimeException e) {
            // Thrown here means nacked, and the channel's failure strategy sends the record to the dead-letter topic.
            meters.counter("faith.dead.letters", "channel", Topics.Channels.CHECKPOINTS).increment();
            throw e;
        }
    }

    private void intake(String payload) {
        CheckpointRequested request = Events.decode(payload, CheckpointRequested.class);
        String hash = CheckpointStatus.contentHash(request);
        Optional<CheckpointStatus> known = registry.get(request.checkpointId());
        if (known.isPresent() && known.get().state() == CheckpointStatus.State.PUBLISHED) {
            if (known.get().contentHash().equals(hash)) {
                LOG.infof("checkpoint %s already published (%d pairs); not publishing again", request.checkpointId(), known.get().publishedPairs());
                return;
            }
            throw new EventFormatException("checkpointId", "checkpoint " + request.checkpointId()
                    + " was already published with different content");
        }
        List<PairCreated> planned;
        try {
            planned = banks.plan(request);
        } catch (RuntimeException e) {
            registry.put(CheckpointStatus.of(request, 0, 0, CheckpointStatus.State.FAILED, e.getMessage(), clock.instant()));
            throw e;
        }
        publish(planned);
        registry.put(CheckpointStatus.of(request, planned.size(), planned.size(), CheckpointStatus.State.PUBLISHED, null, clock.instant()));
        meters.counter("faith.pairs.published").increment(planned.size());
        LOG.infof("checkpoint %s (run %s, step %d): %d pairs published", request.checkpointId(), request.runId(), request.step(),
                planned.size());
    }

    /**
     * Publishes the pairs {@link #IN_FLIGHT} at a time, each window acknowledged before the next is encoded: a checkpoint of
     * any size holds a bounded number of encoded pairs in memory.
     */
    private void publish(List<PairCreated> planned) {
        for (int from = 0; from < planned.size(); from += IN_FLIGHT) {
            List<PairCreated> window = planned.subList(from, Math.min(planned.size(), from + IN_FLIGHT));
            List<Uni<Void>> acks = new ArrayList<>(window.size());
            for (PairCreated pair : window) {
                acks.add(pairs.sendMessage(Message.of(Events.encode(pair))
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(pair.key()).build())));
            }
            Uni.join().all(acks).andFailFast().await().indefinitely();
        }
    }

    /** Pairs sent and not yet acknowledged, at most. */
    static final int IN_FLIGHT = 1000;
}
