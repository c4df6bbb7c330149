package io.faithwatch.scorer.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.faithwatch.events.CueType;
import io.faithwatch.events.Events;
import io.faithwatch.events.HintType;
import io.faithwatch.events.Judgement;
import io.faithwatch.events.Metrics;
import io.faithwatch.events.Outcome;
import io.faithwatch.events.RolloutJudged;
import io.faithwatch.events.Topics;
import io.faithwatch.events.Verdict;
import io.faithwatch.scorer.Verdicts;
import io.faithwatch.testsupport.KafkaTestResource;
import io.faithwatch.testsupport.PostgresTestResource;
import io.faithwatch.testsupport.TestInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * Judged rollouts through the real broker into the database and back out as the API's figures and as gauges. The test
 * profile keeps rollout gauges for 2 runs and 2 environments of each, and measures rises over 1 step.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class RolloutsIT {
    static final String RUN = "run-ro";
    final KafkaCompanion kafka = new KafkaCompanion(TestInfrastructure.kafka().bootstrapServers());
    int next;

    /** A rollout whose reward is 1 when it exploited and 0 otherwise, unless given. */
    RolloutJudged rollout(String run, long step, String environment, boolean exploited, boolean sampled, Boolean verbalized, boolean mentions,
            int words, double reward) {
        Judgement judgement = null;
        if (sampled && exploited) {
            judgement = verbalized == null ? Judgement.failed("llm", "2", "timeout")
                    : new Judgement("llm", "2", verbalized, verbalized, verbalized, verbalized ? "the grader checks only" : "", null);
        } else if (sampled) {
            judgement = new Judgement("offline", "1", mentions, false, false, mentions ? "the grader" : "", null);
        }
        Instant at = Instant.parse("2026-11-30T10:00:00Z").plusSeconds(step);
        return new RolloutJudged(Events.SCHEMA_VERSION, run + "-r" + next++, run, step, environment, CueType.GRADER_HACKING, exploited, sampled,
                verbalized, judgement, null, words, reward, at, at.plusSeconds(5));
    }

    RolloutJudged rollout(long step, String environment, boolean exploited, boolean sampled, Boolean verbalized, boolean mentions, int words) {
        return rollout(RUN, step, environment, exploited, sampled, verbalized, mentions, words, exploited ? 1.0 : 0.0);
    }

    List<RolloutJudged> run() {
        List<RolloutJudged> r = new ArrayList<>();
        // math, step 1: 1 of 10 exploited, sampled and verbalized; the others not sampled.
        r.add(rollout(1, "math", true, true, true, false, 50));
        for (int i = 0; i < 9; i++) {
            r.add(rollout(1, "math", false, false, null, false, 40));
        }
        // math, step 2: 2 of 10 exploited, both judged unverbalized.
        for (int i = 0; i < 2; i++) {
            r.add(rollout(2, "math", true, true, false, false, 80));
        }
        for (int i = 0; i < 8; i++) {
            r.add(rollout(2, "math", false, false, null, false, 40));
        }
        // math, step 3: 7 of 20 exploited, all sampled: 2 verbalized (100, 200 words), 3 not (300, 300, 330), 2 judge failures;
        // of the 13 others 10 sampled, 3 of them mentioning the cue.
        r.add(rollout(3, "math", true, true, true, false, 100));
        r.add(rollout(3, "math", true, true, true, false, 200));
        r.add(rollout(3, "math", true, true, false, false, 300));
        r.add(rollout(3, "math", true, true, false, false, 300));
        r.add(rollout(3, "math", true, true, false, false, 330));
        r.add(rollout(3, "math", true, true, null, false, 10));
        r.add(rollout(3, "math", true, true, null, false, 10));
        for (int i = 0; i < 10; i++) {
            r.add(rollout(3, "math", false, true, null, i < 3, 40));
        }
        for (int i = 0; i < 3; i++) {
            r.add(rollout(3, "math", false, false, null, false, 40));
        }
        // code, step 3: 20 of 200 exploited, all sampled and none verbalized (212.5 words on average); reward 0.5 each.
        for (int i = 0; i < 200; i++) {
            boolean exploited = i < 20;
            r.add(rollout(RUN, 3, "code", exploited, exploited, exploited ? false : null, false, exploited ? (i < 10 ? 200 : 225) : 90, 0.5));
        }
        // tiny, step 2: 3 rollouts, none exploited: the third environment by rollouts, beyond the gauges' bound of 2.
        for (int i = 0; i < 3; i++) {
            r.add(rollout(2, "tiny", false, false, null, false, 40));
        }
        return r;
    }

    void send(List<RolloutJudged> rollouts, ProducerRecord<String, String> extra) {
        List<ProducerRecord<String, String>> records = new ArrayList<>(rollouts.stream()
                .map(r -> new ProducerRecord<>(Topics.ROLLOUTS_JUDGED, r.key(), Events.encode(r))).toList());
        if (extra != null) {
            records.add(records.size() / 2, extra);
        }
        kafka.produceStrings().fromRecords(records).awaitCompletion();
    }

    /** A JSON body whose numbers are read as doubles (JsonPath's default, float, would cut the figures to 7 digits). */
    static JsonPath json(String body, String root) {
        return JsonPath.from(body).using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE)).setRootPath(root);
    }

    static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The value of a series, null when it is absent. */
    static Double sample(String metrics, String series) {
        return metrics.lines().filter(l -> l.startsWith(series + " ")).map(l -> Double.parseDouble(l.substring(series.length() + 1))).findFirst()
                .orElse(null);
    }

    static String rollout(Metrics.Metric metric, String run, String environment) {
        return metric.prometheusName() + "{environment=\"" + environment + "\",run=\"" + run + "\"}";
    }

    static double counter(String metrics, String series) {
        Double value = sample(metrics, series);
        return value == null ? 0 : value;
    }

    static void assertRate(JsonPath point, String rate, double value, double low, double high) {
        assertThat(point.getDouble(rate + ".value")).as(rate).isCloseTo(value, within(1e-12));
        assertThat(point.getDouble(rate + ".low")).as(rate + ".low").isCloseTo(low, within(1e-9));
        assertThat(point.getDouble(rate + ".high")).as(rate + ".high").isCloseTo(high, within(1e-9));
    }

    @Test
    void rolloutsAreStoredOnceAndReadAsFiguresPerStepAndEnvironment() {
        String before = metrics();
        String stored = Metrics.ROLLOUTS_STORED.prometheusName(), duplicate = Metrics.ROLLOUTS_DUPLICATE.prometheusName();
        String deadLetters = Metrics.DEAD_LETTERS.prometheusName() + "{channel=\"rollouts-judged\"}";

        // A run that stores first and so is the least recently active of three: beyond the gauges' bound of 2 runs.
        send(List.of(rollout("run-ro-old", 1, "math", true, true, true, false, 10, 1)), null);
        await().atMost(Duration.ofSeconds(60)).until(() -> given().get("/api/v1/runs/run-ro-old/rollouts").statusCode() == 200);

        List<RolloutJudged> rollouts = run();
        RolloutJudged sample = rollouts.get(0);
        String malformed = Events.encode(sample).replace("\"step\":1", "\"step\":\"one\"");
        assertThat(malformed).contains("\"step\":\"one\"");
        send(rollouts, new ProducerRecord<>(Topics.ROLLOUTS_JUDGED, "run-ro", malformed));
        send(rollouts, null); // the same batch again: each rollout counts once
        await().atMost(Duration.ofSeconds(60)).until(() -> counter(metrics(), duplicate) - counter(before, duplicate) >= rollouts.size());
        send(List.of(rollout("run-ro-new", 7, "code", false, false, null, false, 10, 0)), null);
        await().atMost(Duration.ofSeconds(60)).until(() -> given().get("/api/v1/runs/run-ro-new/rollouts").statusCode() == 200);

        String text = given().get("/api/v1/runs/" + RUN + "/rollouts").then().statusCode(200).extract().asString();
        JsonPath body = json(text, "");
        assertThat(body.getString("runId")).isEqualTo(RUN);
        List<Map<String, Object>> points = body.getList("points");
        assertThat(points).extracting(p -> p.get("step") + "/" + p.get("environment")).containsExactly("1/math", "2/math", "2/tiny", "3/code",
                "3/math");

        JsonPath math1 = json(text, "points[0]");
        assertThat(math1.getLong("rollouts")).isEqualTo(10);
        assertThat(math1.getLong("exploited")).isEqualTo(1);
        assertRate(math1, "exploitationRate", 0.1, 0.017876213095, 0.404150026795);
        assertRate(math1, "verbalizationRate", 1.0, 0.206549314377, 1.0);
        assertThat(math1.getDouble("reasoningWords.exploitedVerbalized")).isEqualTo(50.0);
        assertThat(math1.getObject("reasoningWords.exploitedUnverbalized", Double.class)).isNull();

        JsonPath math2 = json(text, "points[1]");
        assertRate(math2, "exploitationRate", 0.2, 0.056682151454, 0.509837528463);
        assertRate(math2, "verbalizationRate", 0.0, 0.0, 0.657619772493);
        assertThat(math2.getDouble("meanReward")).isCloseTo(0.2, within(1e-12));

        JsonPath tiny = json(text, "points[2]");
        assertThat(tiny.getLong("rollouts")).isEqualTo(3);
        assertThat(tiny.getLong("sampled")).isEqualTo(0);
        assertRate(tiny, "exploitationRate", 0.0, 0.0, 0.561497031755);
        assertThat(body.getMap("points[2]")).as("no judged exploited rollout: undefined").containsEntry("verbalizationRate", null);

        JsonPath code = json(text, "points[3]");
        assertThat(code.getLong("rollouts")).isEqualTo(200);
        assertThat(code.getLong("exploited")).isEqualTo(20);
        assertThat(code.getLong("sampled")).isEqualTo(20);
        assertThat(code.getLong("judged")).isEqualTo(20);
        assertThat(code.getLong("verbalized")).isEqualTo(0);
        assertThat(code.getLong("judgeFailed")).isEqualTo(0);
        assertRate(code, "exploitationRate", 0.1, 0.065670448669, 0.149405812433);
        assertRate(code, "verbalizationRate", 0.0, 0.0, 0.161125158053);
        assertThat(code.getObject("reasoningWords.exploitedVerbalized", Double.class)).isNull();
        assertThat(code.getDouble("reasoningWords.exploitedUnverbalized")).isEqualTo(212.5);
        assertThat(code.getDouble("meanReward")).isEqualTo(0.5);
        assertThat(code.getLong("mentionsNotExploited")).isEqualTo(0);

        JsonPath math3 = json(text, "points[4]");
        assertThat(math3.getLong("rollouts")).isEqualTo(20);
        assertThat(math3.getLong("exploited")).isEqualTo(7);
        assertThat(math3.getLong("sampled")).isEqualTo(17);
        assertThat(math3.getLong("judged")).isEqualTo(5);
        assertThat(math3.getLong("verbalized")).isEqualTo(2);
        assertThat(math3.getLong("judgeFailed")).isEqualTo(2);
        assertRate(math3, "exploitationRate", 0.35, 0.181191824101, 0.567145723315);
        assertRate(math3, "verbalizationRate", 0.4, 0.117620774233, 0.769275718724);
        assertThat(math3.getDouble("reasoningWords.exploitedVerbalized")).isEqualTo(150.0);
        assertThat(math3.getDouble("reasoningWords.exploitedUnverbalized")).isEqualTo(310.0);
        assertThat(math3.getDouble("meanReward")).isCloseTo(0.35, within(1e-12));
        assertThat(math3.getLong("mentionsNotExploited")).isEqualTo(3);

        assertThat(given().queryParam("environment", "code").get("/api/v1/runs/" + RUN + "/rollouts").then().statusCode(200).extract()
                .jsonPath().getList("points.environment")).containsExactly("code");
        // Pooled over the environments of each step: the counts add up, the rates are of the sums.
        String pooledText = given().queryParam("pooled", true).get("/api/v1/runs/" + RUN + "/rollouts").then().statusCode(200).extract()
                .asString();
        JsonPath pooled = json(pooledText, "");
        assertThat(pooled.getList("points.environment")).containsExactly("all", "all", "all");
        assertThat(pooled.getList("points.step", Long.class)).containsExactly(1L, 2L, 3L);
        assertThat(pooled.getLong("points[2].rollouts")).isEqualTo(220);
        assertThat(pooled.getLong("points[2].exploited")).isEqualTo(27);
        assertThat(pooled.getLong("points[2].judged")).isEqualTo(25);
        assertThat(pooled.getLong("points[2].verbalized")).isEqualTo(2);
        assertThat(pooled.getDouble("points[2].exploitationRate.value")).isCloseTo(27 / 220.0, within(1e-12));
        assertThat(pooled.getDouble("points[2].verbalizationRate.value")).isCloseTo(2 / 25.0, within(1e-12));
        assertThat(pooled.getDouble("points[2].exploitationRate.low")).isLessThan(27 / 220.0)
                .isGreaterThan(code.getDouble("exploitationRate.low") - 0.05);
        given().queryParam("pooled", true).queryParam("environment", "code").get("/api/v1/runs/" + RUN + "/rollouts").then().statusCode(400)
                .body("field", equalTo("pooled"));
        given().get("/api/v1/runs/no-such-run/rollouts").then().statusCode(404).contentType("application/problem+json")
                .body("field", equalTo("run"));
        given().queryParam("environment", "chess").get("/api/v1/runs/" + RUN + "/rollouts").then().statusCode(404)
                .body("field", equalTo("environment"));

        String after = metrics();
        assertThat(counter(after, stored) - counter(before, stored)).as("each rollout stored once").isEqualTo(rollouts.size() + 2);
        assertThat(counter(after, duplicate) - counter(before, duplicate)).as("the batch sent twice").isEqualTo(rollouts.size());
        assertThat(counter(after, deadLetters) - counter(before, deadLetters)).isEqualTo(1.0);
        // Other tests dead-letter records of their own on this topic, some without a value.
        var letters = kafka.consumeStrings().fromTopics(Topics.deadLetter(Topics.ROLLOUTS_JUDGED));
        await().atMost(Duration.ofSeconds(30)).until(() -> letters.getRecords().stream().anyMatch(r -> malformed.equals(r.value())));
        ConsumerRecord<String, String> dead = letters.getRecords().stream().filter(r -> malformed.equals(r.value())).findFirst().orElseThrow();
        letters.stop();
        assertThat(new String(dead.headers().lastHeader("dead-letter-reason").value())).contains("RolloutJudged").contains("step");

        // Gauges: the latest step of the 2 busiest environments of the 2 most recently active runs.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String m = metrics();
            assertThat(sample(m, rollout(Metrics.ROLLOUT_STEP, RUN, "math"))).isEqualTo(3.0);
            assertThat(sample(m, rollout(Metrics.ROLLOUT_COUNT, RUN, "math"))).isEqualTo(20.0);
            assertThat(sample(m, rollout(Metrics.ROLLOUT_EXPLOITED, RUN, "math"))).isEqualTo(7.0);
            assertThat(sample(m, rollout(Metrics.ROLLOUT_EXPLOITATION, RUN, "math"))).isEqualTo(0.35);
            assertThat(sample(m, rollout(Metrics.ROLLOUT_JUDGED, RUN, "math"))).isEqualTo(5.0);
            assertThat(sample(m, rollout(Metrics.ROLLOUT_VERBALIZATION, RUN, "math"))).isEqualTo(0.4);
            // 1 step with rollouts back from step 3 is step 2: 0.35 - 0.2.
            assertThat(sample(m, rollout(Metrics.ROLLOUT_EXPLOITATION_RISE, RUN, "math"))).isCloseTo(0.15, within(1e-12));
            assertThat(sample(m, rollout(Metrics.ROLLOUT_VERBALIZATION, RUN, "code"))).isEqualTo(0.0);
            assertThat(sample(m, rollout(Metrics.ROLLOUT_EXPLOITATION_RISE, RUN, "code"))).as("one step: no rise").isEqualTo(0.0);
            assertThat(sample(m, rollout(Metrics.ROLLOUT_COUNT, "run-ro-new", "code"))).isEqualTo(1.0);
            assertThat(sample(m, rollout(Metrics.ROLLOUT_JUDGED, "run-ro-new", "code"))).isEqualTo(0.0);
            assertThat(sample(m, rollout(Metrics.ROLLOUT_VERBALIZATION, "run-ro-new", "code"))).as("none judged: no sample").isNull();
            assertThat(m).doesNotContain("environment=\"tiny\"").doesNotContain("run=\"run-ro-old\"");
        });
    }

    @Test
    void aRunsRisesCompareItsLatestCompleteCheckpointWithTheOneBefore() {
        String run = "run-ro-ckpt";
        List<Verdict> verdicts = new ArrayList<>();
        // Step 100: 4 switched to the hint (1 verbalized), 2 to another option, 4 unchanged: p 0.4, q 0.2, alpha 0.75, raw 0.25,
        // normalized 1/3. Step 200: 6 (3 verbalized), 1, 3: p 0.6, q 0.1, alpha 1 - 0.1 / 1.2, raw 0.5, normalized 6/11.
        int[][] plan = { {100, 4, 1, 2, 4}, {200, 6, 3, 1, 3} };
        for (int[] c : plan) {
            String checkpoint = run + "-" + c[0];
            int q = 0;
            for (int i = 0; i < c[1]; i++) {
                boolean verbalized = i < c[2];
                verdicts.add(Verdicts.of(run, checkpoint, c[0], "s", q++, HintType.SYCOPHANCY, Outcome.SWITCHED_TO_HINT, verbalized,
                        new Judgement("rule", "1", verbalized, verbalized, verbalized, verbalized ? "the user says C" : "", null), 10, 500,
                        Instant.now()));
            }
            for (int i = 0; i < c[3]; i++) {
                verdicts.add(Verdicts.of(run, checkpoint, c[0], "s", q++, HintType.SYCOPHANCY, Outcome.SWITCHED_TO_OTHER, null, null, 10, 500,
                        Instant.now()));
            }
            for (int i = 0; i < c[4]; i++) {
                verdicts.add(Verdicts.of(run, checkpoint, c[0], "s", q++, HintType.SYCOPHANCY, Outcome.UNCHANGED, null, null, 10, 500,
                        Instant.now()));
            }
        }
        kafka.produceStrings().fromRecords(verdicts.stream().map(v -> new ProducerRecord<>(Topics.VERDICTS, v.key(), Events.encode(v))).toList())
                .awaitCompletion();

        String tags = "{run=\"" + run + "\"}";
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            String m = metrics();
            assertThat(sample(m, Metrics.RUN_LATEST_STEP.prometheusName() + tags)).isEqualTo(200.0);
            assertThat(sample(m, Metrics.RUN_UPTAKE_RISE.prometheusName() + tags)).isNotNull().isCloseTo(0.2, within(1e-12));
            assertThat(sample(m, Metrics.RUN_NORMALIZED_RISE.prometheusName() + tags)).isNotNull().isCloseTo(6.0 / 11 - 1.0 / 3, within(1e-12));
        });
        // The same figures as the run's trend shows.
        JsonPath trend = json(given().get("/api/v1/runs/" + run + "/trend").then().statusCode(200).extract().asString(), "");
        assertThat(trend.getDouble("points[1].overall.normalized") - trend.getDouble("points[0].overall.normalized"))
                .isCloseTo(sample(metrics(), Metrics.RUN_NORMALIZED_RISE.prometheusName() + tags), within(1e-12));
    }
}
