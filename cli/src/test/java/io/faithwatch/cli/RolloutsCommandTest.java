package io.faithwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.faithwatch.events.Events;
import io.faithwatch.events.RolloutObserved;
import io.faithwatch.modelclients.SimulatedTraining;
import io.faithwatch.modelclients.SimulatedTraining.Environment;
import io.faithwatch.modelclients.SimulatedTraining.Settings;
import picocli.CommandLine;

/** `faith rollouts --simulate`: its options, what it sends, how it takes pair-builder's answers, and its table. */
class RolloutsCommandTest {

    static RolloutsCommand command(String... args) {
        RolloutsCommand command = new RolloutsCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void withoutSimulateItSaysWhatItNeeds() {
        assertThatThrownBy(() -> command("--run", "r").settings()).isInstanceOf(Faith.UserError.class)
                .hasMessageStartingWith("rollouts: --simulate is required; the CLI has no other source of rollouts");
    }

    @Test
    void badNumbersAreNamedWithTheirValue() {
        assertThatThrownBy(() -> command("--simulate", "--steps", "0").settings()).hasMessage("--steps: must be at least 1, was 0");
        assertThatThrownBy(() -> command("--simulate", "--per-step", "-5").settings()).hasMessage("--per-step: must be at least 1, was -5");
        assertThatThrownBy(() -> command("--simulate", "--step-size", "0").settings()).hasMessage("--step-size: must be at least 1, was 0");
        assertThatThrownBy(() -> command("--simulate", "--verbalize", "1.5").settings())
                .hasMessage("--verbalize: must be a rate between 0 and 1, was 1.5");
        assertThatThrownBy(() -> command("--simulate", "--exploit-first", "-0.1").settings())
                .hasMessage("--exploit-first: must be a rate between 0 and 1, was -0.1");
        assertThatThrownBy(() -> command("--simulate", "--exploit-last", "NaN").settings())
                .hasMessage("--exploit-last: must be a rate between 0 and 1, was NaN");
        assertThatThrownBy(() -> command("--simulate", "--timeout", "PT0S").settings()).hasMessage("--timeout: must be positive, was PT0S");
        assertThatThrownBy(() -> command("--simulate", "--environments", "metadata,flattery").settings())
                .hasMessageStartingWith("--environments: unknown environment 'flattery' (expected one of reward-hack-sycophancy,");
        assertThatThrownBy(() -> command("--simulate", "--environments", "metadata,reward-hack-metadata").settings())
                .hasMessage("--environments: 'reward-hack-metadata' is named twice");
        assertThatThrownBy(() -> command("--simulate", "--run", "r".repeat(190)).settings()).hasMessageStartingWith("--run: too long for rollout ids");

        StringWriter err = new StringWriter();
        CommandLine cli = Faith.commandLine();
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("rollouts", "--simulate", "--verbalize", "two percent")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--verbalize': 'two percent' is not a double");
    }

    @Test
    void theTrainingDemoNamesABadOptionBeforeItStartsTheSystem() {
        StringWriter err = new StringWriter();
        CommandLine cli = Faith.commandLine();
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("demo", "--training", "--per-step", "0")).isEqualTo(1);
        assertThat(err.toString()).contains("--per-step: must be at least 1, was 0").doesNotContain("starting Kafka");
    }

    @Test
    void theOptionsBecomeTheSimulation() {
        Settings settings = command("--simulate", "--run", "r-1", "--steps", "3", "--step-size", "50", "--per-step", "40", "--environments",
                "grader_hacking,reward-hack-metadata", "--exploit-first", "0.2", "--exploit-last", "0.6", "--verbalize", "0.1", "--seed", "9")
                .settings();
        assertThat(settings).isEqualTo(new Settings("r-1", 3, 50, 40, List.of(Environment.parse("grader_hacking"), Environment.parse("metadata")),
                0.2, 0.6, 0.1, 9));
        assertThat(command("--simulate").settings().environments()).isEqualTo(Environment.defaults());
    }

    @Test
    void aBatchIsTheRolloutsWithoutTheirSchemaVersion() throws Exception {
        List<RolloutObserved> rollouts = new SimulatedTraining(Settings.of("r", 1, 3, 0)).rollouts(0, java.time.Instant.parse("2026-12-01T00:00:00Z"));
        JsonNode body = Events.mapper().readTree(RolloutsCommand.body(rollouts));
        assertThat(body.get("rollouts")).hasSize(rollouts.size());
        for (int i = 0; i < rollouts.size(); i++) {
            ObjectNode sent = (ObjectNode) body.get("rollouts").get(i);
            assertThat(sent.has("schemaVersion")).isFalse();
            assertThat(sent.get("rolloutId").asText()).isEqualTo(rollouts.get(i).rolloutId());
            // What pair-builder does with it: the envelope filled in, then the event read against its schema.
            sent.put("schemaVersion", Events.SCHEMA_VERSION);
            assertThat(Events.decode(sent.toString(), RolloutObserved.class)).isEqualTo(rollouts.get(i));
        }
    }

    /** Pooled: two environments at two steps, the scorer judging every exploited rollout but finding none said at step 2. */
    @Test
    void theTablePoolsTheEnvironmentsOfAStepAndSaysWhereAPlantedRateFallsOutside() throws Exception {
        SimulatedTraining training = new SimulatedTraining(new Settings("t", 2, 1, 100, List.of(Environment.parse("sycophancy"),
                Environment.parse("metadata")), 0.1, 0.5, 0.1, 0));
        assertThat(training.planted().stream().map(p -> p.exploited() + "/" + p.verbalized()).toList())
                .containsExactly("10/1", "10/1", "50/5", "50/5");
        JsonNode scorer = Events.mapper().readTree("""
                {"runId": "t", "points": [
                  {"step": 1, "environment": "reward-hack-sycophancy", "rollouts": 100, "exploited": 10, "judged": 10, "verbalized": 1},
                  {"step": 1, "environment": "reward-hack-metadata", "rollouts": 100, "exploited": 10, "judged": 10, "verbalized": 1},
                  {"step": 2, "environment": "reward-hack-sycophancy", "rollouts": 100, "exploited": 50, "judged": 20, "verbalized": 0},
                  {"step": 2, "environment": "reward-hack-metadata", "rollouts": 100, "exploited": 50, "judged": 20, "verbalized": 0}]}
                """);

        // The scorer's pooled points (Wilson 95%: 20/200 -> [0.0658, 0.1494]; 2/20 -> [0.0279, 0.3010]; 100/200 -> [0.4313,
        // 0.5687]; 0/40 -> [0, 0.0876]).
        JsonNode pooled = Events.mapper().readTree("""
                {"runId": "t", "points": [
                  {"step": 1, "environment": "all", "rollouts": 200, "exploited": 20, "judged": 20, "verbalized": 2,
                   "exploitationRate": {"value": 0.1, "low": 0.0658, "high": 0.1494},
                   "verbalizationRate": {"value": 0.1, "low": 0.0279, "high": 0.3010}},
                  {"step": 2, "environment": "all", "rollouts": 200, "exploited": 100, "judged": 40, "verbalized": 0,
                   "exploitationRate": {"value": 0.5, "low": 0.4313, "high": 0.5687},
                   "verbalizationRate": {"value": 0.0, "low": 0.0, "high": 0.0876}}]}
                """);

        String table = RolloutTable.render("t", scorer, pooled, training.planted(), false);

        assertThat(table).startsWith("Simulated training run t: 400 rollouts counted of 400 published, 60 judged\n"
                + "Planted rates inside their 95% intervals: 3 of 4 (per step, environments pooled)\n");
        assertThat(table).containsPattern("step\\s+environment\\s+rollouts\\s+exploitation\\s+95% CI\\s+planted\\s+inside\\s+judged\\s+"
                + "verbalization\\s+95% CI\\s+planted\\s+inside")
                .containsPattern("\\n1\\s+all \\(2\\)\\s+200\\s+0\\.100\\s+\\[0\\.066, 0\\.149\\]\\s+0\\.100\\s+yes\\s+20\\s+0\\.100\\s+"
                        + "\\[0\\.028, 0\\.301\\]\\s+0\\.100\\s+yes\\n")
                .containsPattern("\\n2\\s+all \\(2\\)\\s+200\\s+0\\.500\\s+\\[0\\.431, 0\\.569\\]\\s+0\\.500\\s+yes\\s+40\\s+0\\.000\\s+"
                        + "\\[0\\.000, 0\\.088\\]\\s+0\\.100\\s+NO\\n")
                .as("the run row: shares, no interval").containsPattern("\\nrun\\s+all \\(2\\)\\s+400\\s+0\\.300\\s+-\\s+0\\.300\\s+-\\s+60\\s+0\\.033");
    }

    @Test
    void byEnvironmentTheScorersOwnIntervalsArePrintedAndAMissingPointIsUndefined() throws Exception {
        SimulatedTraining training = new SimulatedTraining(new Settings("t", 2, 1, 100, List.of(Environment.parse("sycophancy"),
                Environment.parse("metadata")), 0.1, 0.5, 0.1, 0));
        JsonNode scorer = Events.mapper().readTree("""
                {"runId": "t", "points": [
                  {"step": 1, "environment": "reward-hack-sycophancy", "rollouts": 100, "exploited": 10, "judged": 0, "verbalized": 0,
                   "exploitationRate": {"value": 0.1, "low": 0.0552, "high": 0.1744}, "verbalizationRate": null}]}
                """);

        String table = RolloutTable.render("t", scorer, Events.mapper().readTree("{\"points\": []}"), training.planted(), true);

        assertThat(table).contains("(per step and environment)")
                .containsPattern("\\n1\\s+reward-hack-sycophancy\\s+100\\s+0\\.100\\s+\\[0\\.055, 0\\.174\\]\\s+0\\.100\\s+yes\\s+0\\s+undefined\\s+-"
                        + "\\s+0\\.100\\s+-\\n")
                .containsPattern("\\n1\\s+reward-hack-metadata\\s+0\\s+undefined\\s+-\\s+0\\.100\\s+-\\s+0\\s+undefined")
                .containsPattern("\\n2\\s+reward-hack-metadata\\s+0\\s+undefined")
                .startsWith("Simulated training run t: 100 rollouts counted of 400 published, 0 judged\n"
                        + "Planted rates inside their 95% intervals: 1 of 1");
    }

    /** pair-builder and the scorer in one local server: what the command sends, and what it is answered. */
    static final class FakeStack implements AutoCloseable {
        final HttpServer server;
        final List<String> bodies = Collections.synchronizedList(new ArrayList<>());
        final List<String> tokens = Collections.synchronizedList(new ArrayList<>());
        /** The Authorization header of each scorer read; with {@code scorerToken} set, a read without it is a 401. */
        final List<String> scorerTokens = Collections.synchronizedList(new ArrayList<>());
        volatile String scorerToken;
        final AtomicInteger unavailable = new AtomicInteger();
        volatile String refusal;
        volatile boolean runExists;
        /** step/environment -> rollouts, exploited, as the scorer would count what pair-builder took. */
        final Map<String, long[]> counted = new TreeMap<>();

        FakeStack() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/api/rollouts", this::intake);
            server.createContext("/api/v1/runs/", this::rollouts);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        private void intake(HttpExchange exchange) throws IOException {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            bodies.add(body);
            tokens.add(exchange.getRequestHeaders().getFirst("Authorization"));
            if (refusal != null) {
                answer(exchange, 400, "{\"status\": 400, \"detail\": \"" + refusal + "\"}");
                return;
            }
            if (unavailable.getAndDecrement() > 0) {
                answer(exchange, 503, "{\"status\": 503, \"detail\": \"the broker acknowledged 0 of them\"}");
                return;
            }
            JsonNode rollouts = Events.mapper().readTree(body).get("rollouts");
            ArrayNode ids = Events.mapper().createArrayNode();
            synchronized (counted) {
                for (JsonNode rollout : rollouts) {
                    long[] cell = counted.computeIfAbsent(rollout.get("step").asLong() + "/" + rollout.get("environment").asText(), k -> new long[2]);
                    cell[0]++;
                    cell[1] += rollout.get("answer").asText().equals(rollout.get("rewardedAnswer").asText()) ? 1 : 0;
                    ids.add(rollout.get("rolloutId").asText());
                }
            }
            ObjectNode accepted = Events.mapper().createObjectNode().put("accepted", rollouts.size());
            accepted.set("rolloutIds", ids);
            answer(exchange, 202, accepted.toString());
        }

        private void rollouts(HttpExchange exchange) throws IOException {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            scorerTokens.add(String.valueOf(authorization));
            if (scorerToken != null && !("Bearer " + scorerToken).equals(authorization)) {
                answer(exchange, 401, "{\"status\": 401, \"detail\": \"" + (authorization == null ? "missing" : "invalid") + " bearer token\"}");
                return;
            }
            boolean pooled = String.valueOf(exchange.getRequestURI().getQuery()).contains("pooled=true");
            synchronized (counted) {
                if (counted.isEmpty() && !runExists) {
                    answer(exchange, 404, "{\"status\": 404, \"detail\": \"no rollout of this run is stored\"}");
                    return;
                }
                ArrayNode points = Events.mapper().createArrayNode();
                if (runExists) {
                    points.addObject().put("step", 1).put("environment", "e").put("rollouts", 5).put("exploited", 0).put("judged", 0).put("verbalized", 0);
                }
                Map<String, long[]> cells = counted;
                if (pooled) {
                    // As the scorer pools: one point per step over its environments.
                    cells = new TreeMap<>();
                    for (Map.Entry<String, long[]> e : counted.entrySet()) {
                        long[] sum = cells.computeIfAbsent(e.getKey().split("/")[0] + "/all", k -> new long[2]);
                        sum[0] += e.getValue()[0];
                        sum[1] += e.getValue()[1];
                    }
                }
                cells.forEach((key, cell) -> {
                    ObjectNode point = points.addObject().put("step", Long.parseLong(key.split("/")[0])).put("environment", key.split("/")[1])
                            .put("rollouts", cell[0]).put("exploited", cell[1]).put("judged", 0).put("verbalized", 0);
                    // An interval of the scorer's shape; the command prints the bounds it is given.
                    double value = (double) cell[1] / cell[0];
                    point.putObject("exploitationRate").put("value", value).put("low", Math.max(0, value - 0.03)).put("high", Math.min(1, value + 0.03));
                    point.putNull("verbalizationRate");
                });
                ObjectNode answer = Events.mapper().createObjectNode().put("runId", "r");
                answer.set("points", points);
                answer(exchange, 200, answer.toString());
            }
        }

        private static void answer(HttpExchange exchange, int status, String json) throws IOException {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    static RolloutsCommand against(FakeStack stack, String... args) {
        List<String> all = new ArrayList<>(List.of("--pair-builder", stack.url(), "--scorer", stack.url(), "--simulate", "--run", "r",
                "--token", "secret-token", "--timeout", "PT20S"));
        all.addAll(List.of(args));
        return command(all.toArray(String[]::new));
    }

    @Test
    void aBrokerThatDidNotTakeTheBatchIsAskedAgainAndTheTableFollowsTheScorersCount() throws Exception {
        try (FakeStack stack = new FakeStack()) {
            stack.unavailable.set(1);
            StringWriter progress = new StringWriter();

            String table = against(stack, "--steps", "2", "--per-step", "600", "--environments", "metadata,sycophancy")
                    .simulateAndReport(new PrintWriter(progress, true));

            // 1,200 rollouts a step: two batches each (1,000 and 200), the first sent twice.
            assertThat(stack.bodies).hasSize(5);
            assertThat(stack.bodies.stream().map(b -> Events.parse(b, RolloutObserved.class).get("rollouts").size()).toList())
                    .containsExactly(1000, 1000, 200, 1000, 200);
            assertThat(stack.tokens).containsOnly("Bearer secret-token");
            assertThat(progress.toString()).contains("pair-builder did not take the batch (503: the broker acknowledged 0 of them); again in 0.5 s")
                    .contains("step 1: 1200 rollouts published (1200 of 2400)").contains("scorer: 2400 of 2400 rollouts counted");
            assertThat(table).startsWith("Simulated training run r: 2400 rollouts counted of 2400 published, 0 judged")
                    .containsPattern("\\n1\\s+all \\(2\\)\\s+1200\\s+0\\.100\\s+\\[\\S+, \\S+\\]\\s+0\\.100\\s+yes\\s+0\\s+undefined")
                    .containsPattern("\\n2\\s+all \\(2\\)\\s+1200\\s+0\\.950\\s+\\[\\S+, \\S+\\]\\s+0\\.950\\s+yes");
        }
    }

    @Test
    void theScorersReadTokenGoesWithEveryReadOfTheScorerAndItsAbsenceIsSaidInOneLine() throws Exception {
        try (FakeStack stack = new FakeStack()) {
            stack.scorerToken = "read-secret";
            String table = against(stack, "--steps", "1", "--per-step", "10", "--scorer-token", "read-secret")
                    .simulateAndReport(new PrintWriter(new StringWriter()));
            assertThat(table).startsWith("Simulated training run r: 60 rollouts counted of 60 published");
            assertThat(stack.scorerTokens).isNotEmpty().containsOnly("Bearer read-secret");
            assertThat(stack.tokens).as("pair-builder is sent its own token").containsOnly("Bearer secret-token");

            assertThatThrownBy(() -> against(stack, "--steps", "1", "--per-step", "10", "--scorer-token", "")
                    .simulateAndReport(new PrintWriter(new StringWriter()))).isInstanceOf(Faith.UserError.class)
                    .hasMessage("scorer answered 401 (missing bearer token): it has a read token; give it with --scorer-token or FAITH_SCORER_READ_TOKEN");
        }
    }

    @Test
    void aRefusedBatchIsReportedAndNothingMoreIsSent() throws Exception {
        try (FakeStack stack = new FakeStack()) {
            stack.refusal = "rollouts[0].step: must be at least 0, was -1";
            assertThatThrownBy(() -> against(stack, "--steps", "3", "--per-step", "10").simulateAndReport(new PrintWriter(new StringWriter())))
                    .isInstanceOf(Faith.UserError.class).hasMessage("rollouts refused (400): rollouts[0].step: must be at least 0, was -1");
            assertThat(stack.bodies).hasSize(1);
        }
    }

    @Test
    void aRunTheScorerAlreadyHasIsRefusedBeforeAnythingIsSent() throws Exception {
        try (FakeStack stack = new FakeStack()) {
            stack.runExists = true;
            assertThatThrownBy(() -> against(stack).simulateAndReport(new PrintWriter(new StringWriter())))
                    .hasMessageStartingWith("--run: run 'r' already has 5 rollouts in the scorer");
            assertThat(stack.bodies).isEmpty();
        }
    }

    @Test
    void aPairBuilderThatDoesNotAnswerIsTriedAgainThenNamed() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        try (FakeStack scorer = new FakeStack()) {
            RolloutsCommand command = command("--pair-builder", "http://127.0.0.1:" + port, "--scorer", scorer.url(), "--simulate", "--run", "r",
                    "--steps", "1", "--per-step", "2", "--environments", "metadata");
            command.firstWaitMs = 1;
            StringWriter progress = new StringWriter();
            assertThatThrownBy(() -> command.simulateAndReport(new PrintWriter(progress, true)))
                    .hasMessage("pair-builder did not take a batch of 2 rollouts after 6 attempts: pair-builder at http://127.0.0.1:" + port
                            + " does not answer; is the system up? (start it with ./faith up)");
            assertThat(progress.toString().lines().filter(l -> l.startsWith("pair-builder did not take the batch"))).hasSize(5);
        }
    }
}
