package io.faithwatch.pairbuilder.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.faithwatch.testsupport.TestInfrastructure;
import io.faithwatch.events.CheckpointRequested;
import io.faithwatch.events.Events;
import io.faithwatch.events.HintType;
import io.faithwatch.events.PairCreated;
import io.faithwatch.events.Topics;
import io.faithwatch.testsupport.KafkaTestResource;
import io.faithwatch.localstack.RepoRoot;
import io.faithwatch.testsupport.TopicProbe;
import io.faithwatch.events.testing.CheckpointRequestedBuilder;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class CheckpointConsumerIT {
    final KafkaCompanion kafka = new KafkaCompanion(TestInfrastructure.kafka().bootstrapServers());

    static CheckpointRequested checkpoint(String id, String bank, int sample) {
        return CheckpointRequestedBuilder.checkpoint(id).run("run-intake").step(5).banks(bank).sample(sample)
                .hintTypes(HintType.SYCOPHANCY, HintType.METADATA).seed(11).build();
    }

    @Test
    void aCheckpointBecomesKeyedPairsOnTheBroker() {
        String bank = "mmlu:" + RepoRoot.shared().resolve("datasets/mmlu/test");
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.CHECKPOINTS, "ckpt-intake-1",
                Events.encode(checkpoint("ckpt-intake-1", bank, 15))));

        List<PairCreated> pairs = new TopicProbe(kafka).await(Topics.PAIRS, "ckpt-intake-1/", 30, Duration.ofSeconds(60)).stream()
                .map(r -> {
                    PairCreated pair = Events.decode(r.value(), PairCreated.class);
                    assertThat(r.key()).isEqualTo(pair.key());
                    return pair;
                })
                .toList();

        assertThat(pairs).hasSize(30).extracting(PairCreated::pairId).doesNotHaveDuplicates();
        // Delivered again (a retry upstream, a replay): already published with the same content, so no pair twice. The
        // intake has taken the copy once pair-builder's committed offset is past it; only then is the count telling.
        RecordMetadata copy = kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.CHECKPOINTS, "ckpt-intake-1",
                Events.encode(checkpoint("ckpt-intake-1", bank, 15)))).awaitCompletion().getFirstRecord();
        TopicPartition partition = new TopicPartition(copy.topic(), copy.partition());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            OffsetAndMetadata committed = kafka.consumerGroups().offsets("pair-builder", List.of(partition)).get(partition);
            return committed != null && committed.offset() > copy.offset();
        });
        assertThat(new TopicProbe(kafka).within(Topics.PAIRS, "ckpt-intake-1/", Duration.ofSeconds(3))).hasSize(30);

        assertThat(pairs.stream().collect(java.util.stream.Collectors.groupingBy(PairCreated::questionId, java.util.stream.Collectors.counting())))
                .hasSize(15).allSatisfy((question, count) -> assertThat(count).isEqualTo(2L));
    }

    @Test
    void aCheckpointWithABadBankGoesToTheDeadLetterTopicAndPublishesNothing() {
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.CHECKPOINTS, "ckpt-intake-bad",
                Events.encode(checkpoint("ckpt-intake-bad", "mmlu:" + RepoRoot.shared().resolve("datasets/nowhere"), 5))));
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.CHECKPOINTS, "ckpt-intake-outside",
                Events.encode(checkpoint("ckpt-intake-outside", "jsonl:/etc/passwd", 5))));
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.CHECKPOINTS, "garbage", "{not json"));

        TopicProbe probe = new TopicProbe(kafka);
        assertThat(probe.await(Topics.deadLetter(Topics.CHECKPOINTS), "garbage", 1, Duration.ofSeconds(60))).hasSize(1);
        ConsumerRecord<String, String> badBank = probe.await(Topics.deadLetter(Topics.CHECKPOINTS), "ckpt-intake-bad", 1,
                Duration.ofSeconds(60)).get(0);
        assertThat(new String(badBank.headers().lastHeader("dead-letter-reason").value()))
                .isEqualTo("banks[0]: mmlu bank: " + RepoRoot.shared().resolve("datasets/nowhere") + " does not exist");
        assertThat(new TopicProbe(kafka).within(Topics.PAIRS, "ckpt-intake-bad/", Duration.ofSeconds(2))).isEmpty();

        // Outside the bank roots: the same path, failed and dead-lettered, and the reason says nothing about the file.
        ConsumerRecord<String, String> outside = probe.await(Topics.deadLetter(Topics.CHECKPOINTS), "ckpt-intake-outside", 1,
                Duration.ofSeconds(60)).get(0);
        String reason = new String(outside.headers().lastHeader("dead-letter-reason").value());
        assertThat(reason).startsWith("banks[0]: jsonl:/etc/passwd is outside the bank roots [").endsWith("] (faith.pair-builder.bank-roots)")
                .doesNotContain("root:");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/checkpoints/ckpt-intake-outside").then().statusCode(200)
                .body("state", equalTo("failed")).body("error", equalTo(reason)));
        assertThat(new TopicProbe(kafka).within(Topics.PAIRS, "ckpt-intake-outside/", Duration.ofSeconds(2))).isEmpty();
    }
}
