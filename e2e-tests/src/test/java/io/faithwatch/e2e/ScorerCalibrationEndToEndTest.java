package io.faithwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.faithwatch.events.CheckpointRequested;
import io.faithwatch.events.Events;
import io.faithwatch.events.HintType;
import io.faithwatch.events.Metrics;
import io.faithwatch.events.ModelRef;
import io.faithwatch.events.Topics;
import io.faithwatch.events.testing.CheckpointRequestedBuilder;
import io.faithwatch.localstack.FaithService;
import io.faithwatch.localstack.LocalStack;
import io.faithwatch.localstack.RepoRoot;
import io.faithwatch.localstack.ServiceProcess;
import io.faithwatch.testsupport.Sql;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * The scorer's acceptance, with the four packaged services as processes: the simulated model at planted faithfulness
 * (0.25 on sycophancy, 0.60 on metadata) over 2,000 pairs, each 95% interval containing its planted value; every figure
 * recomputed here from the raw verdict rows; then the same checkpoint again with the scorer SIGKILLed mid-stream and
 * restarted, which must end with figures identical to the uninterrupted run, and gauges rebuilt from the database.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(SharedStack.class)
class ScorerCalibrationEndToEndTest {
    static final int QUESTIONS = 1000;
    static final int PLANNED = QUESTIONS * 2;
    static final Map<String, Double> PLANTED = Map.of("sycophancy", 0.25, "metadata", 0.60);
    static final ObjectMapper JSON = new ObjectMapper();
    static LocalStack stack;
    static KafkaCompanion kafka;

    @BeforeAll
    static void startStack() {
        stack = SharedStack.stack();
        kafka = new KafkaCompanion(stack.kafka().bootstrapServers());
    }

    static void request(String checkpoint, String run) {
        CheckpointRequested request = CheckpointRequestedBuilder.checkpoint(checkpoint).run(run).step(100)
                .model(new ModelRef("sim", null, "sim", Map.of("verbalize.sycophancy", 0.25, "verbalize.metadata", 0.60, "follow", 0.6), null))
                .banks("mmlu:" + RepoRoot.shared().resolve("datasets/mmlu/test")).sample(QUESTIONS).hintTypes(HintType.SYCOPHANCY, HintType.METADATA)
                .seed(2025).build();
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.CHECKPOINTS, checkpoint, Events.encode(request))).awaitCompletion();
    }

    static ServiceProcess scorer() {
        return stack.service(FaithService.SCORER);
    }

    static JsonNode report(String checkpoint) throws Exception {
        return JSON.readTree(scorer().get("/api/v1/checkpoints/" + checkpoint + "/report"));
    }

    static void awaitComplete(String checkpoint) {
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500))
                .until(() -> "complete".equals(text("select status from checkpoint where checkpoint_id = ?", checkpoint)));
    }

    @Test
    @Order(1)
    void plantedFaithfulnessLiesInsideEachInterval() throws Exception {
        request("cal-1", "cal-run");
        awaitComplete("cal-1");
        JsonNode report = report("cal-1");
        List<Map<String, Object>> verdicts = rows("select * from verdict where checkpoint_id = ?", "cal-1");
        assertThat(verdicts).hasSize(PLANNED);
        for (JsonNode row : report.get("rows")) {
            String type = row.get("hintType").asText();
            double planted = PLANTED.get(type);
            double normalized = row.get("normalized").asDouble();
            double low = row.get("normalizedCi").get("low").asDouble(), high = row.get("normalizedCi").get("high").asDouble();
            System.out.printf("calibration %-11s planted %.2f: normalized %.4f, 95%% CI [%.4f, %.4f], raw %.4f, alpha %.4f, eligible %d,"
                    + " tokens faithful %s / unfaithful %s (mean / median)%n", type, planted, normalized, low, high, row.get("raw").asDouble(),
                    row.get("alpha").asDouble(), row.get("eligible").asLong(), tokens(row.get("faithfulTokens")),
                    tokens(row.get("unfaithfulTokens")));
            assertThat(planted).as(type + ": planted value inside the 95% interval").isBetween(low, high);
            assertMatchesVerdictRows(type, row, verdicts);
        }
        JsonNode overall = summary(report, "all", "overall");
        System.out.printf("calibration overall: %.4f, 95%% CI [%.4f, %.4f] (planted mean 0.425)%n", overall.get("normalized").asDouble(),
                overall.get("normalizedCi").get("low").asDouble(), overall.get("normalizedCi").get("high").asDouble());
        assertThat(0.425).isBetween(overall.get("normalizedCi").get("low").asDouble(), overall.get("normalizedCi").get("high").asDouble());
        assertThat(report.get("schema").asText()).isEqualTo("faithwatch.checkpoint-report/1");
    }

    @Test
    @Order(2)
    void aScorerKilledMidStreamEndsWithTheFiguresOfAnUninterruptedRun() throws Exception {
        String gauge = Metrics.NORMALIZED.prometheusName() + "{category=\"neutral\",checkpoint=\"cal-1\",dataset=\"mmlu\",hint_type=\"sycophancy\",run=\"cal-run\"}";
        String eligible = Metrics.ELIGIBLE.prometheusName() + "{category=\"neutral\",checkpoint=\"cal-1\",dataset=\"mmlu\",hint_type=\"metadata\",run=\"cal-run\"}";
        String before = scorer().get("/q/metrics");
        assertThat(sample(before, gauge)).isNotNull();

        request("cal-2", "restart-run");
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> count("select count(*) from verdict where checkpoint_id = ?", "cal-2") >= PLANNED / 5);
        scorer().kill();
        long storedAtKill = count("select count(*) from verdict where checkpoint_id = ?", "cal-2");
        System.out.printf("scorer killed (SIGKILL) with %d of %d verdicts of cal-2 stored%n", storedAtKill, PLANNED);
        assertThat(storedAtKill).as("killed mid-stream").isLessThan(PLANNED);
        scorer().restart().awaitReady(Duration.ofSeconds(90));

        // Rebuilt from the database: cal-1 gets no verdict after the restart, yet its gauges are back with the same values.
        String after = scorer().get("/q/metrics");
        assertThat(sample(after, gauge)).isEqualTo(sample(before, gauge));
        assertThat(sample(after, eligible)).isEqualTo(sample(before, eligible)).isPositive();

        awaitComplete("cal-2");
        assertThat(count("select count(*) from verdict where checkpoint_id = ?", "cal-2")).isEqualTo(PLANNED);
        JsonNode uninterrupted = report("cal-1"), restarted = report("cal-2");
        assertThat(restarted.get("rows")).isEqualTo(uninterrupted.get("rows"));
        assertThat(restarted.get("summaries")).isEqualTo(uninterrupted.get("summaries"));
        assertThat(restarted.get("checkpoint").get("pairsScored").asInt()).isEqualTo(PLANNED);
        List<Map<String, Object>> verdicts = rows("select * from verdict where checkpoint_id = ?", "cal-2");
        for (JsonNode row : restarted.get("rows")) {
            assertMatchesVerdictRows(row.get("hintType").asText(), row, verdicts);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> sample(scorer().get("/q/metrics"),
                Metrics.RUN_LATEST_STEP.prometheusName() + "{run=\"restart-run\"}") != null);
        System.out.printf("restart: cal-2 rows identical to cal-1 (%s)%n", restarted.get("rows").findValues("normalized"));
    }

    /** The report's row compared with docs/design.md §1 recomputed from the verdict rows alone. */
    static void assertMatchesVerdictRows(String hintType, JsonNode row, List<Map<String, Object>> verdicts) {
        Recount recount = Recount.of(hintType, verdicts);
        assertThat(row.get("pairs").asLong()).as(hintType + " pairs").isEqualTo(recount.pairs());
        assertThat(row.get("eligible").asLong()).as(hintType + " eligible").isEqualTo(recount.toHint());
        assertThat(row.get("verbalized").asLong()).isEqualTo(recount.verbalized());
        assertThat(row.get("judgeFailed").asLong()).isEqualTo(recount.judgeFailed());
        assertThat(row.get("unreadable").asLong()).isEqualTo(recount.unreadable());
        assertThat(row.get("p").asDouble()).isCloseTo(recount.p(), within(1e-12));
        assertThat(row.get("q").asDouble()).isCloseTo(recount.q(), within(1e-12));
        assertThat(row.get("alpha").asDouble()).isCloseTo(recount.alpha(), within(1e-12));
        assertThat(row.get("raw").asDouble()).isCloseTo(recount.raw(), within(1e-12));
        assertThat(row.get("normalized").asDouble()).isCloseTo(recount.normalized(), within(1e-12));
        assertThat(row.get("faithfulTokens").get("median").asDouble()).isEqualTo(Recount.median(recount.faithfulTokens()));
        assertThat(row.get("unfaithfulTokens").get("median").asDouble()).isEqualTo(Recount.median(recount.unfaithfulTokens()));
        assertThat(row.get("faithfulTokens").get("mean").asDouble())
                .isCloseTo(recount.faithfulTokens().stream().mapToInt(Integer::intValue).average().orElseThrow(), within(1e-9));
    }

    static String tokens(JsonNode t) {
        return String.format("%.0f / %.1f", t.get("mean").asDouble(), t.get("median").asDouble());
    }

    static JsonNode summary(JsonNode report, String dataset, String scope) {
        for (JsonNode s : report.get("summaries")) {
            if (s.get("dataset").asText().equals(dataset) && s.get("scope").asText().equals(scope)) {
                return s;
            }
        }
        throw new AssertionError("no summary " + dataset + "/" + scope);
    }

    static Double sample(String metrics, String series) {
        return metrics.lines().filter(l -> l.startsWith(series + " ")).map(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst().orElse(null);
    }

    static List<Map<String, Object>> rows(String sql, String checkpoint) {
        return new Sql(stack.database()).rows(sql, checkpoint);
    }

    static long count(String sql, String checkpoint) {
        return new Sql(stack.database()).count(sql, checkpoint);
    }

    static String text(String sql, String checkpoint) {
        return (String) new Sql(stack.database()).value(sql, checkpoint);
    }
}
