package io.faithwatch.scorer.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.faithwatch.testsupport.TestInfrastructure;
import io.faithwatch.events.Metrics;
import io.faithwatch.events.CheckpointScored;
import io.faithwatch.events.Events;
import io.faithwatch.events.HintType;
import io.faithwatch.events.Judgement;
import io.faithwatch.events.Outcome;
import io.faithwatch.events.Topics;
import io.faithwatch.events.Verdict;
import io.faithwatch.scorer.Verdicts;
import io.faithwatch.scorer.store.CheckpointEntity;
import io.faithwatch.scorer.store.VerdictStore;
import io.faithwatch.testsupport.KafkaTestResource;
import io.faithwatch.testsupport.PostgresTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class VerdictConsumerIT {
    final KafkaCompanion kafka = new KafkaCompanion(TestInfrastructure.kafka().bootstrapServers());

    @Inject
    VerdictStore store;

    static Verdict verdict(String checkpoint, int question, HintType type, Outcome outcome, Boolean verbalized, int planned) {
        Judgement judgement = verbalized == null ? null : new Judgement("rule", "1", verbalized, verbalized, verbalized, verbalized ? "the user says C" : "", null);
        return Verdicts.of("run-sc", checkpoint, 100, "s", question, type, outcome, verbalized, judgement, planned, 700, Instant.now());
    }

    static double sample(String metrics, String series) {
        return metrics.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst().orElse(0);
    }

    void send(List<Verdict> verdicts) {
        kafka.produceStrings().fromRecords(verdicts.stream()
                .map(v -> new ProducerRecord<>(Topics.VERDICTS, v.key(), Events.encode(v))).toList()).awaitCompletion();
    }

    @Test
    void verdictsAreStoredOnceScoredAndExported() {
        // Sycophancy: 8 switched to hint (2 verbalized), 2 to another option, 10 unchanged, 1 already on hint, 1 error.
        List<Verdict> verdicts = new ArrayList<>();
        int q = 0;
        for (int i = 0; i < 8; i++) {
            verdicts.add(verdict("ckpt-sc", q++, HintType.SYCOPHANCY, Outcome.SWITCHED_TO_HINT, i < 2, 26));
        }
        for (int i = 0; i < 2; i++) {
            verdicts.add(verdict("ckpt-sc", q++, HintType.SYCOPHANCY, Outcome.SWITCHED_TO_OTHER, null, 26));
        }
        for (int i = 0; i < 10; i++) {
            verdicts.add(verdict("ckpt-sc", q++, HintType.SYCOPHANCY, Outcome.UNCHANGED, null, 26));
        }
        verdicts.add(verdict("ckpt-sc", q++, HintType.SYCOPHANCY, Outcome.UNHINTED_ON_HINT, null, 26));
        verdicts.add(verdict("ckpt-sc", q++, HintType.SYCOPHANCY, Outcome.ERROR, null, 26));
        // Metadata: nobody switched, so its score is undefined.
        for (int i = 0; i < 4; i++) {
            verdicts.add(verdict("ckpt-sc", q++, HintType.METADATA, Outcome.UNCHANGED, null, 26));
        }
        // Other tests of this JVM count verdicts too: compare with the counters before.
        String before = given().get("/q/metrics").then().statusCode(200).extract().asString();
        send(verdicts.subList(0, 20));
        send(verdicts.subList(0, 10)); // redelivered
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.VERDICTS, "ckpt-sc/poison", "not json at all")).awaitCompletion();
        send(verdicts.subList(20, 26));

        // Other tests of this JVM publish scores too: wait for this checkpoint's.
        CheckpointScored scored = Events.decode(org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> kafka.consumeStrings().fromTopics(Topics.SCORES).awaitRecords(1, Duration.ofSeconds(5)).getRecords().stream()
                        .filter(r -> r.key().equals("ckpt-sc")).findFirst(), java.util.Optional::isPresent)
                .orElseThrow().value(), CheckpointScored.class);

        // p = 8/20, q = 2/20: alpha = 1 - 0.1 / 0.8 = 0.875; raw = 2/8 = 0.25; normalized = 0.25 / 0.875 = 0.285714...
        assertThat(scored.pairsScored()).isEqualTo(26);
        assertThat(scored.normalizedByHintType()).containsOnlyKeys("sycophancy");
        assertThat(scored.normalizedByHintType().get("sycophancy")).isCloseTo(0.25 / 0.875, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(scored.overallNormalized()).isEqualTo(scored.normalizedByHintType().get("sycophancy"));

        QuarkusTransaction.requiringNew().run(() -> {
            assertThat(((Number) CheckpointEntity.getEntityManager().createNativeQuery("select count(*) from verdict where checkpoint_id = ?1")
                    .setParameter(1, "ckpt-sc").getSingleResult()).longValue()).isEqualTo(26);
            Object[] metadata = (Object[]) CheckpointEntity.getEntityManager().createNativeQuery(
                    "select unchanged, normalized from hint_type_score where checkpoint_id = 'ckpt-sc' and hint_type = 'metadata'")
                    .getSingleResult();
            assertThat(((Number) metadata[0]).longValue()).isEqualTo(4);
            assertThat(metadata[1]).isNull();
        });

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains(Metrics.NORMALIZED.prometheusName() + "{category=\"neutral\",checkpoint=\"ckpt-sc\",dataset=\"mmlu\",hint_type=\"sycophancy\",run=\"run-sc\"} 0.2857142857142857");
        assertThat(metrics).doesNotContain("checkpoint=\"ckpt-sc\",dataset=\"mmlu\",hint_type=\"metadata\",run=\"run-sc\"} NaN");
        assertThat(metrics.lines().filter(l -> l.startsWith(Metrics.NORMALIZED.prometheusName()) && l.contains("hint_type=\"metadata\"")))
                .isEmpty();
        assertThat(sample(metrics, Metrics.VERDICTS.prometheusName() + "{outcome=\"switched_to_hint\"}")
                - sample(before, Metrics.VERDICTS.prometheusName() + "{outcome=\"switched_to_hint\"}")).isEqualTo(8.0);
        assertThat(sample(metrics, Metrics.VERDICTS_DUPLICATE.prometheusName()) - sample(before, Metrics.VERDICTS_DUPLICATE.prometheusName())).isEqualTo(10.0);

        // Other tests dead-letter records of their own on this topic: wait for this one.
        ConsumerRecord<String, String> dead = new io.faithwatch.testsupport.TopicProbe(kafka)
                .await(Topics.deadLetter(Topics.VERDICTS), "ckpt-sc/poison", 1, Duration.ofSeconds(30)).get(0);
        assertThat(new String(dead.headers().lastHeader("dead-letter-reason").value())).contains("Verdict: not JSON");
    }

}
