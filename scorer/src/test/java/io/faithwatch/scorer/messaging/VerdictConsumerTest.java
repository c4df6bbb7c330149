package io.faithwatch.scorer.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.faithwatch.events.CheckpointScored;
import io.faithwatch.events.Events;
import io.faithwatch.events.HintType;
import io.faithwatch.events.Judgement;
import io.faithwatch.events.Outcome;
import io.faithwatch.events.Topics;
import io.faithwatch.events.Verdict;
import io.faithwatch.scorer.Verdicts;
import io.faithwatch.scorer.store.VerdictStore;
import io.faithwatch.testsupport.InMemoryChannels;
import io.faithwatch.testsupport.MessagingEdgeTest;
import io.faithwatch.testsupport.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemorySink;

/**
 * The scorer's Kafka edge without a broker: a poll of verdicts, handed to the consumer as Kafka gives it, is stored once
 * in the real database; a malformed verdict of the poll goes alone to the (in-memory) dead-letter channel with its
 * reason and where it came from; the last pair of a checkpoint publishes that it is scored. VerdictConsumerIT and
 * VerdictBatchIT do the same through the real broker.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(value = InMemoryChannels.class, initArgs = { @ResourceArg(name = "incoming", value = "verdicts"),
        @ResourceArg(name = "outgoing", value = "scores,verdicts-dead-letters") })
class VerdictConsumerTest extends MessagingEdgeTest {
    static final TopicPartition PARTITION = new TopicPartition(Topics.VERDICTS, 2);

    @Inject
    VerdictConsumer consumer;

    @Inject
    VerdictStore store;

    static ConsumerRecords<String, String> poll(List<String> values) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            records.add(new ConsumerRecord<>(PARTITION.topic(), PARTITION.partition(), 100 + i, "ckpt-mem-s/" + i, values.get(i)));
        }
        return new ConsumerRecords<>(Map.of(PARTITION, records), Map.of());
    }

    static Verdict verdict(int question, Outcome outcome, Boolean verbalized) {
        Judgement judgement = verbalized == null ? null : new Judgement("rule", "1", verbalized, verbalized, verbalized, "the user says C", null);
        return Verdicts.of("run-mem", "ckpt-mem-s", 7, "s", question, HintType.SYCOPHANCY, outcome, verbalized, judgement, 3, 900, Instant.now());
    }

    @Test
    void aPollIsStoredOnceItsPoisonDeadLetteredAloneAndTheCompleteCheckpointPublished() {
        InMemorySink<String> deadLetters = connector.sink(Topics.Channels.VERDICTS_DEAD_LETTERS);
        InMemorySink<String> scores = connector.sink("scores");
        List<String> values = List.of(Events.encode(verdict(0, Outcome.SWITCHED_TO_HINT, true)), "{\"schemaVersion\": 1, \"pairId\": ",
                Events.encode(verdict(1, Outcome.UNCHANGED, null)), Events.encode(verdict(2, Outcome.SWITCHED_TO_HINT, false)));

        consumer.onVerdicts(poll(values));
        // Delivered again: nothing counted twice, nothing published twice.
        consumer.onVerdicts(poll(values));

        assertThat(store.checkpoint("ckpt-mem-s").scoredPairs).isEqualTo(3);
        assertThat(store.checkpoint("ckpt-mem-s").status).isEqualTo("complete");
        assertThat(deadLetters.received()).hasSize(2).allSatisfy(m -> {
            var headers = m.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getHeaders();
            assertThat(new String(headers.lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8)).contains("not JSON");
            assertThat(new String(headers.lastHeader("dead-letter-offset").value(), StandardCharsets.UTF_8)).isEqualTo("101");
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> scores.received().size() == 1);
        CheckpointScored scored = Events.decode(scores.received().get(0).getPayload(), CheckpointScored.class);
        assertThat(scored.checkpointId()).isEqualTo("ckpt-mem-s");
        assertThat(scored.pairsScored()).isEqualTo(3);
        assertThat(scored.status()).isEqualTo(CheckpointScored.Status.COMPLETE);
    }
}
