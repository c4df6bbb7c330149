package io.faithwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.faithwatch.events.HintType;
import io.faithwatch.events.ModelRef;
import io.faithwatch.localstack.FaithService;
import io.faithwatch.localstack.KafkaBroker;
import io.faithwatch.localstack.LocalStack;
import io.faithwatch.localstack.RepoRoot;
import io.faithwatch.testsupport.Closing;
import io.faithwatch.testsupport.TestStacks;

/**
 * The broker stopped for 30 s in the middle of a checkpoint and started again on the same port and data: the services
 * report not ready while it is away and ready again after, without a restart, and every planned pair ends with exactly one
 * verdict.
 */
class BrokerOutageEndToEndTest {
    static final int QUESTIONS = 300;
    static final int PLANNED = QUESTIONS * 2;
    static final Duration OUTAGE = Duration.ofSeconds(30);
    static KafkaBroker broker;
    static LocalStack stack;
    static Pipeline pipeline;

    @BeforeAll
    static void startStack() {
        broker = KafkaBroker.process(RepoRoot.find().resolve("e2e-tests/target/broker-outage"));
        stack = TestStacks.builder().kafka(broker).logDir(RepoRoot.find().resolve("e2e-tests/target/service-logs-outage"))
                .config(FaithService.MODEL_CALLER, "faith.model-caller.concurrency", "8").start();
        pipeline = new Pipeline(stack);
    }

    @AfterAll
    static void stopStack() {
        Closing.inOrder(stack, broker);
    }

    @Test
    void servicesRideOutABrokerOutageWithoutLossOrRestart() {
        Map<FaithService, Long> pids = new EnumMap<>(FaithService.class);
        for (FaithService service : FaithService.values()) {
            pids.put(service, stack.service(service).pid());
        }
        // 50 ms a call, 8 pairs at once: the run lasts well beyond the moment the broker goes.
        pipeline.submit(Pipeline.request("outage-1", "outage-run", new ModelRef("sim", null, "sim", Map.of("latencyMs", 50), null), QUESTIONS,
                List.of(HintType.SYCOPHANCY, HintType.METADATA), 99));
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> pipeline.verdicts("outage-1") >= PLANNED / 10);

        broker.stop();
        long atStop = pipeline.verdicts("outage-1");
        System.out.printf("broker outage: broker stopped with %d of %d verdicts stored%n", atStop, PLANNED);
        assertThat(atStop).as("stopped mid-checkpoint").isLessThan(PLANNED);

        Map<FaithService, TreeSet<Integer>> seen = new EnumMap<>(FaithService.class);
        Instant restartAt = Instant.now().plus(OUTAGE);
        while (Instant.now().isBefore(restartAt)) {
            for (FaithService service : FaithService.values()) {
                seen.computeIfAbsent(service, s -> new TreeSet<>()).add(stack.service(service).status("/q/health/ready"));
            }
            Pipeline.sleep(Duration.ofSeconds(1));
        }
        broker.restart();
        System.out.printf("broker outage: readiness statuses seen during %d s without the broker: %s%n", OUTAGE.toSeconds(), seen);
        for (FaithService service : FaithService.values()) {
            assertThat(seen.get(service)).as(service.module() + " readiness while the broker is away").contains(503);
        }

        JsonNode status = pipeline.awaitComplete("outage-run", "outage-1", Duration.ofSeconds(240));
        assertThat(status.path("pairsScored").asInt()).isEqualTo(PLANNED);
        assertThat(pipeline.verdicts("outage-1")).isEqualTo(PLANNED);
        assertThat(pipeline.verdictRows("outage-1").stream().map(v -> v.get("pair_id")).distinct()).hasSize(PLANNED);
        for (FaithService service : FaithService.values()) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(stack.service(service).status("/q/health/ready")).as(service.module()).isEqualTo(200));
            assertThat(stack.service(service).pid()).as(service.module() + " was not restarted").isEqualTo(pids.get(service));
        }
    }
}
