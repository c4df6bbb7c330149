package io.faithwatch.scorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.faithwatch.events.ChatMessage;
import io.faithwatch.events.CueType;
import io.faithwatch.events.Events;
import io.faithwatch.events.HintType;
import io.faithwatch.events.Judgement;
import io.faithwatch.events.Outcome;
import io.faithwatch.events.PairEvidence;
import io.faithwatch.events.RolloutJudged;
import io.faithwatch.events.Topics;
import io.faithwatch.events.Verdict;
import io.faithwatch.events.testing.VerdictBuilder;
import io.faithwatch.testsupport.BadInput;
import io.faithwatch.testsupport.KafkaTestResource;
import io.faithwatch.testsupport.PostgresTestResource;
import io.faithwatch.testsupport.TestInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * The scorer's bad-input matrix. Every REST endpoint and page is sent ids with control characters, of 2,000 and 10,000
 * characters, path traversal and unknown or ill-typed query values: each is a 4xx problem naming the parameter and the
 * value, never a 500 (a NUL reaching PostgreSQL in a query was one). Every input topic (faith.verdicts,
 * faith.rollouts.judged) is sent records no event is: each ends on the topic's dead-letter topic with its reason and
 * nothing of it is stored; a verdict whose texts hold NUL, which PostgreSQL cannot hold, is stored with U+FFFD.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class BadInputIT {
    static final String MARKER = BadInput.marker("matrix-scorer");
    static final KafkaCompanion KAFKA = new KafkaCompanion(TestInfrastructure.kafka().bootstrapServers());

    @TestHTTPResource("/")
    URL root;

    @Inject
    DataSource database;

    /** A call of the matrix: the path as sent, the status and field it must get, and what its detail must say (null: anything). */
    record Call(String name, String path, int status, String field, String detail) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Call> calls() {
        String nul = "bad%00id";
        String longId = "c".repeat(2_000);
        List<Call> calls = new ArrayList<>();
        // Path ids of every endpoint and page: control characters, 2,000 characters, traversal, unknown.
        String[][] byId = {
                { "runId", "/api/v1/runs/%s/checkpoints" }, { "runId", "/api/v1/runs/%s/trend" }, { "runId", "/api/v1/runs/%s/rolling" },
                { "checkpointId", "/api/v1/checkpoints/%s/report" }, { "checkpointId", "/api/v1/checkpoints/%s/pairs" },
                { "pairId", "/api/v1/pairs/%s" }, { "run", "/api/v1/runs/%s/rollouts" }, { "runId", "/ui/runs/%s" },
                { "checkpointId", "/ui/checkpoints/%s" }, { "checkpointId", "/ui/checkpoints/%s/pairs" }, { "pairId", "/ui/pairs/%s" } };
        for (String[] endpoint : byId) {
            String field = endpoint[0], path = endpoint[1];
            calls.add(new Call(path + ": a NUL in " + field, path.formatted(nul), 400, field, field + ": must not hold control characters, was 'bad\\u0000id'"));
            calls.add(new Call(path + ": a line break in " + field, path.formatted("bad%0Aid"), 400, field, "was 'bad\\u000aid'"));
            calls.add(new Call(path + ": " + field + " of 2,000 characters", path.formatted(longId), 400, field,
                    field + ": must be at most 1000 characters, was '" + "c".repeat(80) + "...' (2000 characters)"));
            calls.add(new Call(path + ": " + field + " traversing paths", path.formatted("..%2F..%2Fetc%2Fpasswd"), 404, null, "etc"));
            calls.add(new Call(path + ": unknown " + field, path.formatted(MARKER), 404, field, "'" + MARKER + "'"));
        }
        calls.add(new Call("a run id of 10,000 characters (past the HTTP layer's request line)", "/api/v1/runs/" + "r".repeat(10_000) + "/trend", 431,
                null, null));
        // Query values: unknown, of the wrong type, out of range, with control characters.
        calls.add(new Call("trend: unknown arm", "/api/v1/runs/r/trend?arm=both", 400, "arm", "arm: must be wrong_hint (the default) or correct_hint, was 'both'"));
        calls.add(new Call("rolling: window not a number", "/api/v1/runs/r/rolling?window=ten", 400, "window", "window: must be an integer, was 'ten'"));
        calls.add(new Call("rolling: window past an integer", "/api/v1/runs/r/rolling?window=99999999999", 400, "window", "must be an integer"));
        calls.add(new Call("rolling: window 0", "/api/v1/runs/r/rolling?window=0", 400, "window", "window: must be at least 1, was '0'"));
        calls.add(new Call("report: unknown format", "/api/v1/checkpoints/c/report?format=xml", 400, "format", "format: must be json, csv or markdown, was 'xml'"));
        calls.add(new Call("report: format with a NUL", "/api/v1/checkpoints/c/report?format=json%00", 400, "format", "format: must not hold control characters"));
        calls.add(new Call("compare: base with a NUL", "/api/v1/compare?base=a%00&candidate=b", 400, "base", "base: must not hold control characters, was 'a\\u0000'"));
        calls.add(new Call("compare: no base", "/api/v1/compare?candidate=b", 400, "base", "base: the checkpoint id to compare against is required"));
        calls.add(new Call("compare: candidate of 2,000 characters", "/api/v1/compare?base=a&candidate=" + longId, 400, "candidate",
                "candidate: must be at most 1000 characters"));
        calls.add(new Call("pairs: unknown filter", "/api/v1/checkpoints/c/pairs?filter=good", 400, "filter", "filter: must be one of"));
        calls.add(new Call("pairs: limit not a number", "/api/v1/checkpoints/c/pairs?limit=lots", 400, "limit", "limit: must be an integer, was 'lots'"));
        calls.add(new Call("pairs: limit 100,000", "/api/v1/checkpoints/c/pairs?limit=100000", 400, "limit", "limit: must be at most 500"));
        calls.add(new Call("pairs: offset -1", "/api/v1/checkpoints/c/pairs?offset=-1", 400, "offset", "offset: must be at least 0, was '-1'"));
        calls.add(new Call("pairs: offset 1.5", "/api/v1/checkpoints/c/pairs?offset=1.5", 400, "offset", "offset: must be an integer, was '1.5'"));
        calls.add(new Call("pairs: hintType with a bell", "/api/v1/checkpoints/c/pairs?hintType=x%07", 400, "hintType", "hintType: must not hold control characters"));
        calls.add(new Call("rollouts: pooled maybe", "/api/v1/runs/r/rollouts?pooled=maybe", 400, "pooled", "pooled: must be true or false, was 'maybe'"));
        calls.add(new Call("rollouts: environment with a NUL", "/api/v1/runs/r/rollouts?environment=%00", 400, "environment",
                "environment: must not hold control characters"));
        calls.add(new Call("page of pairs: offset not a number", "/ui/checkpoints/c/pairs?offset=next", 400, "offset", "offset: must be an integer, was 'next'"));
        calls.add(new Call("page of pairs: unknown filter", "/ui/checkpoints/c/pairs?filter=good", 400, "filter", "filter: must be one of"));
        calls.add(new Call("compare page: base with a NUL", "/ui/compare?base=%00&candidate=b", 400, "base", "base: must not hold control characters"));
        calls.add(new Call("unknown path with traversal", "/api/v1/..%2F..%2Fetc%2Fpasswd", 404, null, "no resource"));
        return calls.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void eachBadCallIsAClear4xxNamingTheParameterAndTheValue(Call call) {
        BadInput.Reply reply = BadInput.call(root.toString(), "GET", call.path(), null, null);
        String body = reply.body().length() > 2000 ? reply.body().substring(0, 2000) : reply.body();
        if (call.status() == 431) {
            assertThat(reply.status()).as(body).isIn(414, 431);
            return;
        }
        reply.assertProblem(call.status(), call.field(), call.detail());
    }

    @Test
    void everyCallThatChangesStateIsRefusedAndReadsAreOpenWithoutAReadToken() {
        // The scorer has no call that changes state: a POST is no endpoint, whatever its body.
        BadInput.Reply post = BadInput.call(root.toString(), "POST", "/api/v1/runs", BadInput.DEEP, null);
        assertThat(post.status()).isEqualTo(405);
        assertThat(BadInput.call(root.toString(), "GET", "/api/v1/runs", null, null).status()).isEqualTo(200);
        assertThat(BadInput.call(root.toString(), "GET", "/ui/", null, null).status()).isEqualTo(200);
    }

    static ObjectNode parse(String json) {
        try {
            return (ObjectNode) Events.mapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Verdict verdict(String checkpoint, PairEvidence evidence) {
        Judgement judgement = new Judgement("rule", "4", true, true, true, "I think it is (C).", null);
        return VerdictBuilder.verdict(checkpoint, HintType.SYCOPHANCY, Outcome.SWITCHED_TO_HINT).run(checkpoint, 3).question("s", 1)
                .verbalized(true, judgement).planned(10).evidence(evidence).build();
    }

    static Stream<Arguments> topics() {
        String verdicts = MARKER + "-verdicts";
        String rollouts = MARKER + "-rollouts";
        Instant at = Instant.parse("2026-11-30T10:00:00Z");
        ObjectNode rollout = parse(Events.encode(new RolloutJudged(Events.SCHEMA_VERSION, rollouts + "-1", rollouts, 1, "math", CueType.GRADER_HACKING,
                false, false, null, null, null, 40, 0.0, at, at.plusSeconds(5))));
        return Stream.of(
                Arguments.of(Topics.VERDICTS, BadInput.records(verdicts, parse(Events.encode(verdict(verdicts, null))), "pairId", "step",
                        Events.mapper().getNodeFactory().textNode("twelve"))),
                Arguments.of(Topics.ROLLOUTS_JUDGED, BadInput.records(rollouts, rollout, "rolloutId", "reward",
                        Events.mapper().getNodeFactory().textNode("high"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topics")
    void everyBadRecordOfAnInputTopicEndsOnItsDeadLetterTopicWithItsReasonAndNothingIsStored(String topic, List<BadInput.Poison> records)
            throws Exception {
        BadInput.send(KAFKA, topic, records);
        String marker = records.get(0).marker();
        List<ConsumerRecord<String, String>> dead = BadInput.holding(KAFKA, Topics.deadLetter(topic), marker, records.size(), Duration.ofSeconds(90));
        for (BadInput.Poison poison : records) {
            ConsumerRecord<String, String> letter = BadInput.deadLetter(dead, poison);
            assertThat(BadInput.header(letter, "dead-letter-reason")).as(poison.name()).contains(poison.reason());
            assertThat(letter.value()).as(poison.name() + ": the record as it came").isEqualTo(poison.value());
        }
        assertThat(count("select count(*) from verdict where pair_id like ? or checkpoint_id like ?", marker)).isZero();
        assertThat(count("select count(*) from rollout_judged where rollout_id like ? or run_id like ?", marker)).isZero();
    }

    /** PostgreSQL's text cannot hold NUL, a model's reasoning may: the verdict is stored, NUL shown as U+FFFD; its batch goes on. */
    @Test
    void aVerdictWhoseTextsHoldNulIsStoredWithTheReplacementCharacter() throws Exception {
        String checkpoint = MARKER + "-nul";
        PairEvidence evidence = new PairEvidence(List.of(ChatMessage.user("Q\u0000?")), List.of(ChatMessage.user("Q? I think it is (C).")),
                "A\u0000.", "I think it is (C).\u0000 So C.", "Answer: (A)", "Answer: (C)");
        Verdict verdict = verdict(checkpoint, evidence);
        KAFKA.produceStrings().fromRecords(new ProducerRecord<>(Topics.VERDICTS, verdict.key(), Events.encode(verdict)))
                .awaitCompletion(Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(60)).until(() -> count("select count(*) from pair_evidence where pair_id like ? or checkpoint_id like ?",
                checkpoint) == 1);
        BadInput.Reply pair = BadInput.call(root.toString(), "GET", "/api/v1/pairs/" + verdict.pairId(), null, null);
        assertThat(pair.status()).as(pair.body()).isEqualTo(200);
        assertThat(pair.json().path("texts").path("hintedReasoning").asText()).isEqualTo("I think it is (C).\uFFFD So C.");
        assertThat(pair.json().path("texts").path("unhintedReasoning").asText()).isEqualTo("A\uFFFD.");
    }

    long count(String sql, String marker) throws Exception {
        try (Connection c = database.getConnection(); PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 1; i <= statement.getParameterMetaData().getParameterCount(); i++) {
                statement.setString(i, "%" + marker + "%");
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
