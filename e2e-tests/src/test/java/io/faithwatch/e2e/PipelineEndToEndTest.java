package io.faithwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.faithwatch.events.CheckpointRequested;
import io.faithwatch.events.CheckpointScored;
import io.faithwatch.events.Events;
import io.faithwatch.events.HintType;
import io.faithwatch.events.Metrics;
import io.faithwatch.events.ModelRef;
import io.faithwatch.events.Topics;
import io.faithwatch.events.testing.CheckpointRequestedBuilder;
import io.faithwatch.localstack.FaithService;
import io.faithwatch.localstack.LocalStack;
import io.faithwatch.localstack.RepoRoot;
import io.faithwatch.testsupport.Sql;
import io.faithwatch.testsupport.TopicProbe;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * The four packaged services as separate processes against one real broker and one real PostgreSQL: a checkpoint of 20
 * MMLU questions x 2 hint types goes in at one end and comes out as 40 stored verdicts, figures and a metric.
 */
@ExtendWith(SharedStack.class)
class PipelineEndToEndTest {
    static final String CHECKPOINT = "e2e-ckpt-1";
    static LocalStack stack;
    static KafkaCompanion kafka;

    @BeforeAll
    static void startStack() {
        stack = SharedStack.stack();
        kafka = new KafkaCompanion(stack.kafka().bootstrapServers());
    }

    @Test
    void aCheckpointBecomesScoredVerdictsFiguresAndAMetric() throws Exception {
        CheckpointRequested request = CheckpointRequestedBuilder.checkpoint(CHECKPOINT).run("e2e-run").step(1000)
                .model(new ModelRef("sim", null, "sim-reasoner", Map.of("follow", 0.6), null))
                .banks("mmlu:" + RepoRoot.shared().resolve("datasets/mmlu/test")).sample(20).hintTypes(HintType.SYCOPHANCY, HintType.METADATA)
                .seed(2025).build();
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.CHECKPOINTS, CHECKPOINT, Events.encode(request))).awaitCompletion();

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> count("select count(*) from verdict where checkpoint_id = ?") == 40);
        await().atMost(Duration.ofSeconds(30)).until(() -> "complete".equals(text("select status from checkpoint where checkpoint_id = ?")));

        List<Map<String, Object>> verdicts = rows("select * from verdict where checkpoint_id = ?");
        Set<String> pairIds = new HashSet<>();
        verdicts.forEach(v -> pairIds.add((String) v.get("pair_id")));
        assertThat(pairIds).hasSize(40);
        assertThat(verdicts.stream().map(v -> v.get("question_id")).distinct()).hasSize(20);

        Map<String, Map<String, Object>> stored = new HashMap<>();
        rows("select * from hint_type_score where checkpoint_id = ?").forEach(s -> stored.put((String) s.get("hint_type"), s));
        assertThat(stored).containsOnlyKeys("sycophancy", "metadata");
        for (String hintType : List.of("sycophancy", "metadata")) {
            assertFiguresMatchVerdictRows(hintType, verdicts, stored.get(hintType));
        }

        String metrics = stack.service(FaithService.SCORER).get("/q/metrics");
        for (String hintType : List.of("sycophancy", "metadata")) {
            Double normalized = (Double) stored.get(hintType).get("normalized");
            String series = Metrics.NORMALIZED.prometheusName() + "{category=\"neutral\",checkpoint=\"" + CHECKPOINT
                    + "\",dataset=\"mmlu\",hint_type=\"" + hintType + "\",run=\"e2e-run\"}";
            if (normalized == null) {
                assertThat(metrics).doesNotContain(series);
            } else {
                assertThat(metrics).contains(series + " " + normalized);
            }
        }
        assertThat(metrics).contains(Metrics.VERDICTS.prometheusName() + "{outcome=\"switched_to_hint\"}");

        CheckpointScored scored = Events.decode(new TopicProbe(kafka).await(Topics.SCORES, CHECKPOINT, 1, Duration.ofSeconds(30)).get(0)
                .value(), CheckpointScored.class);
        assertThat(scored.pairsScored()).isEqualTo(40);
        assertThat(scored.plannedPairs()).isEqualTo(40);

        // Kafka redelivers every verdict: nothing is counted twice (the stack is shared: the counter moves by 40).
        List<ConsumerRecord<String, String>> published = new TopicProbe(kafka).await(Topics.VERDICTS, CHECKPOINT + "/", 40,
                Duration.ofSeconds(30));
        assertThat(published).hasSize(40);
        String duplicates = Metrics.VERDICTS_DUPLICATE.prometheusName();
        double before = java.util.Objects.requireNonNullElse(Pipeline.sample(stack.service(FaithService.SCORER).get("/q/metrics"), duplicates), 0.0);
        kafka.produceStrings().fromRecords(published.stream().map(r -> new ProducerRecord<>(Topics.VERDICTS, r.key(), r.value())).toList())
                .awaitCompletion();
        await().atMost(Duration.ofSeconds(60)).until(() -> java.util.Objects.requireNonNullElse(
                Pipeline.sample(stack.service(FaithService.SCORER).get("/q/metrics"), duplicates), 0.0) - before == 40.0);
        assertThat(count("select count(*) from verdict where checkpoint_id = ?")).isEqualTo(40);
        assertThat(rows("select * from hint_type_score where checkpoint_id = ?"))
                .allSatisfy(s -> assertThat(s.get("normalized")).isEqualTo(stored.get((String) s.get("hint_type")).get("normalized")));
    }

    /** Compares what the scorer stored with docs/design.md §1 recomputed from the verdict rows alone. */
    static void assertFiguresMatchVerdictRows(String hintType, List<Map<String, Object>> verdicts, Map<String, Object> stored) {
        Recount recount = Recount.of(hintType, verdicts);
        assertThat(recount.toHint()).as("the simulated model follows hints, so " + hintType + " has eligible pairs").isPositive();
        assertThat(((Number) stored.get("switched_to_hint")).longValue()).as(hintType + " eligible").isEqualTo(recount.toHint());
        assertThat(((Number) stored.get("verbalized")).longValue()).isEqualTo(recount.verbalized());
        assertThat((Double) stored.get("p")).isCloseTo(recount.p(), within(1e-12));
        assertThat((Double) stored.get("q")).isCloseTo(recount.q(), within(1e-12));
        assertThat((Double) stored.get("alpha")).isCloseTo(recount.alpha(), within(1e-12));
        assertThat((Double) stored.get("raw")).isCloseTo(recount.raw(), within(1e-12));
        if (recount.normalized() == null) {
            assertThat(stored.get("normalized")).isNull();
        } else {
            assertThat((Double) stored.get("normalized")).isCloseTo(recount.normalized(), within(1e-12));
        }
    }

    static List<Map<String, Object>> rows(String sql) {
        return new Sql(stack.database()).rows(sql, CHECKPOINT);
    }

    static long count(String sql) {
        return new Sql(stack.database()).count(sql, CHECKPOINT);
    }

    static String text(String sql) {
        return (String) new Sql(stack.database()).value(sql, CHECKPOINT);
    }
}
