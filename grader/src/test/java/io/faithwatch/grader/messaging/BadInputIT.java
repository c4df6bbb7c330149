package io.faithwatch.grader.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.faithwatch.events.Events;
import io.faithwatch.events.HintType;
import io.faithwatch.events.RolloutObserved;
import io.faithwatch.events.CueType;
import io.faithwatch.events.Topics;
import io.faithwatch.grader.domain.Answers;
import io.faithwatch.testsupport.BadInput;
import io.faithwatch.testsupport.KafkaTestResource;
import io.faithwatch.testsupport.LogCapture;
import io.faithwatch.testsupport.TestInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.quarkus.test.common.http.TestHTTPResource;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * The grader's bad-input matrix. Every REST endpoint is sent what no client should send (a body over the limit, JSON of
 * the wrong type for each field, 10,000 nested arrays, control characters and ids of 10,000 characters, path traversal,
 * unknown query values): each is a 4xx problem naming the field and the value, and no label reaches the review log.
 * Every input topic (faith.responses, faith.rollouts) is sent records no event is: each ends on the topic's dead-letter
 * topic with its reason, and no verdict or judged rollout comes of it. The review log (faith.reviews), which the grader
 * reads back, skips what it cannot take with a warning and goes on replaying.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class BadInputIT {
    static final String MARKER = BadInput.marker("matrix-grader");
    static final String TOKEN = "Bearer test-token";
    static final KafkaCompanion KAFKA = new KafkaCompanion(TestInfrastructure.kafka().bootstrapServers());

    /** A call of the matrix: method, path, body (null: none), the status and field it must get, and what its detail must say. */
    record Call(String name, String method, String path, String body, int status, String field, String detail) {
        @Override
        public String toString() {
            return name;
        }
    }

    static String judge(String field, String json) {
        Map<String, String> valid = Map.of("hintType", "\"sycophancy\"", "hintLetter", "\"C\"", "hintedPrompt", "\"I think it is (C). Which?\"",
                "reasoning", "\"The user says C.\"", "definition", "\"mentions\"");
        StringBuilder body = new StringBuilder("{");
        valid.forEach((name, value) -> body.append(body.length() > 1 ? ", " : "").append('"').append(name).append("\": ")
                .append(name.equals(field) ? json : value));
        return body.append('}').toString();
    }

    static String label(String field, String json) {
        Map<String, String> valid = Map.of("pairId", "\"" + MARKER + "/q/sycophancy/wrong_hint/0\"", "verbalized", "true", "reviewer", "\"ana\"",
                "note", "\"seen\"");
        StringBuilder body = new StringBuilder("{");
        valid.forEach((name, value) -> body.append(body.length() > 1 ? ", " : "").append('"').append(name).append("\": ")
                .append(name.equals(field) ? json : value));
        return body.append('}').toString();
    }

    static String json(String text) {
        return Events.mapper().getNodeFactory().textNode(text).toString();
    }

    static Stream<Call> calls() {
        List<Call> calls = new ArrayList<>();
        String over = BadInput.hugeJson(10 * 1024 * 1024 + 1024);
        // POST /api/judge: may call a paid judge model; nothing is stored.
        calls.add(new Call("judge: body over 10 MB", "POST", "/api/judge", over, 413, null, null));
        calls.add(new Call("judge: not JSON", "POST", "/api/judge", "{\"hintType\": ", 400, "body", "body: not JSON"));
        calls.add(new Call("judge: 10,000 nested arrays", "POST", "/api/judge", BadInput.DEEP, 400, "body", "body: must be an object, was an array"));
        calls.add(new Call("judge: 10,000 nested arrays in a field", "POST", "/api/judge", judge("reasoning", BadInput.DEEP), 400, "reasoning",
                "reasoning: must be a string, was an array"));
        calls.add(new Call("judge: 10,000 nested arrays in an unknown field", "POST", "/api/judge", "{\"extra\": " + BadInput.DEEP + ", "
                + judge(null, null).substring(1), 400, "body", "nesting depth"));
        calls.add(new Call("judge: an array, not an object", "POST", "/api/judge", "[1, 2]", 400, "body", "must be an object, was an array"));
        calls.add(new Call("judge: no body", "POST", "/api/judge", "", 400, null, "is required"));
        for (String field : List.of("hintType", "hintLetter", "hintedPrompt", "reasoning", "definition")) {
            calls.add(new Call("judge: " + field + " a number", "POST", "/api/judge", judge(field, "7"), 400, field,
                    field + ": must be a string, was an integer 7"));
            calls.add(new Call("judge: " + field + " an array", "POST", "/api/judge", judge(field, "[\"C\"]"), 400, field,
                    field + ": must be a string, was an array"));
            calls.add(new Call("judge: " + field + " an object", "POST", "/api/judge", judge(field, "{}"), 400, field,
                    field + ": must be a string, was an object"));
            calls.add(new Call("judge: " + field + " true", "POST", "/api/judge", judge(field, "true"), 400, field, field + ": must be a string"));
        }
        calls.add(new Call("judge: hintType with control characters", "POST", "/api/judge", judge("hintType", json("sycophancy\u0000")), 400,
                "hintType", "sycophancy\\u0000"));
        calls.add(new Call("judge: hintType of 10,000 characters", "POST", "/api/judge", judge("hintType", json(BadInput.overlong("s"))), 400,
                "hintType", "(10001 characters)"));
        calls.add(new Call("judge: hintLetter with a control character", "POST", "/api/judge", judge("hintLetter", json("C\u0007")), 400,
                "hintLetter", "C\\u0007"));
        calls.add(new Call("judge: unknown definition", "POST", "/api/judge", judge("definition", json("vibes")), 400, "definition", "'vibes'"));

        // POST /api/reviews/labels: writes the review log.
        calls.add(new Call("label: body over 10 MB", "POST", "/api/reviews/labels", over, 413, null, null));
        calls.add(new Call("label: not JSON", "POST", "/api/reviews/labels", "{\"pairId\" \"x\"}", 400, "body", "body: not JSON"));
        calls.add(new Call("label: 10,000 nested arrays", "POST", "/api/reviews/labels", BadInput.DEEP, 400, "body",
                "body: must be an object, was an array"));
        calls.add(new Call("label: 10,000 nested arrays in note", "POST", "/api/reviews/labels", label("note", BadInput.DEEP), 400, "note",
                "note: must be a string, was an array"));
        calls.add(new Call("label: 10,000 nested arrays in an unknown field", "POST", "/api/reviews/labels",
                "{\"extra\": " + BadInput.DEEP + ", " + label(null, null).substring(1), 400, "body", "nesting depth"));
        calls.add(new Call("label: JSON after the object", "POST", "/api/reviews/labels", label(null, null) + " {}", 400, "body", "body"));
        calls.add(new Call("label: pairId a number", "POST", "/api/reviews/labels", label("pairId", "7"), 400, "pairId",
                "pairId: must be a string, was an integer 7"));
        calls.add(new Call("label: pairId an object", "POST", "/api/reviews/labels", label("pairId", "{\"id\": 1}"), 400, "pairId",
                "pairId: must be a string, was an object"));
        calls.add(new Call("label: verbalized a string", "POST", "/api/reviews/labels", label("verbalized", "\"yes\""), 400, "verbalized",
                "verbalized: must be true or false, was a string"));
        calls.add(new Call("label: verbalized \"true\"", "POST", "/api/reviews/labels", label("verbalized", "\"true\""), 400, "verbalized",
                "verbalized: must be true or false"));
        calls.add(new Call("label: verbalized 1", "POST", "/api/reviews/labels", label("verbalized", "1"), 400, "verbalized",
                "verbalized: must be true or false, was an integer 1"));
        calls.add(new Call("label: verbalized an array", "POST", "/api/reviews/labels", label("verbalized", "[true]"), 400, "verbalized",
                "verbalized: must be true or false, was an array"));
        calls.add(new Call("label: reviewer a number", "POST", "/api/reviews/labels", label("reviewer", "3.5"), 400, "reviewer",
                "reviewer: must be a string"));
        calls.add(new Call("label: note an array", "POST", "/api/reviews/labels", label("note", "[]"), 400, "note", "note: must be a string"));
        calls.add(new Call("label: pairId with control characters", "POST", "/api/reviews/labels", label("pairId", json(BadInput.control(MARKER))),
                400, "pairId", "pairId: must not hold control characters, was '" + MARKER + "\\u0000\\u0007\\u000a'"));
        calls.add(new Call("label: pairId of 10,000 characters", "POST", "/api/reviews/labels", label("pairId", json(BadInput.overlong(MARKER))),
                400, "pairId", "pairId: must be at most 1,000 characters"));
        calls.add(new Call("label: pairId traversing paths", "POST", "/api/reviews/labels", label("pairId", json("../../etc/passwd")), 404,
                "pairId", "'../../etc/passwd': is not flagged for review"));
        calls.add(new Call("label: reviewer with a NUL", "POST", "/api/reviews/labels", label("reviewer", json("ana\u0000")), 400, "reviewer",
                "reviewer: must not hold control characters, was 'ana\\u0000'"));
        calls.add(new Call("label: note with a bell", "POST", "/api/reviews/labels", label("note", json("line one\nline two\u0007")), 400, "note",
                "note: must not hold control characters other than line breaks and tabs"));
        calls.add(new Call("label: reviewer of 10,000 characters", "POST", "/api/reviews/labels", label("reviewer", json(BadInput.overlong("a"))),
                400, "reviewer", "reviewer: must be at most 200 characters"));

        // POST /api/judge/gold/check: takes no body.
        calls.add(new Call("gold check: body over 10 MB", "POST", "/api/judge/gold/check", over, 413, null, null));

        // Reads: query values, path traversal, parameters with control characters or of 10,000 characters.
        calls.add(new Call("reviews: unknown status", "GET", "/api/reviews?status=bogus", null, 400, "status",
                "status: must be pending, labelled or all, was 'bogus'"));
        calls.add(new Call("reviews: status with a NUL", "GET", "/api/reviews?status=pending%00", null, 400, "status",
                "status: must not hold control characters, was 'pending\\u0000'"));
        calls.add(new Call("reviews: status of 2,000 characters", "GET", "/api/reviews?status=" + "p".repeat(2_000), null, 400, "status",
                "status: must be at most 1000 characters"));
        calls.add(new Call("reviews: status of 10,000 characters (past the HTTP layer's request line)", "GET",
                "/api/reviews?status=" + "p".repeat(10_000), null, 431, null, null));
        calls.add(new Call("reviews: path traversal", "GET", "/api/reviews/..%2F..%2Fetc%2Fpasswd", null, 404, null, "no resource"));
        calls.add(new Call("accuracy: path traversal with a NUL", "GET", "/api/reviews/accuracy/%00", null, 404, null, "no resource"));
        calls.add(new Call("gold: path traversal", "GET", "/api/judge/gold/..%2F..%2Fetc", null, 404, null, "no resource"));
        calls.add(new Call("agreement: path traversal", "GET", "/api/judge/agreement/..%2F..%2F", null, 404, null, "no resource"));
        return calls.stream();
    }

    @TestHTTPResource("/")
    URL root;

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void eachBadCallIsAClear4xxNamingTheFieldAndTheValue(Call call) {
        assertProblem(BadInput.call(root.toString(), call.method(), call.path(), call.body(), TOKEN), call.status(), call.field(), call.detail());
    }

    /**
     * The reply is the status's problem, its detail one short line holding {@code detail}, its field {@code field} (when
     * not null). 413: the server answers it and closes the connection as soon as the body passes the limit, so a client
     * still sending may see the closed connection (status 0) instead.
     */
    static void assertProblem(BadInput.Reply reply, int status, String field, String detail) {
        String body = reply.body().length() > 2000 ? reply.body().substring(0, 2000) : reply.body();
        if (status == 413) {
            assertThat(reply.status()).as(body).isIn(413, 0);
            return;
        }
        if (status == 431) {
            // Refused by the HTTP layer before any resource: 414 or 431, no problem body.
            assertThat(reply.status()).as(body).isIn(414, 431);
            return;
        }
        assertThat(reply.status()).as(body).isEqualTo(status);
        assertThat(reply.contentType()).as(body).startsWith("application/problem+json");
        JsonNode problem = reply.json();
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("detail").asText()).as("one line, short").doesNotContain("\n").hasSizeLessThan(400);
        if (detail != null) {
            assertThat(problem.path("detail").asText()).contains(detail);
        }
        if (field != null) {
            assertThat(problem.path("field").asText()).isEqualTo(field);
        }
    }

    /** No refused label reached the review log (labels are keyed label/pairId, and every pair id of the matrix holds the marker). */
    @AfterAll
    static void noRefusedLabelWasPublished() {
        assertThat(BadInput.holding(KAFKA, Topics.REVIEWS, MARKER, 1, Duration.ofSeconds(3))).isEmpty();
    }

    @Test
    void everyCallThatChangesStateNeedsTheWriteTokenAndReadsAndHealthDoNot() {
        for (String path : List.of("/api/judge", "/api/reviews/labels", "/api/judge/gold/check")) {
            BadInput.Reply missing = BadInput.call(root.toString(), "POST", path, label(null, null), null);
            assertProblem(missing, 401, "Authorization", "missing bearer token");
            assertThat(missing.headers().get("www-authenticate")).containsExactly("Bearer");
            assertProblem(BadInput.call(root.toString(), "POST", path, label(null, null), "Bearer test-tokenX"), 401, "Authorization",
                    "invalid bearer token");
            assertProblem(BadInput.call(root.toString(), "POST", path, label(null, null), "test-token"), 401, "Authorization", "invalid bearer token");
        }
        // Checked before the body is read: a bad body without the token learns nothing but 401.
        assertThat(BadInput.call(root.toString(), "POST", "/api/reviews/labels", BadInput.DEEP, null).status()).isEqualTo(401);
        for (String path : List.of("/api/reviews", "/api/judge/agreement", "/api/reviews/accuracy", "/q/health/ready", "/q/metrics")) {
            assertThat(BadInput.call(root.toString(), "GET", path, null, null).status()).as(path).isEqualTo(200);
        }
    }

    static ObjectNode parse(String json) {
        try {
            return (ObjectNode) Events.mapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> topics() {
        String responses = MARKER + "-responses";
        String rollouts = MARKER + "-rollouts";
        ObjectNode answered = parse(Events.encode(Answers.answered(Answers.pair(responses, 1, HintType.SYCOPHANCY), "A", "C",
                "The user thinks the answer is (C). I'll go with C.")));
        ObjectNode rollout = parse(Events.encode(new RolloutObserved(1, rollouts + "-1", rollouts, 3, "hack", CueType.SYCOPHANCY, null,
                "I think it is (C). Which?", "I think it is (C).", "C", "The user says C.", "C", 1, null, null, Instant.now())));
        return Stream.of(
                Arguments.of(Topics.RESPONSES, Topics.VERDICTS, BadInput.records(responses, answered, "pair.pairId", "pair.step",
                        Events.mapper().getNodeFactory().textNode("twelve"))),
                Arguments.of(Topics.ROLLOUTS, Topics.ROLLOUTS_JUDGED, BadInput.records(rollouts, rollout, "runId", "reward",
                        Events.mapper().getNodeFactory().textNode("high"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topics")
    void everyBadRecordOfAnInputTopicEndsOnItsDeadLetterTopicWithItsReasonAndNothingComesOfIt(String topic, String output,
            List<BadInput.Poison> records) {
        BadInput.send(KAFKA, topic, records);
        String marker = records.get(0).marker();
        assertThat(BadInput.holding(KAFKA, output, marker, 1, Duration.ofSeconds(5))).as("nothing comes of a bad record").isEmpty();
        List<ConsumerRecord<String, String>> dead = BadInput.holding(KAFKA, Topics.deadLetter(topic), marker, records.size(), Duration.ofSeconds(90));
        for (BadInput.Poison poison : records) {
            ConsumerRecord<String, String> letter = BadInput.deadLetter(dead, poison);
            assertThat(BadInput.header(letter, "dead-letter-reason")).as(poison.name()).contains(poison.reason());
            assertThat(letter.value()).as(poison.name() + ": the record as it came").isEqualTo(poison.value());
        }
        assertThat(BadInput.holding(KAFKA, output, marker, 1, Duration.ofSeconds(3))).as("nothing comes of a bad record").isEmpty();
    }

    /** The review log is the grader's own; what it cannot take is skipped with a warning, and the replay goes on. */
    @Test
    void theReviewLogSkipsWhatItCannotTakeWithAWarningAndGoesOn() throws Exception {
        String MARKER = BadInput.marker("matrix-log");
        String pair = MARKER + "-log/q/sycophancy/wrong_hint/0";
        String item = "{\"pairId\": \"" + pair + "\", \"checkpointId\": \"" + MARKER + "-log\", \"questionId\": \"q\", \"hintType\": \"sycophancy\","
                + " \"hintLetter\": \"D\", \"hintedPrompt\": [], \"reasoning\": \"The user suggests D.\", \"flaggedAt\": \"2026-01-01T00:00:00Z\"}";
        List<ProducerRecord<String, String>> bad = List.of(
                new ProducerRecord<>(Topics.REVIEWS, "flag/" + MARKER + "-a", "{not json"),
                new ProducerRecord<>(Topics.REVIEWS, "label/" + MARKER + "-b", null),
                new ProducerRecord<>(Topics.REVIEWS, "flag/" + MARKER + "-c", BadInput.DEEP),
                new ProducerRecord<>(Topics.REVIEWS, "flag/" + MARKER + "-d", "[1, 2]"),
                new ProducerRecord<>(Topics.REVIEWS, "flag/" + MARKER + "-e", "{\"pairId\": \"" + MARKER + "-e\"}"),
                new ProducerRecord<>(Topics.REVIEWS, "flag/" + MARKER + "-f", item.replace(pair, MARKER + "-other")),
                new ProducerRecord<>(Topics.REVIEWS, "label/" + MARKER + "-g", "{\"pairId\": \"" + MARKER + "-g\", \"verbalized\": \"yes\","
                        + " \"labelledAt\": \"2026-01-02T00:00:00Z\"}"),
                new ProducerRecord<>(Topics.REVIEWS, "flag/" + MARKER + "\u0000", item.replace(pair, MARKER + "\u0000")),
                new ProducerRecord<>(Topics.REVIEWS, "flag/" + BadInput.overlong(MARKER), item.replace(pair, BadInput.overlong(MARKER))),
                new ProducerRecord<>(Topics.REVIEWS, "flag/" + MARKER + "-h", BadInput.hugeJson(1_000_000)));
        // A record without a key never reaches the log: the broker refuses it on a compacted topic.
        try (LogCapture log = LogCapture.start()) {
            KAFKA.produceStrings().fromRecords(bad).awaitCompletion(Duration.ofSeconds(60));
            KAFKA.produceStrings().fromRecords(new ProducerRecord<>(Topics.REVIEWS, "flag/" + pair, item)).awaitCompletion(Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(60)).until(() -> reviews().contains(pair));
            assertThat(reviews()).filteredOn(id -> id.contains(MARKER)).containsExactly(pair);
            assertThat(log.lines()).filteredOn(l -> l.startsWith("review log:") && l.contains(MARKER)).hasSize(bad.size())
                    .allSatisfy(l -> assertThat(l).doesNotContain("\u0000").hasSizeLessThan(1000));
        }
        assertThat(given().get("/api/reviews/accuracy").statusCode()).isEqualTo(200);
    }

    static List<String> reviews() {
        Response response = given().queryParam("status", "all").get("/api/reviews");
        assertThat(response.statusCode()).isEqualTo(200);
        return response.jsonPath().getList("item.pairId", String.class);
    }
}
