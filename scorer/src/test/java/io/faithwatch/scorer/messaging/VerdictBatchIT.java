package io.faithwatch.scorer.messaging;

import static io.faithwatch.scorer.messaging.VerdictConsumerIT.sample;
import static io.faithwatch.scorer.messaging.VerdictConsumerIT.verdict;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.faithwatch.testsupport.TestInfrastructure;
import io.faithwatch.events.Metrics;
import io.faithwatch.events.Events;
import io.faithwatch.events.HintType;
import io.faithwatch.events.Outcome;
import io.faithwatch.events.Topics;
import io.faithwatch.events.Verdict;
import io.faithwatch.scorer.domain.GroupFigures;
import io.faithwatch.scorer.store.CheckpointEntity;
import io.faithwatch.scorer.store.VerdictStore;
import io.faithwatch.testsupport.KafkaTestResource;
import io.faithwatch.testsupport.LogCapture;
import io.faithwatch.testsupport.PostgresTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * Verdicts are stored a batch (one poll) per transaction: poison inside a batch goes to the dead-letter topic alone and
 * is counted, the rest of the batch is stored; overlapping batches stored at once count each pair once; a database that
 * is away is waited for, never dead-lettered.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class VerdictBatchIT {
    static final String DEAD = Metrics.DEAD_LETTERS.prometheusName() + "{channel=\"verdicts\"}";
    final KafkaCompanion kafka = new KafkaCompanion(TestInfrastructure.kafka().bootstrapServers());

    @Inject
    VerdictStore store;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    static long stored(String checkpoint) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) CheckpointEntity.getEntityManager().createNativeQuery("select count(*) from verdict where checkpoint_id = ?1")
                .setParameter(1, checkpoint).getSingleResult()).longValue());
    }

    @Test
    void poisonInABatchIsDeadLetteredAloneWithItsReasonAndTheRestIsStored() {
        String before = metrics();
        assertThat(before).contains(DEAD);
        List<Verdict> good = new ArrayList<>();
        for (int q = 0; q < 10; q++) {
            good.add(verdict("ckpt-batch", q, HintType.SYCOPHANCY, q % 2 == 0 ? Outcome.SWITCHED_TO_HINT : Outcome.UNCHANGED,
                    q % 2 == 0 ? q % 4 == 0 : null, 10));
        }
        String wrongVersion = Events.encode(good.get(0)).replaceFirst("\"schemaVersion\":1", "\"schemaVersion\":99");
        String noPairId = Events.encode(good.get(1)).replaceFirst("\"pairId\":\"[^\"]*\",", "");
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        good.subList(0, 5).forEach(v -> records.add(new ProducerRecord<>(Topics.VERDICTS, "batch-key", Events.encode(v))));
        records.add(new ProducerRecord<>(Topics.VERDICTS, "batch-poison/not-json", "{not json"));
        records.add(new ProducerRecord<>(Topics.VERDICTS, "batch-poison/version", wrongVersion));
        records.add(new ProducerRecord<>(Topics.VERDICTS, "batch-poison/no-pair-id", noPairId));
        good.subList(5, 10).forEach(v -> records.add(new ProducerRecord<>(Topics.VERDICTS, "batch-key", Events.encode(v))));
        records.add(new ProducerRecord<>(Topics.VERDICTS, "batch-key", Events.encode(good.get(2)))); // redelivered in the same batch
        // One key for the good ones: one partition, so they arrive in the same polls as the poison between them.
        kafka.produceStrings().fromRecords(records).awaitCompletion();

        await().atMost(Duration.ofSeconds(60)).until(() -> "complete".equals(
                QuarkusTransaction.requiringNew().call(() -> store.checkpoint("ckpt-batch") == null ? null : store.checkpoint("ckpt-batch").status)));
        assertThat(stored("ckpt-batch")).isEqualTo(10);
        assertThat(store.checkpoint("ckpt-batch").scoredPairs).isEqualTo(10);

        // Other tests dead-letter records of their own on this topic: wait for these three.
        Map<String, ConsumerRecord<String, String>> dead = new io.faithwatch.testsupport.TopicProbe(kafka)
                .await(Topics.deadLetter(Topics.VERDICTS), "batch-poison/", 3, Duration.ofSeconds(30)).stream()
                .collect(Collectors.toMap(ConsumerRecord::key, r -> r, (a, b) -> a));
        assertThat(dead).containsOnlyKeys("batch-poison/not-json", "batch-poison/version", "batch-poison/no-pair-id");
        assertThat(reason(dead.get("batch-poison/not-json"))).contains("Verdict: not JSON");
        assertThat(reason(dead.get("batch-poison/version"))).contains("schemaVersion");
        assertThat(reason(dead.get("batch-poison/no-pair-id"))).contains("pairId");
        assertThat(dead.get("batch-poison/version").value()).isEqualTo(wrongVersion);
        assertThat(header(dead.get("batch-poison/not-json"), "dead-letter-topic")).isEqualTo(Topics.VERDICTS);

        String after = metrics();
        assertThat(sample(after, DEAD) - sample(before, DEAD)).isEqualTo(3.0);
        assertThat(sample(after, Metrics.VERDICTS_DUPLICATE.prometheusName()) - sample(before, Metrics.VERDICTS_DUPLICATE.prometheusName())).isEqualTo(1.0);
        assertThat(sample(after, Metrics.VERDICTS.prometheusName() + "{outcome=\"switched_to_hint\"}")
                - sample(before, Metrics.VERDICTS.prometheusName() + "{outcome=\"switched_to_hint\"}")).isEqualTo(5.0);
    }

    static String reason(ConsumerRecord<String, String> record) {
        return header(record, "dead-letter-reason");
    }

    static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void overlappingBatchesStoredAtOnceCountEachPairOnceAndMatchARecount() throws Exception {
        List<Verdict> verdicts = new ArrayList<>();
        HintType[] types = { HintType.SYCOPHANCY, HintType.METADATA, HintType.GRADER_HACKING };
        Outcome[] outcomes = Outcome.values();
        for (int q = 0; q < 300; q++) {
            Outcome outcome = outcomes[(q * 7) % outcomes.length];
            verdicts.add(verdict("ckpt-overlap", q, types[q % types.length], outcome,
                    outcome == Outcome.SWITCHED_TO_HINT ? q % 3 == 0 : null, 300));
        }
        List<Verdict> shuffled = new ArrayList<>(verdicts);
        Collections.shuffle(shuffled, new Random(11));
        // Two scorer instances, each storing every verdict in batches of different sizes, at the same time.
        CompletableFuture<Integer> a = CompletableFuture.supplyAsync(() -> storeInBatches(verdicts, 37));
        CompletableFuture<Integer> b = CompletableFuture.supplyAsync(() -> storeInBatches(shuffled, 50));
        assertThat(a.get() + b.get()).isEqualTo(verdicts.size());

        List<GroupFigures> incremental = store.groups(Set.of("ckpt-overlap"));
        store.recount("ckpt-overlap");
        assertThat(store.groups(Set.of("ckpt-overlap"))).hasSize(3).containsExactlyInAnyOrderElementsOf(incremental);
        assertThat(store.checkpoint("ckpt-overlap").scoredPairs).isEqualTo(300);
        assertThat(store.checkpoint("ckpt-overlap").status).isEqualTo("complete");
    }

    /** Stores the verdicts in batches of n, each batch with one verdict of the previous batch again; returns how many were new. */
    int storeInBatches(List<Verdict> verdicts, int n) {
        int inserted = 0;
        for (int from = 0; from < verdicts.size(); from += n) {
            List<Verdict> batch = new ArrayList<>(verdicts.subList(from, Math.min(verdicts.size(), from + n)));
            if (from > 0) {
                batch.add(verdicts.get(from - 1));
            }
            VerdictStore.Batch stored = store.storeAll(batch);
            assertThat(stored.inserted().size() + stored.duplicates().size()).isEqualTo(batch.size());
            inserted += stored.inserted().size();
        }
        return inserted;
    }

    @Test
    void aDatabaseThatIsAwayIsWaitedForNeverDeadLettered() throws Exception {
        String before = metrics();
        String database = jdbcUrl.substring(jdbcUrl.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
        String adminUrl = jdbcUrl.substring(0, jdbcUrl.lastIndexOf('/') + 1) + "postgres";
        List<Verdict> verdicts = List.of(verdict("ckpt-outage", 0, HintType.METADATA, Outcome.UNCHANGED, null, 2),
                verdict("ckpt-outage", 1, HintType.METADATA, Outcome.SWITCHED_TO_HINT, true, 2));
        try (LogCapture logs = LogCapture.start(); Connection admin = DriverManager.getConnection(adminUrl, user, password);
                Statement sql = admin.createStatement()) {
            sql.execute("alter database " + database + " allow_connections false");
            try {
                sql.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + database + "'");
                kafka.produceStrings().fromRecords(verdicts.stream()
                        .map(v -> new ProducerRecord<>(Topics.VERDICTS, v.key(), Events.encode(v))).toList()).awaitCompletion();
                // The batch meets the database away and is retried, more than once, while nothing is stored.
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                        .until(() -> logs.lines().stream().filter(l -> l.contains("database or broker not available, retrying")).count() >= 2);
                String unchanged = Metrics.VERDICTS.prometheusName() + "{outcome=\"unchanged\"}";
                assertThat(sample(metrics(), unchanged)).as("verdicts stored while the database is away").isEqualTo(sample(before, unchanged));
            } finally {
                sql.execute("alter database " + database + " allow_connections true");
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> stored("ckpt-outage") == 2);
        assertThat(store.checkpoint("ckpt-outage").status).isEqualTo("complete");
        assertThat(sample(metrics(), DEAD)).isEqualTo(sample(before, DEAD));
        assertThat(kafka.consumeStrings().fromTopics(Topics.deadLetter(Topics.VERDICTS), Duration.ofSeconds(5)).awaitCompletion()
                .getRecords().stream().filter(r -> r.key() != null && r.key().contains("ckpt-outage"))).isEmpty();
    }
}
