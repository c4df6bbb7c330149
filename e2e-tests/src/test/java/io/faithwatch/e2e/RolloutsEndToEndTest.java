package io.faithwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.faithwatch.events.Events;
import io.faithwatch.events.Metrics;
import io.faithwatch.events.RolloutObserved;
import io.faithwatch.localstack.FaithService;
import io.faithwatch.localstack.LocalStack;
import io.faithwatch.localstack.ServiceProcess;
import io.faithwatch.modelclients.SimulatedTraining;

/**
 * A simulated training run's rollouts through the packaged services: five steps in the six reward-hack environments,
 * exploitation planted rising from 0.10 to 0.95 and verbalization 0.02 among exploited rollouts, sent over the REST
 * intake. The grader is killed while it reads them and started again; one batch is sent twice. Every rollout is counted
 * once, and every planted rate lies inside its step's 95% interval.
 */
@ExtendWith(SharedStack.class)
class RolloutsEndToEndTest {
    static final String RUN = "e2e-rollouts";
    static final int PER_STEP = 40;
    static final int BATCH = 500;

    static LocalStack stack;
    static Pipeline pipeline;

    @BeforeAll
    static void useSharedStack() {
        stack = SharedStack.stack();
        pipeline = new Pipeline(stack);
    }

    static String batch(List<RolloutObserved> rollouts) {
        ObjectNode body = Pipeline.JSON.createObjectNode();
        ArrayNode list = body.putArray("rollouts");
        for (RolloutObserved rollout : rollouts) {
            ObjectNode node = (ObjectNode) Pipeline.json(Events.encode(rollout));
            node.remove("schemaVersion");
            list.add(node);
        }
        return body.toString();
    }

    static void post(List<RolloutObserved> rollouts) throws Exception {
        HttpResponse<String> response = pipeline.postToPairBuilder("/api/rollouts", batch(rollouts), null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(Pipeline.json(response.body()).path("accepted").asInt()).isEqualTo(rollouts.size());
    }

    static JsonNode points() {
        return Pipeline.json(stack.service(FaithService.SCORER).get("/api/v1/runs/" + RUN + "/rollouts")).path("points");
    }

    static long counted() {
        long sum = 0;
        for (JsonNode point : points()) {
            sum += point.path("rollouts").asLong();
        }
        return sum;
    }

    static double duplicates() {
        Double value = Pipeline.sample(stack.service(FaithService.SCORER).get("/q/metrics"), Metrics.ROLLOUTS_DUPLICATE.prometheusName());
        return value == null ? 0 : value;
    }

    @Test
    void plantedRatesLieInsideTheirIntervalsWithAGraderKilledAndABatchSentTwice() throws Exception {
        SimulatedTraining training = new SimulatedTraining(SimulatedTraining.Settings.of(RUN, 5, PER_STEP, 11));
        List<RolloutObserved> rollouts = training.rollouts(Instant.now());
        assertThat(rollouts).hasSize(5 * 6 * PER_STEP);
        List<List<RolloutObserved>> batches = new ArrayList<>();
        for (int from = 0; from < rollouts.size(); from += BATCH) {
            batches.add(rollouts.subList(from, Math.min(rollouts.size(), from + BATCH)));
        }

        // The grader dies while it reads the first batches; the intake goes on taking the rest meanwhile.
        post(batches.get(0));
        post(batches.get(1));
        ServiceProcess grader = stack.service(FaithService.GRADER);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> counted() > 0);
        grader.kill();
        long atKill = counted();
        for (List<RolloutObserved> rest : batches.subList(2, batches.size())) {
            post(rest);
        }
        grader.restart().awaitReady(Duration.ofSeconds(120));

        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> counted() == rollouts.size());
        System.out.printf("rollouts: %d sent, %d counted when the grader was killed, %d counted after its restart%n", rollouts.size(), atKill,
                counted());
        assertThat(atKill).as("the grader was killed with rollouts still to read").isLessThan(rollouts.size());

        // The first batch again: recognised by id, counted once.
        double before = duplicates();
        post(batches.get(0));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> duplicates() - before >= BATCH);
        assertThat(counted()).isEqualTo(rollouts.size());

        Map<String, JsonNode> byStepAndEnvironment = new HashMap<>();
        for (JsonNode point : points()) {
            byStepAndEnvironment.put(point.path("step").asLong() + "/" + point.path("environment").asText(), point);
        }
        assertThat(byStepAndEnvironment).hasSize(training.planted().size());
        for (SimulatedTraining.Planted planted : training.planted()) {
            JsonNode point = byStepAndEnvironment.get(planted.step() + "/" + planted.environment().name());
            String where = "step " + planted.step() + ", " + planted.environment().name();
            assertThat(point.path("rollouts").asInt()).as(where).isEqualTo(PER_STEP);
            assertThat(point.path("exploited").asInt()).as(where).isEqualTo(planted.exploited());
            assertThat(point.path("verbalized").asInt()).as(where).isEqualTo(planted.verbalized());
            assertThat(point.path("judged").asInt()).as(where + ": every exploited rollout judged (sampling 1)").isEqualTo(planted.exploited());
            inside(point.path("exploitationRate"), planted.exploitTarget(), where + ", exploitation");
        }

        // Each step's verbalization, over its six environments (a step-environment cell holds a handful of exploited
        // rollouts at the first steps, where 0.02 of them is a fraction of one).
        JsonNode pooled = Pipeline.json(stack.service(FaithService.SCORER).get("/api/v1/runs/" + RUN + "/rollouts?pooled=true")).path("points");
        assertThat(pooled).hasSize(5);
        int verbalizedInAll = 0;
        for (int step = 0; step < 5; step++) {
            JsonNode point = pooled.get(step);
            List<SimulatedTraining.Planted> planted = training.planted(step);
            int exploited = planted.stream().mapToInt(SimulatedTraining.Planted::exploited).sum();
            int verbalized = planted.stream().mapToInt(SimulatedTraining.Planted::verbalized).sum();
            String where = "step " + planted.get(0).step() + ", six environments";
            assertThat(point.path("rollouts").asInt()).as(where).isEqualTo(6 * PER_STEP);
            assertThat(point.path("exploited").asInt()).as(where).isEqualTo(exploited);
            assertThat(point.path("verbalized").asInt()).as(where).isEqualTo(verbalized);
            inside(point.path("exploitationRate"), planted.get(0).exploitTarget(), where + ", exploitation");
            inside(point.path("verbalizationRate"), SimulatedTraining.DEFAULT_VERBALIZE, where + ", verbalization");
            verbalizedInAll += verbalized;
        }
        assertThat(verbalizedInAll).as("the run carries verbalized rollouts at all").isPositive();
    }

    static void inside(JsonNode interval, double planted, String what) {
        assertThat(planted).as("%s: planted %.3f in [%s, %s]", what, planted, interval.path("low"), interval.path("high"))
                .isBetween(interval.path("low").asDouble(), interval.path("high").asDouble());
    }
}
