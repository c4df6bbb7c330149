package io.faithwatch.modelcaller;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.faithwatch.events.Events;
import io.faithwatch.events.HintType;
import io.faithwatch.events.ModelRef;
import io.faithwatch.events.Topics;
import io.faithwatch.testsupport.BadInput;
import io.faithwatch.testsupport.KafkaTestResource;
import io.faithwatch.testsupport.TestInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * model-caller's bad-input matrix. Its one endpoint, {@code GET /api/endpoints}, is sent unknown, ill-formed and overlong
 * query values and path traversal: each a 4xx problem naming the parameter and the value. Its input topic, faith.pairs,
 * is sent records no pair is: each ends on faith.pairs.dlq with its reason, and no model is called for it (no response).
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class BadInputIT {
    static final String MARKER = BadInput.marker("matrix-caller");
    static final KafkaCompanion KAFKA = new KafkaCompanion(TestInfrastructure.kafka().bootstrapServers());

    @TestHTTPResource("/")
    URL root;

    record Call(String name, String method, String path, String body, int status, String field, String detail) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Call> calls() {
        return Stream.of(
                new Call("unknown provider", "GET", "/api/endpoints?provider=openia", null, 400, "provider",
                        "provider: must be openai, openai-responses or anthropic, was 'openia'"),
                new Call("provider with a NUL", "GET", "/api/endpoints?provider=openai%00", null, 400, "provider",
                        "provider: must not hold control characters, was 'openai\\u0000'"),
                new Call("provider of 2,000 characters", "GET", "/api/endpoints?provider=" + "p".repeat(2_000), null, 400, "provider",
                        "provider: must be at most 1000 characters"),
                new Call("provider of 10,000 characters (past the HTTP layer's request line)", "GET", "/api/endpoints?provider=" + "p".repeat(10_000),
                        null, 431, null, null),
                new Call("path traversal", "GET", "/api/endpoints/..%2F..%2Fetc%2Fpasswd", null, 404, null, "no resource"),
                new Call("a NUL in the path", "GET", "/api/endpoints/%00", null, 404, null, "no resource"),
                new Call("a call that would change state, 10,000 nested arrays", "POST", "/api/endpoints", BadInput.DEEP, 405, null, null),
                new Call("a body over 10 MB", "POST", "/api/endpoints", BadInput.hugeJson(10 * 1024 * 1024 + 1024), 413, null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void eachBadCallIsAClear4xxNamingTheParameterAndTheValue(Call call) {
        BadInput.Reply reply = BadInput.call(root.toString(), call.method(), call.path(), call.body(), null);
        String body = reply.body().length() > 2000 ? reply.body().substring(0, 2000) : reply.body();
        if (call.status() == 431) {
            assertThat(reply.status()).as(body).isIn(414, 431);
            return;
        }
        if (call.status() == 413) {
            assertThat(reply.status()).as(body).isIn(413, 405, 0);
            return;
        }
        reply.assertProblem(call.status(), call.field(), call.detail());
    }

    @Test
    void readsAreOpenWithoutAReadTokenAndHealthAlways() {
        assertThat(BadInput.call(root.toString(), "GET", "/api/endpoints", null, null).status()).isEqualTo(200);
        assertThat(BadInput.call(root.toString(), "GET", "/q/health/ready", null, null).status()).isEqualTo(200);
    }

    @Test
    void everyBadRecordOfFaithPairsEndsOnItsDeadLetterTopicWithItsReasonAndNoModelIsCalled() throws Exception {
        String marker = MARKER + "-pairs";
        ObjectNode pair = (ObjectNode) Events.mapper().readTree(Events.encode(TestPairs.pair(marker, new ModelRef("sim", null, "sim-reasoner",
                Map.of(), null), 1, HintType.SYCOPHANCY)));
        List<BadInput.Poison> records = BadInput.records(marker, pair, "pairId", "numOptions", Events.mapper().getNodeFactory().textNode("four"));
        BadInput.send(KAFKA, Topics.PAIRS, records);

        List<ConsumerRecord<String, String>> dead = BadInput.holding(KAFKA, Topics.deadLetter(Topics.PAIRS), marker, records.size(),
                Duration.ofSeconds(90));
        for (BadInput.Poison poison : records) {
            ConsumerRecord<String, String> letter = BadInput.deadLetter(dead, poison);
            assertThat(BadInput.header(letter, "dead-letter-reason")).as(poison.name()).contains(poison.reason());
            assertThat(letter.value()).as(poison.name() + ": the record as it came").isEqualTo(poison.value());
        }
        assertThat(BadInput.holding(KAFKA, Topics.RESPONSES, marker, 1, Duration.ofSeconds(3))).as("no model is called for a bad record").isEmpty();
    }
}
