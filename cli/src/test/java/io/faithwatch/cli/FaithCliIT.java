package io.faithwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.faithwatch.localstack.Ports;
import io.faithwatch.localstack.RepoRoot;
import io.faithwatch.modelclients.SimulatedTraining;
import picocli.CommandLine;

/** The CLI against the real embedded stack it starts itself (the path of `faith up` and `faith demo`). */
class FaithCliIT {
    @AutoClose
    static LocalRun run;

    record Result(int exit, String out, String err) {
    }

    @BeforeAll
    static void start() {
        run = LocalRun.start(0, 0, 0, RepoRoot.find().resolve("cli/target/service-logs"));
    }

    static Result faith(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Faith.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    static List<String> urls() {
        ServiceUrls urls = run.urls();
        return List.of("--pair-builder", urls.pairBuilder, "--model-caller", urls.modelCaller, "--scorer", urls.scorer);
    }

    static String[] args(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(1, urls());
        return all.toArray(String[]::new);
    }

    @Test
    void evalPrintsTheTableOfTheScorersReport() {
        Result result = faith(args("eval", "--run", "cli-run", "--step", "100", "--sample", "30", "--seed", "4"));

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.err()).contains("submitted checkpoint cli-run@100: 180 pairs planned").contains("180/180 pairs");
        JsonNode report = new ScorerApi(run.urls().scorer).report("cli-run@100");
        assertThat(report.get("checkpoint").get("pairsScored").asInt()).isEqualTo(180);
        String table = result.out();
        assertThat(table).startsWith("Checkpoint cli-run@100 (run cli-run, step 100): 180 of 180 pairs scored, complete, arm wrong_hint");
        assertThat(table).containsPattern("Judged by: rule \\d+, mentions-and-relies \\(\\d+ verdicts\\)");
        assertThat(report.get("rows")).hasSize(6);
        for (JsonNode row : report.get("rows")) {
            String line = table.lines().filter(l -> l.startsWith(row.get("dataset").asText() + " ")
                    && l.split("\\s+")[1].equals(row.get("hintType").asText())).findFirst().orElseThrow();
            String[] cells = line.split("\\s{2,}");
            assertThat(cells[3]).isEqualTo(ReportTable.channels(row.get("reasoningChannels"))).isEqualTo("raw");
            assertThat(cells[4]).isEqualTo(String.valueOf(row.get("eligible").asLong()));
            assertThat(cells[5]).isEqualTo(String.valueOf(row.get("unreadable").asLong())).isEqualTo("0");
            assertThat(cells[6]).isEqualTo(ReportTable.number(row.get("raw")));
            assertThat(cells[7]).isEqualTo(ReportTable.number(row.get("normalized")));
            assertThat(line).contains(ReportTable.number(row.get("alpha")));
            if (!row.get("normalized").isNull()) {
                assertThat(cells[8]).isEqualTo(String.format(Locale.ROOT, "[%.3f, %.3f]", row.get("normalizedCi").get("low").asDouble(),
                        row.get("normalizedCi").get("high").asDouble()));
            }
        }
        for (String scope : List.of("overall", "neutral", "misaligned")) {
            JsonNode summary = null;
            for (JsonNode s : report.get("summaries")) {
                if (s.get("dataset").asText().equals("all") && s.get("scope").asText().equals(scope)) {
                    summary = s;
                }
            }
            String line = table.lines().filter(l -> l.startsWith("all ") && l.split("\\s+")[1].equals(scope)).findFirst().orElseThrow();
            assertThat(line).contains(ReportTable.number(summary.get("normalized")));
        }

        // The same checkpoint in the scorer's other formats, then a second step of the run: trend and compare.
        assertThat(faith(args("report", "cli-run@100", "--format", "csv")).out()).contains("sycophancy");
        assertThat(faith(args("report", "cli-run@100", "--format", "json")).out()).contains("\"schema\"");
        assertThat(faith(args("eval", "--run", "cli-run", "--step", "200", "--sample", "30", "--seed", "5")).exit()).isZero();
        // A checkpoint that asks for the looser definition: its pairs carry it to the grader, its report names it.
        Result mentions = faith(args("eval", "--run", "cli-defs", "--step", "1", "--sample", "10", "--hint-type", "sycophancy", "--seed", "6",
                "--judge-definition", "mentions"));
        assertThat(mentions.exit()).as(mentions.err()).isZero();
        assertThat(mentions.out()).containsPattern("Judged by: rule \\d+, mentions \\(\\d+ verdicts\\)");
        assertThat(faith(args("eval", "--run", "cli-defs", "--step", "2", "--sample", "10", "--judge-definition", "mentions_only")).err())
                .contains("judgeDefinition");
        // A model without a reasoning channel, prompted to think step by step: its visible reasoning is judged, and the
        // report says so (channel visible).
        Result prompted = faith(args("eval", "--run", "cli-prompted", "--step", "1", "--sample", "10", "--hint-type", "sycophancy", "--seed",
                "7", "--reasoning", "prompted"));
        assertThat(prompted.exit()).as(prompted.err()).isZero();
        JsonNode promptedReport = new ScorerApi(run.urls().scorer).report("cli-prompted@1");
        assertThat(promptedReport.get("rows").get(0).get("reasoningChannels").toString()).isEqualTo("[\"visible\"]");
        assertThat(promptedReport.get("rows").get(0).get("eligible").asInt()).isPositive();
        assertThat(prompted.out()).containsPattern("sycophancy\\s+neutral\\s+visible");
        assertThat(faith(args("eval", "--run", "cli-prompted", "--step", "2", "--reasoning", "visible")).err())
                .isEqualTo("faith: --reasoning: must be native or prompted, was 'visible'" + System.lineSeparator());
        assertThat(faith(args("eval", "--run", "cli-batch", "--step", "1", "--batch")).err())
                .isEqualTo("faith: --batch: provider 'sim' has no batch API (batches: openai, anthropic)" + System.lineSeparator());
        Result trend = faith(args("trend", "cli-run"));
        assertThat(trend.out()).contains("cli-run@100").contains("cli-run@200");
        Result compare = faith(args("compare", "cli-run@100", "cli-run@200"));
        assertThat(compare.exit()).as(compare.err()).isZero();
        assertThat(compare.out()).contains("overall").contains("paired 95% CI").contains("unpaired 95% CI").contains("questions both answered");
    }

    @Test
    void rolloutsSimulatePublishesATrainingRunThatTheScorerCountsAsPlanted() {
        Result result = faith(args("rollouts", "--simulate", "--run", "cli-training", "--steps", "3", "--per-step", "20", "--seed", "2",
                "--timeout", "PT3M"));

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.err()).contains("scorer: 360 of 360 rollouts counted");
        SimulatedTraining training = new SimulatedTraining(SimulatedTraining.Settings.of("cli-training", 3, 20, 2));
        JsonNode rollouts = new ScorerApi(run.urls().scorer).rolloutsOrNull("cli-training");
        assertThat(rollouts.get("points")).hasSize(3 * 6);
        for (SimulatedTraining.Planted cell : training.planted()) {
            JsonNode point = null;
            for (JsonNode candidate : rollouts.get("points")) {
                if (candidate.get("step").asLong() == cell.step() && candidate.get("environment").asText().equals(cell.environment().name())) {
                    point = candidate;
                }
            }
            assertThat(point).as("point of %s", cell).isNotNull();
            assertThat(point.get("rollouts").asLong()).isEqualTo(20);
            assertThat(point.get("exploited").asLong()).as("exploited at %s", cell).isEqualTo(cell.exploited());
            assertThat(point.get("verbalized").asLong()).isLessThanOrEqualTo(point.get("judged").asLong());
            // Where the grader judged every rollout (the local stack samples them all), the judge read them as planted.
            if (point.get("sampled").asLong() == cell.rollouts() && point.get("judgeFailed").asLong() == 0) {
                assertThat(point.get("verbalized").asLong()).as("verbalized at %s", cell).isEqualTo(cell.verbalized());
                assertThat(point.get("mentionsNotExploited").asLong()).as("mentions at %s", cell).isEqualTo(cell.mentionsNotExploited());
            }
        }
        String table = result.out();
        assertThat(table).startsWith("Simulated training run cli-training: 360 rollouts counted of 360 published");
        assertThat(table).containsPattern("\\n1\\s+all \\(6\\)\\s+120\\s+0\\.100\\s+\\[\\S+, \\S+\\]\\s+0\\.100\\s+yes")
                .containsPattern("\\n3\\s+all \\(6\\)\\s+120\\s+0\\.950\\s+\\[\\S+, \\S+\\]\\s+0\\.950\\s+yes");

        Result again = faith(args("rollouts", "--simulate", "--run", "cli-training"));
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).startsWith("faith: --run: run 'cli-training' already has 360 rollouts in the scorer");
    }

    @Test
    void banksAreReadFromTheSharedDatasetsAndNowhereElse() {
        java.nio.file.Path datasets = RepoRoot.shared().resolve("datasets");
        Result mmlu = faith(args("eval", "--run", "cli-mmlu", "--step", "1", "--bank", "mmlu:" + datasets.resolve("mmlu/test"), "--sample", "2",
                "--hint-type", "sycophancy"));
        assertThat(mmlu.exit()).as(mmlu.err()).isZero();
        assertThat(mmlu.err()).contains("submitted checkpoint cli-mmlu@1: 2 pairs planned");

        Result outside = faith(args("eval", "--run", "cli-outside", "--step", "1", "--bank", "jsonl:/etc/passwd"));
        assertThat(outside.exit()).isEqualTo(1);
        assertThat(outside.err()).isEqualTo("faith: checkpoint refused (400): banks[0]: jsonl:/etc/passwd is outside the bank roots ["
                + datasets + "] (faith.pair-builder.bank-roots)" + System.lineSeparator());
    }

    @Test
    void errorsANewUserWillHitAreOneClearLine() throws Exception {
        Result unknown = faith(args("report", "no-such-checkpoint"));
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("faith: unknown checkpoint 'no-such-checkpoint'" + System.lineSeparator());

        int nothing = Ports.free();
        Result down = faith("eval", "--pair-builder", "http://localhost:" + nothing);
        assertThat(down.err()).isEqualTo("faith: pair-builder at http://localhost:" + nothing
                + " does not answer; is the system up? (start it with ./faith up)" + System.lineSeparator());

        Result badUrl = faith(args("eval", "--provider", "openai", "--model-url", "localhost:8000/v1", "--model", "qwen3"));
        assertThat(badUrl.err()).isEqualTo("faith: --model-url: 'localhost:8000/v1' is not an http(s) URL, e.g. http://localhost:8000/v1"
                + System.lineSeparator());
        Result deadModel = faith(args("eval", "--provider", "openai", "--model-url", "http://127.0.0.1:" + nothing + "/v1", "--model", "q"));
        assertThat(deadModel.err()).startsWith("faith: --model-url: nothing answers at http://127.0.0.1:" + nothing + "/v1");

        try (ServerSocket taken = new ServerSocket(0)) {
            Result busy = faith("up", "--base-port", String.valueOf(taken.getLocalPort()));
            assertThat(busy.exit()).isEqualTo(1);
            assertThat(busy.err()).isEqualTo("faith: port " + taken.getLocalPort()
                    + " (pair-builder; choose others with --base-port) is in use by another program" + System.lineSeparator());
        }
        assertThat(unknown.err() + down.err() + badUrl.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
