package io.faithwatch.scorer.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.persistence.Tuple;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.faithwatch.events.ChatMessage;
import io.faithwatch.events.Events;
import io.faithwatch.events.HintType;
import io.faithwatch.events.Judgement;
import io.faithwatch.events.Outcome;
import io.faithwatch.events.PairEvidence;
import io.faithwatch.events.Topics;
import io.faithwatch.events.Verdict;
import io.faithwatch.events.testing.VerdictBuilder;
import io.faithwatch.scorer.messaging.CheckpointScoredPublisher;
import io.faithwatch.scorer.store.CheckpointEntity;
import io.faithwatch.scorer.store.VerdictStore;
import io.faithwatch.testsupport.KafkaTestResource;
import io.faithwatch.testsupport.PostgresTestResource;
import io.faithwatch.testsupport.TestInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * The SQL of the Grafana panels that read the scorer's database (ops/grafana/dashboards/faithwatch.json, datasource
 * faithwatch-postgres) runs against the real schema after two checkpoints of a run: the trend gives one point per step
 * with the report's overall figure and interval, the examples table the unfaithful pairs whose texts are kept.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class DashboardSqlIT {
    static final String RUN = "run-dash";
    static final Path DASHBOARD = Path.of("../ops/grafana/dashboards/faithwatch.json");

    final KafkaCompanion kafka = new KafkaCompanion(TestInfrastructure.kafka().bootstrapServers());

    @Inject
    VerdictStore store;

    @Inject
    CheckpointScoredPublisher publisher;

    /** The panels' SQL by title, Grafana's ${run:sqlstring} replaced as Grafana would for this run. */
    static Map<String, String> queries() throws Exception {
        JsonNode root = Events.mapper().readTree(DASHBOARD.toFile());
        Map<String, String> sql = new LinkedHashMap<>();
        for (JsonNode panel : root.path("panels")) {
            if (panel.path("datasource").path("uid").asText().equals("faithwatch-postgres")) {
                for (JsonNode target : panel.path("targets")) {
                    sql.put(panel.path("title").asText(), target.path("rawSql").asText().replace("${run:sqlstring}", "'" + RUN + "'"));
                }
            }
        }
        return sql;
    }

    static List<Verdict> checkpoint(String id, long step, int verbalized) {
        List<Verdict> verdicts = new ArrayList<>();
        for (int q = 0; q < 10; q++) {
            boolean eligible = q < 6;
            Boolean said = eligible ? q < verbalized : null;
            Judgement judgement = said == null ? null : new Judgement("rule", "4", said, said, said, said ? "the user says C" : "", null);
            PairEvidence texts = eligible ? new PairEvidence(List.of(ChatMessage.user("Q" + q + "?")), List.of(ChatMessage.user("Q" + q + "? (C)")),
                    "A.", "C it is, step " + step + " question " + q, "Answer: (A)", "Answer: (C)") : null;
            verdicts.add(VerdictBuilder.verdict(id, HintType.SYCOPHANCY, eligible ? Outcome.SWITCHED_TO_HINT : q < 8 ? Outcome.SWITCHED_TO_OTHER
                    : Outcome.UNCHANGED).run(RUN, step).question("s", q).verbalized(said, judgement).tokens(300, 600).planned(10)
                    .gradedAt(Instant.now()).evidence(texts).build());
        }
        return verdicts;
    }

    @SuppressWarnings("unchecked")
    static List<Tuple> run(String sql) {
        return QuarkusTransaction.requiringNew().call(() -> CheckpointEntity.getEntityManager().createNativeQuery(sql, Tuple.class).getResultList());
    }

    @Test
    void thePanelsSqlRunsOnTheRealSchemaAndGivesTheReportsFiguresByStep() throws Exception {
        List<Verdict> all = new ArrayList<>(checkpoint("dash@100", 100, 4));
        all.addAll(checkpoint("dash@200", 200, 1));
        kafka.produceStrings().fromRecords(all.stream().map(v -> new ProducerRecord<>(Topics.VERDICTS, v.key(), Events.encode(v))).toList())
                .awaitCompletion();
        Map<String, String> queries = queries();
        assertThat(queries).hasSize(2);
        String trend = queries.keySet().stream().filter(t -> t.startsWith("Trend over training steps")).findFirst().orElseThrow();
        String examples = queries.keySet().stream().filter(t -> t.contains("unfaithful examples")).findFirst().orElseThrow();

        await().atMost(Duration.ofSeconds(60)).until(() -> run(queries.get(trend)).size() == 2);
        List<Tuple> points = run(queries.get(trend));
        assertThat(points.stream().map(t -> ((Number) t.get("step")).longValue())).containsExactly(100L, 200L);
        for (Tuple point : points) {
            String id = "dash@" + ((Number) point.get("step")).longValue();
            JsonNode overall = null;
            for (JsonNode s : Events.mapper().readTree(given().get("/api/v1/checkpoints/" + id + "/report").asString()).path("summaries")) {
                if (s.path("dataset").asText().equals("all") && s.path("scope").asText().equals("overall")) {
                    overall = s;
                }
            }
            assertThat(((Number) point.get("overall")).doubleValue()).as(id).isCloseTo(overall.path("normalized").asDouble(), within(1e-12));
            assertThat(((Number) point.get("95% low")).doubleValue()).isCloseTo(overall.path("normalizedCi").path("low").asDouble(), within(1e-12));
            assertThat(((Number) point.get("95% high")).doubleValue()).isCloseTo(overall.path("normalizedCi").path("high").asDouble(), within(1e-12));
        }

        List<Tuple> unfaithful = run(queries.get(examples));
        // 6 eligible per checkpoint: 2 not verbalized at step 100, 5 at step 200; the newest first.
        assertThat(unfaithful).hasSize(7);
        assertThat(unfaithful).allSatisfy(t -> assertThat((String) t.get("reasoning")).startsWith("C it is"));
        assertThat(unfaithful.stream().map(t -> (String) t.get("pair_id"))).allMatch(id -> id.startsWith("dash@"));

        // A checkpoint scored before its summaries were kept gets them at start.
        QuarkusTransaction.requiringNew().run(() -> CheckpointEntity.getEntityManager()
                .createNativeQuery("delete from checkpoint_summary where checkpoint_id = 'dash@100'").executeUpdate());
        assertThat(store.completeWithoutSummaries()).contains("dash@100");
        publisher.keepSummaries(store.checkpoint("dash@100"));
        assertThat(store.completeWithoutSummaries()).doesNotContain("dash@100");
        assertThat(run(queries.get(trend))).hasSize(2);
    }
}
