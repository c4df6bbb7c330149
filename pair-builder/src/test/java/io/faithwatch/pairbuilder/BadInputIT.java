package io.faithwatch.pairbuilder;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.faithwatch.events.CheckpointRequested;
import io.faithwatch.events.Events;
import io.faithwatch.events.HintType;
import io.faithwatch.events.Topics;
import io.faithwatch.events.testing.CheckpointRequestedBuilder;
import io.faithwatch.testsupport.BadInput;
import io.faithwatch.testsupport.KafkaTestResource;
import io.faithwatch.testsupport.TestInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * pair-builder's bad-input matrix. Its intakes (POST /api/checkpoints, POST /api/rollouts) and its status endpoint are
 * sent what no client should send: each is a 4xx problem naming the field and the value, and nothing is published on
 * faith.checkpoints or faith.rollouts. Its input topic, faith.checkpoints, is sent records no checkpoint is: each ends on
 * faith.checkpoints.dlq with its reason, and no pair is published for it.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class BadInputIT {
    static final String MARKER = BadInput.marker("matrix-builder");
    static final String TOKEN = "Bearer test-token";
    static final KafkaCompanion KAFKA = new KafkaCompanion(TestInfrastructure.kafka().bootstrapServers());

    @TestHTTPResource("/")
    URL root;

    record Call(String name, String method, String path, String body, int status, String field, String detail) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A checkpoint request as a client sends it (no envelope), one field replaced by raw JSON. */
    static String checkpoint(String field, String json) {
        ObjectNode body = Events.mapper().createObjectNode();
        body.put("checkpointId", MARKER + "-ckpt").put("runId", MARKER + "-run").put("step", 12).put("samplePerBank", 2);
        body.putObject("model").put("provider", "sim").put("model", "sim-reasoner");
        body.putArray("banks").add("builtin");
        String text = body.toString();
        if (field == null) {
            return text;
        }
        ObjectNode replaced = body.deepCopy();
        replaced.putNull(field);
        return replaced.toString().replace("\"" + field + "\":null", "\"" + field + "\":" + json);
    }

    static String rollouts(String field, String json) {
        ObjectNode rollout = Events.mapper().createObjectNode();
        rollout.put("runId", MARKER + "-rollouts").put("step", 3).put("environment", "hack").put("cueType", "sycophancy")
                .put("prompt", "I think it is (C). Which?").put("cue", "I think it is (C).").put("rewardedAnswer", "C")
                .put("reasoning", "The user says C.").put("answer", "C").put("reward", 1);
        String text = rollout.toString();
        if (field != null) {
            rollout.putNull(field);
            text = rollout.toString().replace("\"" + field + "\":null", "\"" + field + "\":" + json);
        }
        return "{\"rollouts\": [" + text + "]}";
    }

    static String json(String text) {
        return Events.mapper().getNodeFactory().textNode(text).toString();
    }

    static Stream<Call> calls() {
        List<Call> calls = new ArrayList<>();
        String over = BadInput.hugeJson(16 * 1024 * 1024 + 1024);
        for (String path : List.of("/api/checkpoints", "/api/rollouts")) {
            String name = path.substring(5) + ": ";
            calls.add(new Call(name + "body over 16 MB", "POST", path, over, 413, null, null));
            calls.add(new Call(name + "not JSON", "POST", path, "{\"runId\": ", 400, null, "not JSON"));
            calls.add(new Call(name + "10,000 nested arrays", "POST", path, BadInput.DEEP, 400, null, "nesting depth"));
            calls.add(new Call(name + "10,000 nested arrays in a field", "POST", path, "{\"extra\": " + BadInput.DEEP + "}", 400, null,
                    "nesting depth"));
            calls.add(new Call(name + "a JSON array", "POST", path, "[1, 2]", 400, null, "object"));
            calls.add(new Call(name + "no body", "POST", path, "", 400, null, null));
        }
        // Checkpoints: every kind of field given the wrong JSON type, ids with control characters or of 10,000 characters.
        calls.add(new Call("checkpoints: step a string", "POST", "/api/checkpoints", checkpoint("step", "\"twelve\""), 400, "step", "$.step"));
        calls.add(new Call("checkpoints: step a fraction", "POST", "/api/checkpoints", checkpoint("step", "1.5"), 400, "step", "$.step"));
        calls.add(new Call("checkpoints: runId a number", "POST", "/api/checkpoints", checkpoint("runId", "7"), 400, "runId", "$.runId"));
        calls.add(new Call("checkpoints: model an array", "POST", "/api/checkpoints", checkpoint("model", "[]"), 400, "model", "$.model"));
        calls.add(new Call("checkpoints: banks a string", "POST", "/api/checkpoints", checkpoint("banks", "\"builtin\""), 400, "banks",
                "$.banks"));
        calls.add(new Call("checkpoints: samplePerBank true", "POST", "/api/checkpoints", checkpoint("samplePerBank", "true"), 400,
                "samplePerBank", "$.samplePerBank"));
        calls.add(new Call("checkpoints: hintTypes an object", "POST", "/api/checkpoints", checkpoint("hintTypes", "{}"), 400, "hintTypes",
                "$.hintTypes"));
        calls.add(new Call("checkpoints: checkpointId with control characters", "POST", "/api/checkpoints",
                checkpoint("checkpointId", json(BadInput.control(MARKER))), 400, "checkpointId", "$.checkpointId"));
        calls.add(new Call("checkpoints: checkpointId of 10,000 characters", "POST", "/api/checkpoints",
                checkpoint("checkpointId", json(BadInput.overlong(MARKER))), 400, "checkpointId", "$.checkpointId"));
        calls.add(new Call("checkpoints: runId with a NUL", "POST", "/api/checkpoints", checkpoint("runId", json(MARKER + "\u0000")), 400, "runId",
                "$.runId"));
        calls.add(new Call("checkpoints: a bank traversing paths", "POST", "/api/checkpoints",
                checkpoint("banks", "[\"jsonl:../../../../etc/passwd\"]"), 400, null, "banks"));
        // Rollouts: the same kinds, inside the batch.
        calls.add(new Call("rollouts: step a string", "POST", "/api/rollouts", rollouts("step", "\"twelve\""), 400, "rollouts[0].step", "$.step"));
        calls.add(new Call("rollouts: reward an array", "POST", "/api/rollouts", rollouts("reward", "[1]"), 400, "rollouts[0].reward", "$.reward"));
        calls.add(new Call("rollouts: environment with a NUL", "POST", "/api/rollouts", rollouts("environment", json("hack\u0000")), 400,
                "rollouts[0].environment", "$.environment"));
        calls.add(new Call("rollouts: runId of 10,000 characters", "POST", "/api/rollouts", rollouts("runId", json(BadInput.overlong(MARKER))), 400,
                "rollouts[0].runId", "$.runId"));
        calls.add(new Call("rollouts: rollouts a string", "POST", "/api/rollouts", "{\"rollouts\": \"all\"}", 400, "rollouts",
                "rollouts: must be an array of rollouts, was string"));
        // The status endpoint: path ids.
        calls.add(new Call("status: a NUL in the id", "GET", "/api/checkpoints/bad%00id", null, 400, "checkpointId",
                "checkpointId: must not hold control characters, was 'bad\\u0000id'"));
        calls.add(new Call("status: an id of 2,000 characters", "GET", "/api/checkpoints/" + "c".repeat(2_000), null, 400, "checkpointId",
                "checkpointId: must be at most 1000 characters"));
        calls.add(new Call("status: an id of 10,000 characters (past the HTTP layer's request line)", "GET", "/api/checkpoints/" + "c".repeat(10_000),
                null, 431, null, null));
        calls.add(new Call("status: path traversal", "GET", "/api/checkpoints/..%2F..%2Fetc%2Fpasswd", null, 404, null, "etc"));
        calls.add(new Call("status: unknown id", "GET", "/api/checkpoints/" + MARKER, null, 404, "checkpointId", "'" + MARKER + "'"));
        return calls.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void eachBadCallIsAClear4xxNamingTheFieldAndTheValue(Call call) {
        BadInput.Reply reply = BadInput.call(root.toString(), call.method(), call.path(), call.body(), TOKEN);
        String body = reply.body().length() > 2000 ? reply.body().substring(0, 2000) : reply.body();
        if (call.status() == 413) {
            assertThat(reply.status()).as(body).isIn(413, 0);
            return;
        }
        if (call.status() == 431) {
            assertThat(reply.status()).as(body).isIn(414, 431);
            return;
        }
        reply.assertProblem(call.status(), call.field(), call.detail());
    }

    /** Nothing of a refused submission was published (every id of the matrix holds the marker). */
    @AfterAll
    static void nothingRefusedWasPublished() {
        assertThat(BadInput.holding(KAFKA, Topics.CHECKPOINTS, MARKER + "-ckpt", 1, Duration.ofSeconds(3))).isEmpty();
        assertThat(BadInput.holding(KAFKA, Topics.ROLLOUTS, MARKER, 1, Duration.ofSeconds(3))).isEmpty();
    }

    @Test
    void everyCallThatChangesStateNeedsTheWriteTokenAndReadsDoNot() {
        for (String path : List.of("/api/checkpoints", "/api/rollouts")) {
            BadInput.Reply missing = BadInput.call(root.toString(), "POST", path, BadInput.DEEP, null);
            assertThat(missing.status()).isEqualTo(401);
            assertThat(missing.json().path("detail").asText()).isEqualTo("missing bearer token");
            assertThat(missing.json().path("field").asText()).isEqualTo("Authorization");
            assertThat(missing.headers().get("www-authenticate")).containsExactly("Bearer");
            assertThat(BadInput.call(root.toString(), "POST", path, "{}", "Bearer not-it").status()).isEqualTo(401);
        }
        assertThat(BadInput.call(root.toString(), "GET", "/api/checkpoints/" + MARKER + "-open", null, null).status()).isEqualTo(404);
        assertThat(BadInput.call(root.toString(), "GET", "/q/health/ready", null, null).status()).isEqualTo(200);
    }

    /** Every record of the matrix, a valid checkpoint without a key among them, like every other input topic. */
    @Test
    void everyBadRecordOfFaithCheckpointsEndsOnItsDeadLetterTopicWithItsReasonAndNoPairIsPublished() throws Exception {
        String marker = MARKER + "-topic";
        CheckpointRequested valid = CheckpointRequestedBuilder.checkpoint(marker).run(marker).step(5).banks("builtin").sample(2)
                .hintTypes(HintType.SYCOPHANCY).seed(11).build();
        List<BadInput.Poison> records = BadInput.records(marker, (ObjectNode) Events.mapper().readTree(Events.encode(valid)), "checkpointId",
                "step", Events.mapper().getNodeFactory().textNode("five"));
        BadInput.send(KAFKA, Topics.CHECKPOINTS, records);
        List<ConsumerRecord<String, String>> dead = BadInput.holding(KAFKA, Topics.deadLetter(Topics.CHECKPOINTS), marker, records.size(),
                Duration.ofSeconds(90));
        for (BadInput.Poison poison : records) {
            ConsumerRecord<String, String> letter = BadInput.deadLetter(dead, poison);
            assertThat(BadInput.header(letter, "dead-letter-reason")).as(poison.name()).contains(poison.reason());
            assertThat(letter.value()).as(poison.name() + ": the record as it came").isEqualTo(poison.value());
        }
        assertThat(BadInput.holding(KAFKA, Topics.PAIRS, marker, 1, Duration.ofSeconds(3))).as("no pair of a bad checkpoint").isEmpty();
    }
}
