package io.faithwatch.pairbuilder.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import io.faithwatch.events.CheckpointRequested;
import io.faithwatch.events.Events;
import io.faithwatch.events.HintType;
import io.faithwatch.events.PairCreated;
import io.faithwatch.events.testing.CheckpointRequestedBuilder;
import io.faithwatch.testsupport.InMemoryChannels;
import io.faithwatch.testsupport.KafkaTestResource;
import io.faithwatch.testsupport.MessagingEdgeTest;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import io.smallrye.reactive.messaging.memory.InMemorySource;

/**
 * pair-builder's Kafka edge on in-memory channels (its registry on the test broker): a checkpoint becomes its pairs,
 * each keyed by its question, and is acknowledged once they are; the same checkpoint again publishes nothing; one that
 * cannot be planned is nacked with the reason and publishes nothing. CheckpointConsumerIT does the same through the
 * real broker.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = InMemoryChannels.class, initArgs = { @ResourceArg(name = "incoming", value = "checkpoints"),
        @ResourceArg(name = "outgoing", value = "pairs,checkpoint-requests,rollout-requests") })
class CheckpointConsumerTest extends MessagingEdgeTest {
    static CheckpointRequested checkpoint(String id, String bank) {
        return CheckpointRequestedBuilder.checkpoint(id).run("run-mem").banks(bank).sample(5).hintTypes(HintType.SYCOPHANCY, HintType.METADATA)
                .seed(3).build();
    }

    /** Sends a checkpoint and waits until it is acknowledged or nacked: true when acknowledged. */
    static boolean take(InMemorySource<Message<String>> checkpoints, String payload, AtomicReference<Throwable> nacked) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        checkpoints.send(Message.of(payload).withAck(() -> {
            done.complete(true);
            return CompletableFuture.completedFuture(null);
        }).withNack(e -> {
            nacked.set(e);
            done.complete(false);
            return CompletableFuture.completedFuture(null);
        }));
        await().atMost(Duration.ofSeconds(60)).until(done::isDone);
        return done.join();
    }

    List<PairCreated> pairsOf(String checkpoint) {
        InMemorySink<String> pairs = connector.sink("pairs");
        return pairs.received().stream().map(m -> Events.decode(m.getPayload(), PairCreated.class)).filter(p -> p.checkpointId().equals(checkpoint))
                .toList();
    }

    @Test
    void aCheckpointBecomesItsKeyedPairsOnceWhateverItIsDeliveredAgain() {
        InMemorySource<Message<String>> checkpoints = connector.source("checkpoints");
        String payload = Events.encode(checkpoint("ckpt-mem-p", "builtin"));
        assertThat(take(checkpoints, payload, new AtomicReference<>())).isTrue();
        // Acknowledged only once every pair is on the (in-memory) broker.
        List<PairCreated> pairs = pairsOf("ckpt-mem-p");
        assertThat(pairs).hasSize(10).extracting(PairCreated::pairId).doesNotHaveDuplicates();
        InMemorySink<String> sink = connector.sink("pairs");
        assertThat(sink.received()).filteredOn(m -> m.getPayload().contains("ckpt-mem-p")).allSatisfy(m -> assertThat(
                m.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getKey()).isEqualTo(Events.decode(m.getPayload(), PairCreated.class)
                        .key()));

        // The same checkpoint again: acknowledged, and not one pair more.
        assertThat(take(checkpoints, payload, new AtomicReference<>())).isTrue();
        assertThat(pairsOf("ckpt-mem-p")).hasSize(10);
    }

    @Test
    void aCheckpointThatCannotBePlannedIsNackedWithItsReasonAndPublishesNothing() {
        InMemorySource<Message<String>> checkpoints = connector.source("checkpoints");
        AtomicReference<Throwable> reason = new AtomicReference<>();
        assertThat(take(checkpoints, Events.encode(checkpoint("ckpt-mem-bad", "mmlu:/nowhere/mmlu")), reason)).isFalse();
        assertThat(reason.get()).hasMessageStartingWith("banks[0]: mmlu:/nowhere/mmlu is outside the bank roots [");
        assertThat(pairsOf("ckpt-mem-bad")).isEmpty();
        assertThat(deadLettered("checkpoints")).isGreaterThanOrEqualTo(1);
    }
}
