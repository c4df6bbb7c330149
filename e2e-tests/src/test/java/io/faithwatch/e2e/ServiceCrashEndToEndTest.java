package io.faithwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.faithwatch.events.CheckpointRequested;
import io.faithwatch.events.HintType;
import io.faithwatch.events.ModelRef;
import io.faithwatch.events.Topics;
import io.faithwatch.localstack.FaithService;
import io.faithwatch.localstack.LocalStack;
import io.faithwatch.localstack.RepoRoot;
import io.faithwatch.localstack.ServiceProcess;
import io.faithwatch.testsupport.TestStacks;

/**
 * Each of the four services SIGKILLed in turn in the middle of one checkpoint of 2,004 pairs (334 questions x 6 hint
 * types, simulated model) and restarted: exactly the planned verdicts are stored, none twice, the scorer's aggregates equal
 * a recount of the verdict rows, and the report equals that of an uninterrupted run of the same request and seed.
 */
class ServiceCrashEndToEndTest {
    static final int QUESTIONS = 334;
    static final int PLANNED = QUESTIONS * HintType.values().length;
    /** Slow enough (100 ms a call, 16 pairs at once) that the run lasts through four kills and restarts. */
    static final ModelRef MODEL = new ModelRef("sim", null, "sim", Map.of("latencyMs", 100), null);
    @AutoClose
    static LocalStack stack;
    static Pipeline pipeline;

    @BeforeAll
    static void startStack() {
        LocalStack.Builder builder = TestStacks.builder().logDir(RepoRoot.find().resolve("e2e-tests/target/service-logs-crash"))
                .config(FaithService.MODEL_CALLER, "faith.model-caller.concurrency", "16")
                .config(FaithService.SCORER, "faith.scorer.gauges.refresh-every", "1s");
        // A killed consumer's partitions go to its restarted self once its session expired: 10 s here, not Kafka's 45 s,
        // which only made the test wait (what is checked, nothing lost and nothing twice, does not depend on it).
        for (FaithService service : FaithService.values()) {
            builder.config(service, "kafka.session.timeout.ms", "10000");
        }
        stack = builder.start();
        pipeline = new Pipeline(stack);
    }

    static CheckpointRequested request(String checkpoint, String run) {
        return Pipeline.request(checkpoint, run, MODEL, QUESTIONS, List.of(HintType.values()), 424242);
    }

    @Test
    void eachServiceKilledMidCheckpointLosesNothingAndCountsNothingTwice() throws Exception {
        long started = System.nanoTime();
        pipeline.submit(request("crash-base", "crash-base-run"));
        pipeline.awaitComplete("crash-base-run", "crash-base", Duration.ofSeconds(240));
        System.out.printf("crash test: uninterrupted run of %d pairs in %.1f s%n", PLANNED, (System.nanoTime() - started) / 1e9);

        started = System.nanoTime();
        long pairsBefore = endOffsets(Topics.PAIRS);
        pipeline.submit(request("crash-1", "crash-run"));
        // pair-builder: as soon as it starts publishing the checkpoint's pairs (a replay after the crash publishes them again).
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() -> endOffsets(Topics.PAIRS) > pairsBefore);
        long published = endOffsets(Topics.PAIRS) - pairsBefore;
        crash(FaithService.PAIR_BUILDER);
        System.out.printf("crash test: pair-builder killed with %d of %d pairs published%n", published, PLANNED);
        // Each next service is killed once verdicts flow again after the previous restart, i.e. while every stage is busy.
        crashWhileFlowing(FaithService.MODEL_CALLER);
        crashWhileFlowing(FaithService.GRADER);
        crashWhileFlowing(FaithService.SCORER);

        JsonNode status = pipeline.awaitComplete("crash-run", "crash-1", Duration.ofSeconds(240));
        System.out.printf("crash test: run with four kills complete in %.1f s%n", (System.nanoTime() - started) / 1e9);
        assertThat(status.path("pairsScored").asInt()).isEqualTo(PLANNED);
        assertThat(status.path("plannedPairs").asInt()).isEqualTo(PLANNED);

        List<Map<String, Object>> verdicts = pipeline.verdictRows("crash-1");
        assertThat(verdicts).hasSize(PLANNED);
        assertThat(verdicts.stream().map(v -> v.get("pair_id")).distinct()).hasSize(PLANNED);
        assertThat(verdicts.stream().map(v -> v.get("question_id")).distinct()).hasSize(QUESTIONS);

        // The scorer's aggregate rows against a count of the stored verdict rows, outcome by outcome.
        Map<String, Long> recount = new HashMap<>();
        verdicts.forEach(v -> recount.merge(v.get("hint_type") + "/" + v.get("outcome"), 1L, Long::sum));
        List<Map<String, Object>> aggregates = pipeline.sql().rows("select * from hint_type_score where checkpoint_id = ?", "crash-1");
        assertThat(aggregates).hasSize(HintType.values().length);
        for (Map<String, Object> row : aggregates) {
            for (String outcome : List.of("switched_to_hint", "switched_to_other", "unchanged", "unhinted_on_hint", "unparseable", "error")) {
                assertThat(((Number) row.get(outcome)).longValue()).as(row.get("hint_type") + " " + outcome)
                        .isEqualTo(recount.getOrDefault(row.get("hint_type") + "/" + outcome, 0L));
            }
        }

        JsonNode uninterrupted = pipeline.report("crash-base"), crashed = pipeline.report("crash-1");
        assertThat(crashed.get("rows")).hasSize(HintType.values().length);
        for (JsonNode row : crashed.get("rows")) {
            ScorerCalibrationEndToEndTest.assertMatchesVerdictRows(row.get("hintType").asText(), row, verdicts);
        }
        assertThat(crashed.get("rows")).isEqualTo(uninterrupted.get("rows"));
        assertThat(crashed.get("summaries")).isEqualTo(uninterrupted.get("summaries"));
    }

    /** Waits until 100 more verdicts are stored than now, then kills the service while the checkpoint is unfinished. */
    static void crashWhileFlowing(FaithService service) {
        long base = pipeline.verdicts("crash-1");
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(50)).until(() -> pipeline.verdicts("crash-1") >= base + 100);
        long atKill = pipeline.verdicts("crash-1");
        crash(service);
        System.out.printf("crash test: %s killed with %d of %d verdicts stored%n", service.module(), atKill, PLANNED);
        assertThat(atKill).as(service.module() + " killed mid-checkpoint").isLessThan(PLANNED);
    }

    static void crash(FaithService service) {
        ServiceProcess process = stack.service(service);
        process.kill();
        assertThat(process.alive()).isFalse();
        process.restart().awaitReady(Duration.ofSeconds(120));
    }

    /** Records ever written to the topic. */
    static long endOffsets(String topic) throws Exception {
        return Pipeline.endOffsets(stack.kafka().bootstrapServers(), topic).get(topic);
    }
}
