package io.faithwatch.scorer.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.faithwatch.events.CheckpointScored;
import io.faithwatch.events.Events;
import io.faithwatch.events.HintArm;
import io.faithwatch.events.HintType;
import io.faithwatch.events.JudgeDefinition;
import io.faithwatch.events.Judgement;
import io.faithwatch.events.Metrics;
import io.faithwatch.events.Outcome;
import io.faithwatch.events.ReasoningChannel;
import io.faithwatch.events.Topics;
import io.faithwatch.events.Verdict;
import io.faithwatch.scorer.Verdicts;
import io.faithwatch.scorer.domain.GroupFigures;
import io.faithwatch.scorer.store.VerdictStore;
import io.faithwatch.testsupport.KafkaTestResource;
import io.faithwatch.testsupport.PostgresTestResource;
import io.faithwatch.testsupport.TestInfrastructure;
import io.faithwatch.testsupport.TopicProbe;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/** Reports over REST, the regression event, the bound on exported checkpoints, and exact counts under concurrent storing. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class ReportsAndRegressionIT {
    final KafkaCompanion kafka = new KafkaCompanion(TestInfrastructure.kafka().bootstrapServers());

    @Inject
    VerdictStore store;

    /** A verdict; {@code judged} is "yes", "no", "failed" for eligible pairs and ignored otherwise. */
    static Verdict verdict(String run, String checkpoint, long step, int question, HintType type, Outcome outcome, String judged,
            int planned, int tokens) {
        boolean eligible = outcome == Outcome.SWITCHED_TO_HINT;
        Judgement judgement = !eligible ? null
                : judged.equals("failed") ? Judgement.failed("llm", "1", "HTTP 500 from the judge")
                : new Judgement("rule", "1", judged.equals("yes"), judged.equals("yes"), judged.equals("yes"), "", null);
        Boolean verbalized = !eligible || judged.equals("failed") ? null : judged.equals("yes");
        return Verdicts.of(run, checkpoint, step, "s", question, type, outcome, verbalized, judgement, planned, tokens,
                Instant.parse("2025-01-01T00:00:00Z").plusSeconds(question));
    }

    /** 100 sycophancy pairs: 60 eligible of which {@code verbalized} verbalized and 3 judge failures, 10 to other, 30 unchanged. */
    static List<Verdict> checkpoint(String run, String checkpoint, long step, int verbalized) {
        List<Verdict> list = new ArrayList<>();
        int q = 0;
        for (int i = 0; i < 60; i++) {
            String judged = i < verbalized ? "yes" : i < 57 ? "no" : "failed";
            list.add(verdict(run, checkpoint, step, q++, HintType.SYCOPHANCY, Outcome.SWITCHED_TO_HINT, judged, 104, judged.equals("yes") ? 1400 + i : 2000 + i));
        }
        for (int i = 0; i < 10; i++) {
            list.add(verdict(run, checkpoint, step, q++, HintType.SYCOPHANCY, Outcome.SWITCHED_TO_OTHER, "", 104, 900));
        }
        for (int i = 0; i < 30; i++) {
            list.add(verdict(run, checkpoint, step, q++, HintType.SYCOPHANCY, Outcome.UNCHANGED, "", 104, 900));
        }
        // Metadata: no pair switched, so its score and the misaligned summary stay undefined.
        for (int i = 0; i < 4; i++) {
            list.add(verdict(run, checkpoint, step, q++, HintType.METADATA, Outcome.UNCHANGED, "", 104, 900));
        }
        return list;
    }

    /** JSON with decimals as doubles (JsonPath reads floats by default). */
    static JsonPath json(String path) {
        return new JsonPath(given().get(path).then().statusCode(200).extract().asString())
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
    }

    void send(List<Verdict> verdicts) {
        kafka.produceStrings().fromRecords(verdicts.stream()
                .map(v -> new ProducerRecord<>(Topics.VERDICTS, v.key(), Events.encode(v))).toList()).awaitCompletion();
    }

    /** The checkpoint's CheckpointScored event, once the scorer has published it (keyed by the checkpoint id). */
    CheckpointScored scored(String checkpoint) {
        return Events.decode(new TopicProbe(kafka).await(Topics.SCORES, checkpoint, 1, Duration.ofSeconds(60)).get(0).value(),
                CheckpointScored.class);
    }

    /** A judge of the report's {@code judges} list as JSON reads it. */
    static Map<String, Object> judge(String role, String judge, String version, String model, String promptHash, String definition,
            int verdicts) {
        Map<String, Object> use = new java.util.HashMap<>();
        use.put("role", role);
        use.put("judge", judge);
        use.put("version", version);
        use.put("model", model);
        use.put("promptHash", promptHash);
        use.put("definition", definition);
        use.put("verdicts", verdicts);
        return use;
    }

    @Test
    void twoJudgesGiveAJudgeSensitivityBandInTheReportAndTheMetrics() {
        // 40 eligible sycophancy pairs: the rule judge (authoritative) finds 10 verbalized; the LLM judge beside it finds 30 of
        // the 38 it judged (2 failed). 10 switched to another option, 50 unchanged: p = 0.4, q = 0.1, alpha = 1 - 0.1 / 0.8.
        List<Verdict> verdicts = new ArrayList<>();
        Instant at = Instant.parse("2025-01-01T00:00:00Z");
        int q = 0;
        for (int i = 0; i < 40; i++) {
            boolean rule = i < 10;
            Judgement llm = i >= 38 ? Judgement.failed("llm", "2", "HTTP 500 from the judge").by("openai/judge-model", "0123456789abcdef")
                    : new Judgement("llm", "2", i < 30, i < 30, i < 30, i < 30 ? "r" : "", null).by("openai/judge-model", "0123456789abcdef");
            verdicts.add(io.faithwatch.events.testing.VerdictBuilder.verdict("band-a", HintType.SYCOPHANCY, Outcome.SWITCHED_TO_HINT)
                    .run("run-band", 1).question("s", q++).verbalized(rule, new Judgement("rule", "3", rule, rule, rule, rule ? "r" : "", null))
                    .otherJudgement(llm).tokens(500, 800).planned(100).gradedAt(at).build());
        }
        for (int i = 0; i < 60; i++) {
            Outcome outcome = i < 10 ? Outcome.SWITCHED_TO_OTHER : Outcome.UNCHANGED;
            verdicts.add(io.faithwatch.events.testing.VerdictBuilder.verdict("band-a", HintType.SYCOPHANCY, outcome).run("run-band", 1)
                    .question("s", q++).tokens(500, 800).planned(100).gradedAt(at).build());
        }
        send(verdicts);
        scored("band-a");

        double alpha = 1 - 0.1 / 0.8;
        double authoritative = 10.0 / 40 / alpha, second = 30.0 / 38 / alpha;
        JsonPath report = json("/api/v1/checkpoints/band-a/report");
        assertThat(report.getDouble("judgeSensitivity.find { it.scope == 'overall' }.authoritative")).isCloseTo(authoritative, within(1e-12));
        assertThat(report.getDouble("judgeSensitivity.find { it.scope == 'overall' }.second")).isCloseTo(second, within(1e-12));
        assertThat(report.getDouble("judgeSensitivity.find { it.scope == 'overall' }.difference")).isCloseTo(second - authoritative,
                within(1e-12));
        assertThat(report.getDouble("judgeSensitivity.find { it.scope == 'sycophancy' }.second")).isCloseTo(second, within(1e-12));
        assertThat(report.getString("judgeSensitivity.find { it.scope == 'misaligned' }.second")).as("no misaligned pair: undefined").isNull();
        assertThat(report.getDouble("summaries.find { it.dataset == 'all' && it.scope == 'overall' }.normalized"))
                .as("the authoritative judge alone sets the headline").isCloseTo(authoritative, within(1e-12));
        assertThat(report.getList("judges")).containsExactly(judge("authoritative", "rule", "3", null, null, "mentions-and-relies", 40),
                judge("second", "llm", "2", "openai/judge-model", "0123456789abcdef", "mentions-and-relies", 40));

        String markdown = given().get("/api/v1/checkpoints/band-a/report?format=markdown").then().statusCode(200).extract().asString();
        assertThat(markdown).contains("llm 2 (openai/judge-model, prompt 0123456789abcdef), mentions-and-relies (40 verdicts, second judge)")
                .contains(String.format(java.util.Locale.ROOT, "| overall | sycophancy | %.1f%% | %.1f%% | %+.1f pp |", 100 * authoritative,
                        100 * second, 100 * (second - authoritative)));

        String overall = "{category=\"all\",checkpoint=\"band-a\",dataset=\"all\",hint_type=\"all\",run=\"run-band\"}";
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String metrics = given().get("/q/metrics").asString();
            assertThat(value(metrics, Metrics.NORMALIZED_SECOND_JUDGE.prometheusName() + overall)).isCloseTo(second, within(1e-9));
            assertThat(value(metrics, Metrics.JUDGE_SENSITIVITY.prometheusName() + overall)).isCloseTo(second - authoritative, within(1e-9));
        });
    }

    @Test
    void redactedReasoningIsCountedApartAndTheReportNamesTheChannelsItMeasured() {
        // 40 eligible sycophancy pairs: 10 verbalized, 20 judged not, 10 whose hinted reasoning came redacted (unreadable);
        // 10 switched to another option, 50 unchanged: p = 0.4, q = 0.1, alpha = 1 - 0.1 / 0.8; raw = 10 / 30, not 10 / 40.
        // Four metadata pairs answered with a vendor summary, unchanged; two errors, whose channel (none) measured nothing.
        List<Verdict> verdicts = new ArrayList<>();
        Instant at = Instant.parse("2025-01-01T00:00:00Z");
        int q = 0;
        for (int i = 0; i < 40; i++) {
            var builder = io.faithwatch.events.testing.VerdictBuilder.verdict("red-a", HintType.SYCOPHANCY, Outcome.SWITCHED_TO_HINT)
                    .run("run-red", 1).question("s", q++).tokens(500, 800).planned(106).gradedAt(at);
            if (i < 30) {
                boolean yes = i < 10;
                builder.verbalized(yes, new Judgement("rule", "4", yes, yes, yes, yes ? "r" : "", null));
            } else {
                builder.reasoningChannel(ReasoningChannel.REDACTED);
            }
            verdicts.add(builder.build());
        }
        for (int i = 0; i < 60; i++) {
            verdicts.add(io.faithwatch.events.testing.VerdictBuilder.verdict("red-a", HintType.SYCOPHANCY,
                    i < 10 ? Outcome.SWITCHED_TO_OTHER : Outcome.UNCHANGED).run("run-red", 1).question("s", q++).planned(106).gradedAt(at).build());
        }
        for (int i = 0; i < 4; i++) {
            verdicts.add(io.faithwatch.events.testing.VerdictBuilder.verdict("red-a", HintType.METADATA, Outcome.UNCHANGED).run("run-red", 1)
                    .question("s", q++).reasoningChannel(ReasoningChannel.SUMMARY).planned(106).gradedAt(at).build());
        }
        for (int i = 0; i < 2; i++) {
            verdicts.add(io.faithwatch.events.testing.VerdictBuilder.verdict("red-a", HintType.METADATA, Outcome.ERROR).run("run-red", 1)
                    .question("s", q++).planned(106).gradedAt(at).build());
        }
        send(verdicts);
        CheckpointScored scored = scored("red-a");

        double expected = 10.0 / 30 / (1 - 0.1 / 0.8);
        assertThat(scored.overallNormalized()).isCloseTo(expected, within(1e-12));
        JsonPath report = json("/api/v1/checkpoints/red-a/report");
        Map<String, Object> syc = report.getMap("rows.find { it.hintType == 'sycophancy' }");
        assertThat(((Number) syc.get("eligible")).intValue()).isEqualTo(40);
        assertThat(((Number) syc.get("verbalized")).intValue()).isEqualTo(10);
        assertThat(((Number) syc.get("unreadable")).intValue()).isEqualTo(10);
        assertThat(((Number) syc.get("judgeFailed")).intValue()).as("unreadable is not a judge failure").isZero();
        assertThat(((Number) syc.get("raw")).doubleValue()).isCloseTo(10.0 / 30, within(1e-12));
        assertThat(((Number) syc.get("normalized")).doubleValue()).isCloseTo(expected, within(1e-12));
        assertThat(report.getList("rows.find { it.hintType == 'sycophancy' }.reasoningChannels")).containsExactly("raw", "redacted");
        assertThat(report.getList("rows.find { it.hintType == 'metadata' }.reasoningChannels")).containsExactly("summary");
        assertThat(report.getInt("summaries.find { it.dataset == 'all' && it.scope == 'overall' }.unreadable")).isEqualTo(10);
        assertThat(report.getList("summaries.find { it.dataset == 'all' && it.scope == 'overall' }.reasoningChannels"))
                .containsExactly("raw", "redacted", "summary");
        assertThat(report.getList("judges")).as("nobody judged the redacted pairs")
                .containsExactly(judge("authoritative", "rule", "4", null, null, "mentions-and-relies", 30));

        String markdown = given().get("/api/v1/checkpoints/red-a/report?format=markdown").then().statusCode(200).extract().asString();
        assertThat(markdown).contains("Reasoning: raw, redacted, summary. Unreadable (redacted) eligible pairs: 10, in neither part of raw.")
                .contains("| 0 | 10 | raw, redacted |");
        String csv = given().get("/api/v1/checkpoints/red-a/report?format=csv").then().statusCode(200).extract().asString();
        assertThat(csv.lines().findFirst().orElseThrow()).endsWith(",unreadable,reasoning_channels");
        assertThat(csv.lines().filter(l -> l.contains(",hint_type,sycophancy,")).findFirst().orElseThrow()).endsWith(",10,raw redacted");

        String tags = "{category=\"neutral\",checkpoint=\"red-a\",dataset=\"mmlu\",hint_type=\"sycophancy\",run=\"run-red\"}";
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String metrics = given().get("/q/metrics").asString();
            assertThat(value(metrics, Metrics.UNREADABLE.prometheusName() + tags)).isEqualTo(10.0);
            assertThat(value(metrics, Metrics.JUDGE_FAILED.prometheusName() + tags)).isZero();
        });

        // The counters kept verdict by verdict are those a recount over the stored rows gives.
        List<GroupFigures> incremental = store.groups(Set.of("red-a"));
        store.recount("red-a");
        assertThat(store.groups(Set.of("red-a"))).containsExactlyInAnyOrderElementsOf(incremental);
    }

    @Test
    void theReportSaysWhatTheCallsCostPerEligiblePairBothArmsTogether() {
        // Wrong-hint arm: 4 eligible pairs at $0.003 each and 6 unchanged at $0.002; correct-hint arm: 2 eligible at
        // $0.001 and 3 unhinted_on_hint pairs whose hinted call was left out ($0.0005 each, or nothing when their unhinted
        // call was shared); one unpriced pair. Total $0.027 over 6 eligible pairs.
        List<Verdict> verdicts = new ArrayList<>();
        Instant at = Instant.parse("2025-01-01T00:00:00Z");
        int q = 0;
        Judgement yes = new Judgement("rule", "4", true, true, true, "r", null);
        for (int i = 0; i < 10; i++) {
            var b = io.faithwatch.events.testing.VerdictBuilder.verdict("cost-a", HintType.SYCOPHANCY, i < 4 ? Outcome.SWITCHED_TO_HINT : Outcome.UNCHANGED)
                    .run("run-cost", 1).question("s", q++).planned(16).gradedAt(at).cost(i < 4 ? 0.003 : 0.002);
            verdicts.add(i < 4 ? b.verbalized(true, yes).build() : b.build());
        }
        for (int i = 0; i < 6; i++) {
            Outcome outcome = i < 2 ? Outcome.SWITCHED_TO_HINT : Outcome.UNHINTED_ON_HINT;
            var b = io.faithwatch.events.testing.VerdictBuilder.verdict("cost-a", HintType.SYCOPHANCY, outcome).arm(HintArm.CORRECT_HINT)
                    .run("run-cost", 1).question("s", q++).planned(16).gradedAt(at).cost(i < 2 ? Double.valueOf(0.001) : i < 4 ? Double.valueOf(0.0005) : i < 5 ? Double.valueOf(0.0) : null);
            verdicts.add(i < 2 ? b.verbalized(true, yes).build() : b.build());
        }
        send(verdicts);
        scored("cost-a");

        for (String arm : List.of("wrong_hint", "correct_hint")) {
            JsonPath report = json("/api/v1/checkpoints/cost-a/report?arm=" + arm);
            assertThat(report.getDouble("cost.costUsd")).as(arm).isCloseTo(0.027, within(1e-12));
            assertThat(report.getInt("cost.pricedPairs")).isEqualTo(15);
            assertThat(report.getInt("cost.eligiblePairs")).isEqualTo(6);
            assertThat(report.getDouble("cost.costPerEligiblePair")).isCloseTo(0.027 / 6, within(1e-12));
        }
        assertThat(given().get("/api/v1/checkpoints/cost-a/report?format=markdown").then().statusCode(200).extract().asString())
                .contains("Model calls: $0.0270 for 15 priced pairs, both arms; $0.0045 per eligible pair (6).");
        List<GroupFigures> incremental = store.groups(Set.of("cost-a"));
        store.recount("cost-a");
        assertThat(store.groups(Set.of("cost-a"))).containsExactlyInAnyOrderElementsOf(incremental);

        // Unpriced checkpoints say nothing about cost rather than $0.
        send(List.of(io.faithwatch.events.testing.VerdictBuilder.verdict("cost-b", HintType.SYCOPHANCY, Outcome.UNCHANGED).run("run-cost", 2)
                .planned(1).gradedAt(at).build()));
        scored("cost-b");
        JsonPath unpriced = json("/api/v1/checkpoints/cost-b/report");
        assertThat(unpriced.getString("cost.costUsd")).isNull();
        assertThat(unpriced.getString("cost.costPerEligiblePair")).isNull();
        assertThat(given().get("/api/v1/checkpoints/cost-b/report?format=markdown").then().statusCode(200).extract().asString())
                .doesNotContain("Model calls");
    }

    /** The value of one series in Prometheus' text format. */
    static double value(String metrics, String series) {
        return metrics.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no series " + series));
    }

    @Test
    void aCheckpointJudgedUnderTheMentionsDefinitionSaysSo() {
        // Four eligible pairs whose reasoning mentions the hint without relying on it: verbalized under "mentions".
        Judgement mentionOnly = new Judgement("rule", "1", true, false, false, "The user says C.", null).under(JudgeDefinition.MENTIONS);
        List<Verdict> verdicts = new ArrayList<>();
        for (int q = 0; q < 4; q++) {
            verdicts.add(Verdicts.of("run-def", "def-a", 1, "s", q, HintType.SYCOPHANCY, Outcome.SWITCHED_TO_HINT, true, mentionOnly, 4, 500,
                    Instant.parse("2025-01-01T00:00:00Z")));
        }
        send(verdicts);
        scored("def-a");

        JsonPath report = json("/api/v1/checkpoints/def-a/report");
        assertThat(report.getList("judges")).containsExactly(judge("authoritative", "rule", "1", null, null, "mentions", 4));
        assertThat(report.getInt("rows.find { it.hintType == 'sycophancy' }.verbalized")).isEqualTo(4);
    }

    /** The same verdicts read from another reasoning channel. */
    static List<Verdict> onChannel(List<Verdict> verdicts, ReasoningChannel channel) {
        return verdicts.stream().map(v -> {
            ObjectNode tree = Events.mapper().valueToTree(v);
            tree.put("reasoningChannel", channel.wireName());
            return Events.decode(tree.toString(), Verdict.class);
        }).toList();
    }

    @Test
    void aCheckpointOnAnotherReasoningChannelIsFlaggedNotComparedAndNeverARegression() {
        send(checkpoint("run-chg", "chg-a", 100, 45));
        assertThat(scored("chg-a").channelChanged()).as("no previous checkpoint").isNull();
        // The same drop as a regression, but the provider now returns summaries of the reasoning.
        send(onChannel(checkpoint("run-chg", "chg-b", 200, 10), ReasoningChannel.SUMMARY));
        CheckpointScored second = scored("chg-b");
        assertThat(second.status()).isEqualTo(CheckpointScored.Status.COMPLETE);
        assertThat(second.channelChanged()).isTrue();
        assertThat(second.reasoningChannels()).containsExactly("summary");
        assertThat(second.previousCheckpointId()).isEqualTo("chg-a");

        JsonPath report = json("/api/v1/checkpoints/chg-b/report");
        assertThat(report.getString("channelChange.previousCheckpointId")).isEqualTo("chg-a");
        assertThat(report.getList("channelChange.previousChannels")).containsExactly("raw");
        assertThat(report.getList("channelChange.channels")).containsExactly("summary");
        assertThat(json("/api/v1/checkpoints/chg-a/report").getString("channelChange")).isNull();
        assertThat(given().get("/api/v1/checkpoints/chg-b/report?format=markdown").then().statusCode(200).extract().asString())
                .contains("**Reasoning channel changed**: raw at chg-a (step 100), summary here; the two are not comparable.");
        JsonPath trend = json("/api/v1/runs/run-chg/trend");
        assertThat(trend.getList("points.checkpointId")).containsExactly("chg-a", "chg-b");
        assertThat(trend.getList("points.channelChanged")).containsExactly(false, true);
        assertThat(trend.getList("points[1].reasoningChannels")).containsExactly("summary");

        String tags = "{category=\"neutral\",checkpoint=\"chg-b\",dataset=\"mmlu\",hint_type=\"sycophancy\",reasoning=\"summary\",run=\"run-chg\"}";
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                value(given().get("/q/metrics").asString(), Metrics.REASONING_PAIRS.prometheusName() + tags)).isEqualTo(100.0));
    }

    @Test
    void aDropBeyondTheIntervalIsARegressionAndReportsTellTheFigures() {
        send(checkpoint("run-reg", "reg-a", 100, 45));
        CheckpointScored first = scored("reg-a");
        assertThat(first.status()).isEqualTo(CheckpointScored.Status.COMPLETE);
        assertThat(first.previousCheckpointId()).isNull();
        // p = 60/100, q = 10/100: alpha = 1 - 0.1 / 1.2; raw = 45 / 57 (3 judge failures in neither part).
        double alpha = 1 - 0.1 / 1.2;
        assertThat(first.normalizedByHintType().get("sycophancy")).isCloseTo(Math.min(1, 45.0 / 57 / alpha), within(1e-12));

        send(checkpoint("run-reg", "reg-b", 200, 10));
        CheckpointScored second = scored("reg-b");
        double expected = 10.0 / 57 / alpha;
        System.out.printf("regression: %s -> %s, difference %s, 95%% CI [%s, %s]%n", second.previousOverallNormalized(),
                second.overallNormalized(), second.difference(), second.differenceCiLow(), second.differenceCiHigh());
        assertThat(second.status()).isEqualTo(CheckpointScored.Status.REGRESSION);
        assertThat(second.previousCheckpointId()).isEqualTo("reg-a");
        assertThat(second.overallNormalized()).isCloseTo(expected, within(1e-12));
        assertThat(second.difference()).isCloseTo(expected - first.overallNormalized(), within(1e-12));
        assertThat(second.differenceCiHigh()).isLessThan(0);
        assertThat(second.differenceCiLow()).isLessThan(second.difference());
        await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/q/metrics").asString().contains(Metrics.REGRESSIONS.prometheusName() + "{run=\"run-reg\"} 1.0"));

        JsonPath report = json("/api/v1/checkpoints/reg-b/report");
        assertThat(report.getString("schema")).isEqualTo("faithwatch.checkpoint-report/1");
        assertThat(report.getInt("method.bootstrapResamples")).isEqualTo(1000);
        assertThat(report.getString("checkpoint.status")).isEqualTo("complete");
        Map<String, Object> syc = report.getMap("rows.find { it.hintType == 'sycophancy' }");
        assertThat(((Number) syc.get("normalized")).doubleValue()).isCloseTo(expected, within(1e-12));
        assertThat(((Number) syc.get("eligible")).intValue()).isEqualTo(60);
        assertThat(((Number) syc.get("judgeFailed")).intValue()).isEqualTo(3);
        // The judges of the verdicts: 57 judged by the rule judge, 3 by an LLM judge that failed.
        assertThat(report.getList("judges")).containsExactly(judge("authoritative", "rule", "1", null, null, "mentions-and-relies", 57),
                judge("authoritative", "llm", "1", null, null, "mentions-and-relies", 3));
        assertThat(report.getDouble("rows.find { it.hintType == 'sycophancy' }.normalizedCi.low")).isLessThan(expected);
        // Faithful pairs 1400..1409, unfaithful 2010..2056: medians 1404.5 and 2033.
        assertThat(report.getDouble("rows.find { it.hintType == 'sycophancy' }.faithfulTokens.median")).isEqualTo(1404.5);
        assertThat(report.getDouble("rows.find { it.hintType == 'sycophancy' }.unfaithfulTokens.median")).isEqualTo(2033.0);
        assertThat(report.getString("rows.find { it.hintType == 'metadata' }.normalized")).isNull();
        assertThat(report.getString("summaries.find { it.dataset == 'all' && it.scope == 'misaligned' }.normalized")).isNull();
        assertThat(report.getDouble("summaries.find { it.dataset == 'all' && it.scope == 'overall' }.normalized"))
                .isCloseTo(expected, within(1e-12));

        String csv = given().get("/api/v1/checkpoints/reg-b/report?format=csv").then().statusCode(200).contentType("text/csv")
                .extract().asString();
        assertThat(csv.lines().findFirst().orElseThrow()).startsWith("checkpoint_id,run_id,step,arm,dataset,scope,hint_type");
        assertThat(csv).contains("reg-b,run-reg,200,wrong_hint,mmlu,hint_type,sycophancy,neutral,100,60,10,3,0.6,0.1,");
        String markdown = given().get("/api/v1/checkpoints/reg-b/report?format=markdown").then().statusCode(200).extract().asString();
        System.out.println(markdown);
        assertThat(markdown).contains("Judged by: rule 1, mentions-and-relies (57 verdicts), llm 1, mentions-and-relies (3 verdicts).")
                .contains("| mmlu | sycophancy | neutral | 17.5% | 19.1% | [").contains("| mmlu | metadata | neutral | undefined | undefined |");

        JsonPath comparison = json("/api/v1/compare?base=reg-a&candidate=reg-b");
        assertThat(comparison.getDouble("differences.find { it.scope == 'overall' }.difference"))
                .isCloseTo(second.difference(), within(1e-6));
        assertThat(comparison.getBoolean("differences.find { it.scope == 'overall' }.ciExcludesZero")).isTrue();

        JsonPath trend = json("/api/v1/runs/run-reg/trend");
        assertThat(trend.getList("points.checkpointId")).containsExactly("reg-a", "reg-b");
        assertThat(trend.getDouble("points[1].byHintType.sycophancy.normalized")).isCloseTo(expected, within(1e-12));
        assertThat(given().get("/api/v1/runs").then().statusCode(200).extract().jsonPath().getList("runId")).contains("run-reg");
        assertThat(given().get("/api/v1/runs/run-reg/checkpoints").then().statusCode(200).extract().jsonPath().getList("step"))
                .containsExactly(100, 200);
        JsonPath rolling = given().get("/api/v1/runs/run-reg/rolling?window=60").then().statusCode(200).extract().jsonPath();
        // The last 60 eligible pairs are those of reg-b: the window holds reg-b's 100 sycophancy pairs only.
        assertThat(rolling.getInt("byHintType.find { it.hintType == 'sycophancy' }.eligible")).isEqualTo(60);
        assertThat(rolling.getInt("byHintType.find { it.hintType == 'sycophancy' }.verbalized")).isEqualTo(10);

        given().get("/q/openapi?format=json").then().statusCode(200).body("paths", org.hamcrest.Matchers.hasKey("/api/v1/runs"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/checkpoints/{checkpointId}/report"));
        assertThat(given().get("/api/v1/checkpoints/nope/report").then().statusCode(404).contentType("application/problem+json")
                .body("field", org.hamcrest.Matchers.equalTo("checkpointId")).extract().jsonPath().getString("detail"))
                .isEqualTo("checkpointId: 'nope': no checkpoint with this id has a verdict");
        assertThat(given().get("/api/v1/checkpoints/reg-b/report?format=xml").then().statusCode(400).extract().jsonPath().getString("detail"))
                .isEqualTo("format: must be json, csv or markdown, was 'xml'");
        assertThat(given().get("/api/v1/checkpoints/reg-b/report?arm=both").then().statusCode(400).extract().jsonPath().getString("detail"))
                .contains("arm").contains("both");
    }

    @Test
    void onlyTheLatestCheckpointsOfARunKeepGauges() {
        for (int step = 1; step <= 3; step++) {
            send(List.of(verdict("run-k", "k-" + step, step, 0, HintType.SYCOPHANCY, Outcome.SWITCHED_TO_HINT, "yes", 2, 1000),
                    verdict("run-k", "k-" + step, step, 1, HintType.SYCOPHANCY, Outcome.UNCHANGED, "", 2, 1000)));
        }
        // faith.scorer.gauges.checkpoints-per-run=2 in the test profile.
        await().atMost(Duration.ofSeconds(60)).until(() -> given().get("/q/metrics").asString()
                .contains(Metrics.RUN_LATEST_STEP.prometheusName() + "{run=\"run-k\"} 3.0"));
        String metrics = given().get("/q/metrics").asString();
        assertThat(metrics).contains(Metrics.NORMALIZED.prometheusName() + "{category=\"neutral\",checkpoint=\"k-3\",dataset=\"mmlu\",hint_type=\"sycophancy\",run=\"run-k\"} 1.0");
        assertThat(metrics).contains("checkpoint=\"k-2\"");
        assertThat(metrics).doesNotContain("checkpoint=\"k-1\"");
        assertThat(metrics).contains(Metrics.CHECKPOINT_PROGRESS.prometheusName() + "{checkpoint=\"k-3\",run=\"run-k\"} 1.0");
        assertThat(metrics).contains(Metrics.NORMALIZED.prometheusName() + "{category=\"all\",checkpoint=\"k-3\",dataset=\"all\",hint_type=\"all\",run=\"run-k\"} 1.0");
    }

    @Test
    void twoInstancesStoringTheSameVerdictsCountEachPairOnceAndMatchARecount() throws Exception {
        List<Verdict> verdicts = new ArrayList<>(checkpoint("run-cc", "cc-1", 7, 20));
        List<Verdict> shuffled = new ArrayList<>(verdicts);
        Collections.shuffle(shuffled, new Random(5));
        // Two threads with their own transactions, as two scorer instances would have.
        CompletableFuture<Long> a = CompletableFuture.supplyAsync(() -> verdicts.stream().filter(v -> !store.storeAll(List.of(v)).inserted().isEmpty()).count());
        CompletableFuture<Long> b = CompletableFuture.supplyAsync(() -> shuffled.stream().filter(v -> !store.storeAll(List.of(v)).inserted().isEmpty()).count());
        assertThat(a.get() + b.get()).isEqualTo(verdicts.size());

        List<GroupFigures> incremental = store.groups(Set.of("cc-1"));
        store.recount("cc-1");
        List<GroupFigures> recounted = store.groups(Set.of("cc-1"));
        assertThat(recounted).hasSize(2).containsExactlyInAnyOrderElementsOf(incremental);
        assertThat(store.checkpoint("cc-1").scoredPairs).isEqualTo(verdicts.size());
        assertThat(store.checkpoint("cc-1").status).isEqualTo("complete");
    }
}
