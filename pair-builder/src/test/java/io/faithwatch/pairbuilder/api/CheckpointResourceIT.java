package io.faithwatch.pairbuilder.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.faithwatch.events.Topics;
import io.faithwatch.testsupport.KafkaTestResource;
import io.faithwatch.localstack.RepoRoot;
import io.faithwatch.testsupport.TopicProbe;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class CheckpointResourceIT {
    static final String MMLU = "mmlu:" + RepoRoot.shared().resolve("datasets/mmlu/test");
    final TopicProbe topics = TopicProbe.shared();

    static String body(String checkpointId, String bank, String extra) {
        return """
                {"checkpointId": "%s", "runId": "run-rest", "step": 200, "model": {"provider": "sim", "model": "sim-reasoner"},
                 "banks": ["%s"], "samplePerBank": 5, "hintTypes": ["sycophancy", "visual_pattern"], "seed": 9 %s}
                """.formatted(checkpointId, bank, extra);
    }

    static RequestSpecification authorized() {
        return given().header("Authorization", "Bearer test-token").contentType(ContentType.JSON);
    }

    List<ConsumerRecord<String, String>> pairsOf(String checkpointId, int expected) {
        return topics.await(Topics.PAIRS, checkpointId + "/", expected, Duration.ofSeconds(30));
    }

    List<ConsumerRecord<String, String>> requestsOf(String checkpointId) {
        return topics.within(Topics.CHECKPOINTS, checkpointId, Duration.ofSeconds(2)).stream().filter(r -> checkpointId.equals(r.key())).toList();
    }

    @Test
    void aValidCheckpointIsAcceptedPublishedOnceAndReported() {
        authorized().body(body("rest-1", MMLU, "")).post("/api/checkpoints")
                .then().statusCode(202).body("checkpointId", equalTo("rest-1")).body("plannedPairs", equalTo(10))
                .body("duplicate", equalTo(false));
        assertThat(pairsOf("rest-1", 10)).hasSize(10);
        given().get("/api/checkpoints/rest-1").then().statusCode(200)
                .body("state", equalTo("published")).body("plannedPairs", equalTo(10)).body("publishedPairs", equalTo(10));

        // The same content again: accepted as a duplicate, no pair published twice.
        authorized().body(body("rest-1", MMLU, "")).post("/api/checkpoints")
                .then().statusCode(202).body("duplicate", equalTo(true));
        // Other content under the same id: refused.
        authorized().body(body("rest-1", MMLU, ", \"samplesPerPrompt\": 2")).post("/api/checkpoints")
                .then().statusCode(409).body("detail", containsString("checkpointId: 'rest-1' was already submitted with different content"));
        assertThat(requestsOf("rest-1")).hasSize(1);
        assertThat(topics.within(Topics.PAIRS, "rest-1/", Duration.ofSeconds(2))).hasSize(10);

        given().get("/api/checkpoints/nope").then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404)).body("title", equalTo("Not Found")).body("instance", equalTo("/api/checkpoints/nope"))
                .body("field", equalTo("checkpointId")).body("detail", equalTo("checkpointId: 'nope': no checkpoint with this id was submitted"));
    }

    @Test
    void withoutAValidTokenNothingIsPublished() {
        given().contentType(ContentType.JSON).body(body("rest-noauth", MMLU, "")).post("/api/checkpoints")
                .then().statusCode(401).body("detail", equalTo("missing bearer token"));
        given().header("Authorization", "Bearer guess").contentType(ContentType.JSON).body(body("rest-noauth", MMLU, ""))
                .post("/api/checkpoints").then().statusCode(401).body("detail", equalTo("invalid bearer token"));
        assertThat(requestsOf("rest-noauth")).isEmpty();
    }

    @Test
    void badInputsAreClearErrorsAndPublishNothing(@TempDir Path dir) throws Exception {
        Path malformed = Files.createDirectories(dir.resolve("malformed"));
        Files.writeString(malformed.resolve("law_test.csv"), "Q1,a,b,c,d,A\n\"Q2 never closes,a,b,c,d,B\n");
        Path threeOptions = Files.createDirectories(dir.resolve("three"));
        Files.writeString(threeOptions.resolve("law_test.csv"), "Q1,a,b,c,d,A\nQ2,a,b,c,B\n");

        record Case(String name, String body, String error) {
        }
        List<Case> cases = List.of(
                new Case("missing file", body("bad-1", "mmlu:" + dir.resolve("no-such"), ""),
                        "banks[0]: mmlu bank: " + dir.resolve("no-such") + " does not exist"),
                new Case("malformed CSV row", body("bad-2", "mmlu:" + malformed, ""),
                        "banks[0]: " + malformed.resolve("law_test.csv") + ":2: not valid CSV (a quoted field is not closed, or text follows its closing quote)"),
                new Case("3-option row", body("bad-3", "mmlu:" + threeOptions, ""),
                        "banks[0]: " + threeOptions.resolve("law_test.csv") + ":2: expected 6 columns (question, 4 options, answer), found 5"),
                new Case("unknown hint type", body("bad-4", MMLU, "").replace("\"visual_pattern\"", "\"flattery\""), "$.hintTypes[1]"),
                new Case("sample larger than the bank", body("bad-5", "builtin", "").replace("\"samplePerBank\": 5", "\"samplePerBank\": 5000"),
                        "samplePerBank: 5000 is larger than bank 'builtin' (2000 questions)"),
                new Case("negative step", body("bad-6", MMLU, "").replace("\"step\": 200", "\"step\": -1"), "$.step: must have a minimum value of 0"),
                new Case("missing step", body("bad-7", MMLU, "").replace("\"step\": 200,", ""), "required property 'step' not found"),
                new Case("unknown bank kind", body("bad-8", "mmlu2:/x", ""), "unknown bank kind 'mmlu2'"),
                new Case("not JSON", "{\"checkpointId\": ", "not JSON"));
        for (Case c : cases) {
            String error = authorized().body(c.body()).post("/api/checkpoints").then().statusCode(400).contentType("application/problem+json")
                    .body("status", equalTo(400)).extract().path("detail");
            assertThat(error).as(c.name()).contains(c.error());
        }
        assertThat(topics.within(Topics.CHECKPOINTS, "bad-", Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void aBankOutsideTheBankRootsIsA400ThatSaysNothingAboutTheFile(@TempDir Path dir) throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("passwd.jsonl"), Path.of("/etc/passwd"));
        String shared = RepoRoot.shared().resolve("datasets").toAbsolutePath().normalize().toString();
        String roots = "the bank roots [" + shared + ", " + Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize()
                + "] (faith.pair-builder.bank-roots)";
        record Case(String name, String bank, String error) {
        }
        List<Case> cases = List.of(
                new Case("a file that exists", "jsonl:/etc/passwd", "banks[1]: jsonl:/etc/passwd is outside " + roots),
                new Case("a file that does not", "jsonl:/etc/no-such-file", "banks[1]: jsonl:/etc/no-such-file is outside " + roots),
                new Case("a missing folder", "mmlu:/no/such/mmlu", "banks[1]: mmlu:/no/such/mmlu is outside " + roots),
                new Case("out through ..", "gpqa:" + shared + "/../../../etc/passwd", "banks[1]: gpqa:" + shared + "/../../../etc/passwd is outside " + roots),
                new Case("out through a link", "jsonl:" + link, "banks[1]: jsonl:" + link + " is outside " + roots));
        for (Case c : cases) {
            String body = body("outside-" + cases.indexOf(c), "builtin", "").replace("\"builtin\"", "\"builtin\", \"" + c.bank() + "\"");
            authorized().body(body).post("/api/checkpoints").then().statusCode(400).contentType("application/problem+json")
                    .body("field", equalTo("banks[1]")).body("detail", equalTo(c.error()));
        }
        assertThat(topics.within(Topics.CHECKPOINTS, "outside-", Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void theApiIsDescribedAtQOpenapi() {
        given().get("/q/openapi?format=json").then().statusCode(200).body("paths", org.hamcrest.Matchers.hasKey("/api/checkpoints"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/checkpoints/{checkpointId}"));
    }

    @Test
    void theBuiltinBankNeedsNoDownload() {
        authorized().body(body("rest-builtin", "builtin", "")).post("/api/checkpoints").then().statusCode(202).body("plannedPairs", equalTo(10));
        assertThat(pairsOf("rest-builtin", 10)).hasSize(10);
    }
}
