package io.faithwatch.scorer.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import io.faithwatch.localstack.PostgresServer;
import io.faithwatch.testsupport.Sql;
import io.faithwatch.testsupport.TestInfrastructure;

/** The migrations applied to a database that already holds verdicts: what a new column counts is backfilled from them. */
class MigrationsIT {
    @Test
    void theSecondJudgeCountsAreBackfilledFromTheVerdictsAlreadyStored() throws SQLException {
        PostgresServer.Database db = TestInfrastructure.postgres().newDatabase("migrations");
        Flyway.configure().dataSource(db.jdbcUrl(), db.username(), db.password()).locations("classpath:db/migration").target("3").load()
                .migrate();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password()); Statement s = c.createStatement()) {
            // Three eligible pairs judged by a second judge (two verbalized), one it failed on, one pair that is not eligible.
            String[][] verdicts = { {"p1", "switched_to_hint", "true"}, {"p2", "switched_to_hint", "true"}, {"p3", "switched_to_hint", "false"},
                    {"p4", "switched_to_hint", "null"}, {"p5", "unchanged", "null"} };
            for (String[] v : verdicts) {
                s.executeUpdate("insert into verdict (pair_id, checkpoint_id, run_id, step, question_id, dataset, subject, hint_type, category,"
                        + " arm, hint_letter, correct_letter, num_options, outcome, verbalized, other_judge, other_verbalized,"
                        + " unhinted_reasoning_tokens, hinted_reasoning_tokens, graded_at, stored_at) values ('" + v[0] + "', 'ck', 'run', 1,"
                        + " 'q-" + v[0] + "', 'mmlu', 's', 'sycophancy', 'neutral', 'wrong_hint', 'C', 'A', 4, '" + v[1] + "', "
                        + (v[1].equals("unchanged") ? "null" : "false") + ", " + (v[2].equals("null") && v[1].equals("unchanged") ? "null" : "'llm'")
                        + ", " + v[2] + ", 100, 100, now(), now())");
            }
            s.executeUpdate("insert into hint_type_score (id, checkpoint_id, run_id, step, dataset, hint_type, category, arm, num_options,"
                    + " switched_to_hint, unchanged, updated_at) values ('ck|mmlu|sycophancy|wrong_hint', 'ck', 'run', 1, 'mmlu', 'sycophancy',"
                    + " 'neutral', 'wrong_hint', 4, 4, 1, now())");
        }

        Flyway.configure().dataSource(db.jdbcUrl(), db.username(), db.password()).locations("classpath:db/migration").load().migrate();

        List<Map<String, Object>> rows = new Sql(db).rows("select second_judged, second_verbalized from hint_type_score where id = ?",
                "ck|mmlu|sycophancy|wrong_hint");
        assertThat(rows).hasSize(1);
        assertThat(((Number) rows.get(0).get("second_judged")).longValue()).isEqualTo(3);
        assertThat(((Number) rows.get(0).get("second_verbalized")).longValue()).isEqualTo(2);
        assertThat(new Sql(db).rows("select judge_model, other_judge_version from verdict where pair_id = 'p1'").get(0))
                .containsEntry("judge_model", null).containsEntry("other_judge_version", null);
    }

    @Test
    void theReasoningChannelIsBackfilledFromTheVerdictsAlreadyStored() throws SQLException {
        PostgresServer.Database db = TestInfrastructure.postgres().newDatabase("migrations_v5");
        Flyway.configure().dataSource(db.jdbcUrl(), db.username(), db.password()).locations("classpath:db/migration").target("4").load()
                .migrate();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password()); Statement s = c.createStatement()) {
            // Two judged eligible pairs, one unchanged, one whose hinted call failed and one whose unhinted call failed.
            String[][] verdicts = { {"p1", "switched_to_hint", "true", null}, {"p2", "switched_to_hint", "false", null},
                    {"p3", "unchanged", "null", null}, {"p4", "error", "null", "hinted: HTTP 503"}, {"p5", "error", "null", "unhinted: timeout"} };
            for (String[] v : verdicts) {
                s.executeUpdate("insert into verdict (pair_id, checkpoint_id, run_id, step, question_id, dataset, subject, hint_type, category,"
                        + " arm, hint_letter, correct_letter, num_options, outcome, verbalized, error, unhinted_reasoning_tokens,"
                        + " hinted_reasoning_tokens, graded_at, stored_at) values ('" + v[0] + "', 'ck', 'run', 1, 'q-" + v[0] + "', 'mmlu',"
                        + " 's', 'sycophancy', 'neutral', 'wrong_hint', 'C', 'A', 4, '" + v[1] + "', " + v[2] + ", "
                        + (v[3] == null ? "null" : "'" + v[3] + "'") + ", 100, 100, now(), now())");
            }
            s.executeUpdate("insert into hint_type_score (id, checkpoint_id, run_id, step, dataset, hint_type, category, arm, num_options,"
                    + " switched_to_hint, unchanged, error, verbalized, updated_at) values ('ck|mmlu|sycophancy|wrong_hint', 'ck', 'run', 1,"
                    + " 'mmlu', 'sycophancy', 'neutral', 'wrong_hint', 4, 2, 1, 2, 1, now())");
        }

        Flyway.configure().dataSource(db.jdbcUrl(), db.username(), db.password()).locations("classpath:db/migration").load().migrate();

        Sql sql = new Sql(db);
        assertThat(sql.rows("select pair_id, reasoning_channel from verdict order by pair_id")).extracting(r -> r.get("reasoning_channel"))
                .as("a failed hinted call had no reasoning; every other verdict was read as raw")
                .containsExactly("raw", "raw", "raw", "none", "raw");
        Map<String, Object> group = sql.rows("select * from hint_type_score where id = ?", "ck|mmlu|sycophancy|wrong_hint").get(0);
        assertThat(((Number) group.get("channel_raw")).longValue()).as("the three answered pairs; errors measured nothing").isEqualTo(3);
        for (String column : List.of("unreadable", "channel_summary", "channel_redacted", "channel_visible", "channel_none")) {
            assertThat(((Number) group.get(column)).longValue()).as(column).isZero();
        }
        assertThat(sql.rows("select column_name from information_schema.columns where table_name = 'verdict' and column_name ="
                + " 'reasoning_channel' and is_nullable = 'NO'")).as("every verdict has a channel from now on").hasSize(1);
    }

    @Test
    void channelCountsAreRecountedWithoutUnhintedOnHintPairsAndCostsStartUnpriced() throws SQLException {
        PostgresServer.Database db = TestInfrastructure.postgres().newDatabase("migrations_v6");
        Flyway.configure().dataSource(db.jdbcUrl(), db.username(), db.password()).locations("classpath:db/migration").target("5").load()
                .migrate();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password()); Statement s = c.createStatement()) {
            // One eligible raw pair, one unhinted_on_hint pair whose hinted call was left out (channel none), one error.
            String[][] verdicts = { {"p1", "switched_to_hint", "true", "raw", null}, {"p2", "unhinted_on_hint", "null", "none", null},
                    {"p3", "error", "null", "none", "hinted: HTTP 503"} };
            for (String[] v : verdicts) {
                s.executeUpdate("insert into verdict (pair_id, checkpoint_id, run_id, step, question_id, dataset, subject, hint_type, category,"
                        + " arm, hint_letter, correct_letter, num_options, outcome, verbalized, reasoning_channel, error, unhinted_reasoning_tokens,"
                        + " hinted_reasoning_tokens, graded_at, stored_at) values ('" + v[0] + "', 'ck', 'run', 1, 'q-" + v[0] + "', 'mmlu',"
                        + " 's', 'sycophancy', 'neutral', 'wrong_hint', 'C', 'A', 4, '" + v[1] + "', " + v[2] + ", '" + v[3] + "', "
                        + (v[4] == null ? "null" : "'" + v[4] + "'") + ", 100, 100, now(), now())");
            }
            s.executeUpdate("insert into hint_type_score (id, checkpoint_id, run_id, step, dataset, hint_type, category, arm, num_options,"
                    + " switched_to_hint, unhinted_on_hint, error, verbalized, channel_raw, channel_none, updated_at) values"
                    + " ('ck|mmlu|sycophancy|wrong_hint', 'ck', 'run', 1, 'mmlu', 'sycophancy', 'neutral', 'wrong_hint', 4, 1, 1, 1, 1, 1, 1, now())");
        }

        Flyway.configure().dataSource(db.jdbcUrl(), db.username(), db.password()).locations("classpath:db/migration").load().migrate();

        Sql sql = new Sql(db);
        Map<String, Object> group = sql.rows("select * from hint_type_score where id = ?", "ck|mmlu|sycophancy|wrong_hint").get(0);
        assertThat(((Number) group.get("channel_raw")).longValue()).isEqualTo(1);
        assertThat(((Number) group.get("channel_none")).longValue()).as("the unhinted_on_hint pair is no longer counted").isZero();
        assertThat(((Number) group.get("priced_pairs")).longValue()).isZero();
        assertThat(((Number) group.get("cost_nano_usd")).longValue()).isZero();
        assertThat(sql.rows("select cost_nano_usd from verdict")).hasSize(3).allSatisfy(r -> assertThat(r.get("cost_nano_usd")).isNull());
    }
}
