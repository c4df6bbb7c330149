package io.faithwatch.scorer.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.Tuple;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.faithwatch.events.Events;
import io.faithwatch.scorer.domain.Rate;
import io.faithwatch.scorer.store.CheckpointEntity;
import io.faithwatch.testsupport.KafkaTestResource;
import io.faithwatch.testsupport.PostgresTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The SQL of the dashboard's "Training rollouts" panels (ops/grafana/dashboards/faithwatch.json, datasource
 * faithwatch-postgres, table rollout_judged) runs against the real migrated schema: rollouts of a run at three steps in
 * two environments, with known counts, give the exact exploitation rate (exploited / rollouts) and verbalization rate
 * (verbalized / judged, judged = sampled, exploited and judge not failed) per step and environment, and another run's
 * rollouts stay out.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class RolloutPanelsSqlIT {
    static final String RUN = "run-rollout-panels";
    static final Path DASHBOARD = Path.of("../ops/grafana/dashboards/faithwatch.json");
    static final String HACK = "grader-hack";
    static final String TESTS = "unit-tests";

    /** The SQL of the panels that read rollout_judged, by title, rows' panels included, ${rollout_run:sqlstring} as Grafana fills it. */
    static Map<String, String> queries() throws Exception {
        JsonNode root = Events.mapper().readTree(DASHBOARD.toFile());
        List<JsonNode> panels = new ArrayList<>();
        root.path("panels").forEach(panel -> {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        });
        Map<String, String> sql = new LinkedHashMap<>();
        for (JsonNode panel : panels) {
            if (panel.path("datasource").path("uid").asText().equals("faithwatch-postgres")) {
                for (JsonNode target : panel.path("targets")) {
                    String raw = target.path("rawSql").asText();
                    if (raw.contains("rollout_judged")) {
                        sql.put(panel.path("title").asText(), raw.replace("${rollout_run:sqlstring}", "'" + RUN + "'"));
                    }
                }
            }
        }
        return sql;
    }

    static String panel(Map<String, String> queries, String titleStart) {
        return queries.keySet().stream().filter(t -> t.startsWith(titleStart)).findFirst()
                .orElseThrow(() -> new AssertionError("no panel titled " + titleStart + "...: " + queries.keySet()));
    }

    @SuppressWarnings("unchecked")
    static List<Tuple> run(String sql) {
        return QuarkusTransaction.requiringNew().call(() -> CheckpointEntity.getEntityManager().createNativeQuery(sql, Tuple.class).getResultList());
    }

    private int next;

    /**
     * {@code n} rollouts of the run at the step in the environment, alike: exploited or not, sampled or not, the judge's
     * verbalized (null when not judged) and whether the judge failed.
     */
    void rollouts(String run, long step, String environment, int n, boolean exploited, boolean sampled, Boolean verbalized, boolean judgeFailed) {
        boolean judged = sampled && !judgeFailed;
        String sql = """
                INSERT INTO rollout_judged (rollout_id, run_id, step, environment, cue_type, exploited, sampled, verbalized, judge_failed,
                  mentions, judge, judge_version, judge_definition, reasoning_words, reward, observed_at, judged_at, stored_at)
                SELECT '%s/%d/%s/%d/' || g, '%s', %d, '%s', 'grader_hack', %s, %s, %s, %s, %s, %s, %s, %s, 120, %s, now(), now(), now()
                FROM generate_series(1, %d) g""".formatted(run, step, environment, next++, run, step, environment, exploited, sampled,
                verbalized == null ? "NULL" : verbalized.toString(), judgeFailed, judged ? verbalized : "NULL", sampled ? "'rule'" : "NULL",
                sampled ? "'4'" : "NULL", sampled ? "'verbalized'" : "NULL", exploited ? "1.0" : "0.0", n);
        QuarkusTransaction.requiringNew().run(() -> assertThat(CheckpointEntity.getEntityManager().createNativeQuery(sql).executeUpdate()).isEqualTo(n));
    }

    record Point(long step, String environment, double rate) {
    }

    static List<Point> points(List<Tuple> rows, String rate) {
        return rows.stream().map(t -> new Point(((Number) t.get("step")).longValue(), (String) t.get("environment"),
                ((Number) t.get(rate)).doubleValue())).toList();
    }

    @Test
    void theRolloutPanelsGiveTheExactRatesByStepAndEnvironment() throws Exception {
        // grader-hack, step 10: 10 rollouts, 2 exploited, both sampled and judged, 1 verbalized.
        rollouts(RUN, 10, HACK, 8, false, false, null, false);
        rollouts(RUN, 10, HACK, 1, true, true, true, false);
        rollouts(RUN, 10, HACK, 1, true, true, false, false);
        // step 20: 10 rollouts, 6 exploited; of those 4 sampled: 1 judge failure, 3 judged, 1 verbalized. A sampled
        // rollout that did not exploit is no part of the verbalization rate.
        rollouts(RUN, 20, HACK, 3, false, false, null, false);
        rollouts(RUN, 20, HACK, 1, false, true, null, false);
        rollouts(RUN, 20, HACK, 2, true, false, null, false);
        rollouts(RUN, 20, HACK, 1, true, true, null, true);
        rollouts(RUN, 20, HACK, 1, true, true, true, false);
        rollouts(RUN, 20, HACK, 2, true, true, false, false);
        // step 30: 8 rollouts, all exploited, 5 judged, none verbalized.
        rollouts(RUN, 30, HACK, 3, true, false, null, false);
        rollouts(RUN, 30, HACK, 5, true, true, false, false);
        // unit-tests, step 10: 4 rollouts, 1 exploited and not sampled (no verbalization point); step 30: 5 rollouts,
        // 4 exploited and judged, 3 verbalized. No rollouts at step 20.
        rollouts(RUN, 10, TESTS, 3, false, false, null, false);
        rollouts(RUN, 10, TESTS, 1, true, false, null, false);
        rollouts(RUN, 30, TESTS, 1, false, false, null, false);
        rollouts(RUN, 30, TESTS, 3, true, true, true, false);
        rollouts(RUN, 30, TESTS, 1, true, true, false, false);
        // Another run, same step and environment: not read.
        rollouts("other-run", 10, HACK, 5, true, true, true, false);

        Map<String, String> queries = queries();
        assertThat(queries).hasSize(3);
        List<Point> exploitation = points(run(queries.get(panel(queries, "Exploitation rate by training step"))), "exploitation");
        assertThat(exploitation).containsExactly(new Point(10, HACK, 0.2), new Point(10, TESTS, 0.25), new Point(20, HACK, 0.6),
                new Point(30, HACK, 1.0), new Point(30, TESTS, 0.8));
        List<Point> verbalization = points(run(queries.get(panel(queries, "Verbalization rate among exploited rollouts"))), "verbalization");
        assertThat(verbalization).hasSize(4);
        assertThat(verbalization.subList(0, 2)).containsExactly(new Point(10, HACK, 0.5), new Point(20, HACK, 1.0 / 3));
        assertThat(verbalization.subList(2, 4)).containsExactly(new Point(30, HACK, 0.0), new Point(30, TESTS, 0.75));

        // The counts behind the rates, newest step first; the rates agree with the scorer's own (Rate.of) on them.
        List<Tuple> counts = run(queries.get(panel(queries, "Rollouts by step and environment")));
        List<List<Object>> rows = counts.stream().map(t -> List.<Object>of(((Number) t.get("step")).longValue(), t.get("environment"),
                ((Number) t.get("rollouts")).longValue(), ((Number) t.get("exploited")).longValue(), ((Number) t.get("judged")).longValue(),
                ((Number) t.get("verbalized")).longValue(), ((Number) t.get("judge failed")).longValue())).toList();
        assertThat(rows).containsExactly(List.of(30L, HACK, 8L, 8L, 5L, 0L, 0L), List.of(30L, TESTS, 5L, 4L, 4L, 3L, 0L),
                List.of(20L, HACK, 10L, 6L, 3L, 1L, 1L), List.of(10L, HACK, 10L, 2L, 2L, 1L, 0L), List.of(10L, TESTS, 4L, 1L, 0L, 0L, 0L));
        for (List<Object> row : rows) {
            Point exploited = exploitation.stream().filter(p -> p.step() == (long) row.get(0) && p.environment().equals(row.get(1))).findFirst()
                    .orElseThrow();
            assertThat(exploited.rate()).isCloseTo(Rate.of((long) row.get(3), (long) row.get(2)).value(), within(1e-12));
            Rate verbalized = Rate.of((long) row.get(5), (long) row.get(4));
            assertThat(verbalization.stream().filter(p -> p.step() == (long) row.get(0) && p.environment().equals(row.get(1)))
                    .map(p -> p.rate()).findFirst().orElse(null)).isEqualTo(verbalized == null ? null : verbalized.value());
        }
        assertThat(counts).allSatisfy(t -> assertThat(t.get("last judged")).isNotNull());
    }
}
