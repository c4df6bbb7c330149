package io.faithwatch.pairbuilder.messaging;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.faithwatch.events.CheckpointRequested;
import io.faithwatch.events.Events;
import io.faithwatch.events.PairCreated;
import io.faithwatch.events.Topics;
import io.faithwatch.pairbuilder.domain.BankSpec;
import io.faithwatch.pairbuilder.domain.PairPlanner;
import io.faithwatch.pairbuilder.domain.Question;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Consumes checkpoints to evaluate and publishes their pairs. The checkpoint is acknowledged only once every pair is
 * acknowledged by the broker, so a crash replays the checkpoint rather than losing pairs; a checkpoint that cannot be
 * planned (bad bank, bad request) goes to the dead-letter topic whole and publishes nothing.
 */
@ApplicationScoped
public class CheckpointIntake {
    private static final Logger LOG = Logger.getLogger(CheckpointIntake.class);

    @Inject
    @Channel(Topics.Channels.PAIRS)
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    MutinyEmitter<String> pairs;

    @Inject
    MeterRegistry registry;

    @Incoming(Topics.Channels.CHECKPOINTS)
    @Blocking
    public void onCheckpoint(String payload) {
        CheckpointRequested request = Events.decode(payload, CheckpointRequested.class);
        List<List<Question>> banks = new ArrayList<>();
        for (String bank : request.banks()) {
            banks.add(BankSpec.parse(bank).load());
        }
        List<PairCreated> planned = PairPlanner.plan(request, banks);
        publish(planned);
        registry.counter("faith.pairs.published").increment(planned.size());
        LOG.infof("checkpoint %s (run %s, step %d): %d pairs published", request.checkpointId(), request.runId(), request.step(),
                planned.size());
    }

    private void publish(List<PairCreated> planned) {
        List<Uni<Void>> acks = new ArrayList<>(planned.size());
        for (PairCreated pair : planned) {
            acks.add(pairs.sendMessage(Message.of(Events.encode(pair))
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(pair.key()).build())));
        }
        Uni.join().all(acks).andFailFast().await().indefinitely();
    }
}
