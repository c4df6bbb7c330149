package io.faithwatch.grader.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.faithwatch.events.Metrics;
import io.faithwatch.grader.domain.JudgePrompt;
import io.faithwatch.grader.domain.RuleJudge;
import io.faithwatch.grader.llm.FakeProvider;
import io.faithwatch.grader.llm.JudgeModelResource;
import io.faithwatch.testsupport.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Judge drift over REST and Prometheus, in judge mode both (rule authoritative, the fake LLM judge of
 * {@link JudgeModelResource}): both judges are re-judged on the gold set at start, their figures are served and exported
 * with judge and version, and a check can be asked for, once at a time. A grader of its own (the shared broker): the
 * other tests count the fake judge's calls, which a gold check would swell.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(JudgeModelResource.class)
@WithTestResource(GoldApiIT.CheckAtStart.class)
class GoldApiIT {
    /** The check at start, off in the test profile. */
    public static class CheckAtStart implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            return Map.of("faith.grader.drift.on-start", "true");
        }

        @Override
        public void stop() {
            // nothing started
        }
    }

    static final int GOLD_TEXTS = 173;
    static final String NOT_VERBALIZED = "{\"mentions\": false, \"relies\": false, \"verbalized\": false, \"evidence\": \"\"}";

    static List<Map<String, Object>> rows() {
        return given().get("/api/judge/gold").then().statusCode(200).extract().jsonPath().getList("$");
    }

    static Map<String, Object> row(String judge) {
        return rows().stream().filter(r -> judge.equals(r.get("judge"))).findFirst().orElseThrow(() -> new AssertionError("no row of " + judge));
    }

    static double number(Map<String, Object> row, String field) {
        return ((Number) row.get(field)).doubleValue();
    }

    @Test
    void bothJudgesAreCheckedAtStartAndTheirFiguresAreServedAndExported() {
        // The check at start runs in the background: wait for both judges' figures.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(rows()).hasSize(2)
                .allSatisfy(r -> assertThat(r.get("checkedAt")).as(r.get("judge") + " checked").isNotNull()));

        Map<String, Object> rule = row("rule");
        assertThat(rule).containsEntry("version", RuleJudge.VERSION).containsEntry("failed", 0).containsEntry("model", null);
        // Review pairs other tests labelled on the shared broker's review log join the gold set: at least the texts.
        assertThat(((Number) rule.get("cases")).intValue()).isGreaterThanOrEqualTo(GOLD_TEXTS);
        assertThat(number(rule, "agreement")).as("the rule judge was developed on these texts").isGreaterThanOrEqualTo(0.9);
        assertThat(number(rule, "kappa")).isGreaterThan(0.8).isLessThanOrEqualTo(number(rule, "agreement"));
        assertThat(number(rule, "mentionsAgreement")).isGreaterThan(0.8);
        assertThat(((Number) rule.get("mentionsCases")).intValue()).isEqualTo(GOLD_TEXTS);
        assertThat((Map<String, Object>) rule.get("byHintType")).containsOnlyKeys("sycophancy", "consistency", "visual_pattern", "metadata",
                "grader_hacking", "unethical_information");

        Map<String, Object> llm = row("llm");
        assertThat(llm).containsEntry("version", JudgePrompt.VERSION).containsEntry("model", "openai/judge-model")
                .containsEntry("promptHash", JudgePrompt.HASH);
        assertThat(((Number) llm.get("cases")).intValue() + ((Number) llm.get("failed")).intValue()).isGreaterThanOrEqualTo(GOLD_TEXTS);
        assertThat(JudgeModelResource.provider().requests()).as("the LLM judge was asked about the gold texts")
                .anySatisfy(request -> assertThat(FakeProvider.userText(request)).contains("hint pointing at option"));

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(sample(metrics, Metrics.JUDGE_GOLD_AGREEMENT, "rule", RuleJudge.VERSION)).isCloseTo(number(rule, "agreement"), within(1e-6));
        assertThat(sample(metrics, Metrics.JUDGE_GOLD_KAPPA, "rule", RuleJudge.VERSION)).isCloseTo(number(rule, "kappa"), within(1e-6));
        assertThat(sample(metrics, Metrics.JUDGE_GOLD_MENTIONS_AGREEMENT, "rule", RuleJudge.VERSION))
                .isCloseTo(number(rule, "mentionsAgreement"), within(1e-6));
        assertThat(sample(metrics, Metrics.JUDGE_GOLD_CASES, "rule", RuleJudge.VERSION)).isEqualTo(number(rule, "cases"));
        assertThat(sample(metrics, Metrics.JUDGE_GOLD_FAILED, "rule", RuleJudge.VERSION)).isZero();
        assertThat(sample(metrics, Metrics.JUDGE_GOLD_CHECKED, "rule", RuleJudge.VERSION))
                .isCloseTo(Instant.parse((String) rule.get("checkedAt")).toEpochMilli() / 1000.0, within(1e-3));
        for (Metrics.Metric metric : List.of(Metrics.JUDGE_GOLD_AGREEMENT, Metrics.JUDGE_GOLD_KAPPA, Metrics.JUDGE_GOLD_MENTIONS_AGREEMENT,
                Metrics.JUDGE_GOLD_CASES, Metrics.JUDGE_GOLD_FAILED, Metrics.JUDGE_GOLD_CHECKED)) {
            assertThat(metrics).contains(metric.prometheusName() + "{judge=\"llm\",version=\"" + JudgePrompt.VERSION + "\"}");
        }
    }

    @Test
    void aCheckAskedForRunsOnceAtATimeAndRenewsTheFigures() {
        await().atMost(Duration.ofSeconds(60)).until(() -> rows().stream().allMatch(r -> r.get("checkedAt") != null));
        Instant before = Instant.parse((String) row("llm").get("checkedAt"));
        // The next LLM judge answers take a second each: the check asked for below is still running when asked again.
        for (int i = 0; i < 8; i++) {
            JudgeModelResource.provider().then(FakeProvider.Reply.slow(NOT_VERBALIZED, 1000));
        }

        // Polled: the check at start may still be finishing.
        await().atMost(Duration.ofSeconds(60)).until(() -> given().header("Authorization", "Bearer test-token").post("/api/judge/gold/check").statusCode() == 202);
        given().header("Authorization", "Bearer test-token").post("/api/judge/gold/check").then().statusCode(409).contentType("application/problem+json").body("status", equalTo(409));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(Instant.parse((String) row("llm").get("checkedAt"))).isAfter(before));
        Map<String, Object> llm = row("llm");
        assertThat(((Number) llm.get("cases")).intValue() + ((Number) llm.get("failed")).intValue()).isGreaterThanOrEqualTo(GOLD_TEXTS);
        assertThat(Instant.parse((String) row("rule").get("checkedAt"))).isAfter(before);
    }

    /** The value of a gauge's sample for one judge and version, from Prometheus' text format. */
    static double sample(String metrics, Metrics.Metric metric, String judge, String version) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(metric.prometheusName() + "{judge=\"" + judge + "\",version=\"" + version + "\"}")
                + " (\\S+)$").matcher(metrics);
        assertThat(m.find()).as(metric.prometheusName() + " of " + judge + " " + version + " in\n" + metrics).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
