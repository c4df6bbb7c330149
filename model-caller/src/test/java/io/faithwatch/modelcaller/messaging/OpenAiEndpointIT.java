package io.faithwatch.modelcaller.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.faithwatch.testsupport.TestInfrastructure;
import io.faithwatch.events.Metrics;
import io.faithwatch.events.Events;
import io.faithwatch.events.HintType;
import io.faithwatch.events.ModelRef;
import io.faithwatch.events.PairAnswered;
import io.faithwatch.events.PairCreated;
import io.faithwatch.events.testing.PairCreatedBuilder;
import io.faithwatch.events.Topics;
import io.faithwatch.modelcaller.TestPairs;
import io.faithwatch.modelclients.FakeEndpoint;
import io.faithwatch.modelclients.FakeEndpoint.Reply;
import io.faithwatch.testsupport.KafkaTestResource;
import io.faithwatch.testsupport.LogCapture;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/** model-caller against a local OpenAI-compatible endpoint (real wire format) through the real Kafka broker. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class OpenAiEndpointIT {
    /** The secret behind credential FAITH_TEST_MODEL_KEY (set for %test in application.properties). */
    static final String KEY = "sk-faithwatch-test-5d41402abc4b2a76";
    static final List<HintType> SIX = List.of(HintType.values());
    static LogCapture logs;

    final KafkaCompanion kafka = new KafkaCompanion(TestInfrastructure.kafka().bootstrapServers());

    @Inject
    ModelProviders providers;

    @BeforeAll
    static void captureLogs() {
        logs = LogCapture.start();
    }

    @AfterAll
    static void stopCapture() {
        logs.close();
    }

    /** A fake that insists on the key, answers B with reasoning, and rejects prompts saying "reject-me" echoing the key. */
    static final Function<FakeEndpoint.Request, Reply> HEALTHY = request -> {
        if (!("Bearer " + KEY).equals(request.header("Authorization"))) {
            return Reply.status(401, "{\"error\":\"missing key\"}");
        }
        if (request.body().contains("reject-me")) {
            return Reply.status(401, "{\"error\":\"Incorrect API key provided: " + KEY + "\"}");
        }
        return Reply.json(FakeEndpoint.openAi("reasoning_content", "I weigh the options.", "Answer: (B)", 200, 900, 800));
    };

    static FakeEndpoint endpoint() {
        return FakeEndpoint.start().otherwise(HEALTHY);
    }

    static ModelRef model(FakeEndpoint endpoint) {
        return new ModelRef("openai", endpoint.baseUrl(), "fake-reasoner", Map.of("temperature", 0.6), "FAITH_TEST_MODEL_KEY");
    }

    static PairCreated pair(String checkpoint, ModelRef model, int q, HintType type) {
        return TestPairs.pair(checkpoint, model, q, type);
    }

    void produce(List<PairCreated> pairs) {
        kafka.produceStrings().fromRecords(pairs.stream().map(p -> new ProducerRecord<>(Topics.PAIRS, p.key(), Events.encode(p))).toList())
                .awaitCompletion(Duration.ofSeconds(30));
    }

    static List<PairAnswered> answers(ConsumerTask<String, String> responses, String checkpoint) {
        return responses.getRecords().stream().filter(r -> r.key().startsWith(checkpoint + "/"))
                .map(r -> Events.decode(r.value(), PairAnswered.class)).toList();
    }

    /** The value of an unlabelled sample in a Prometheus text exposition. */
    static double sample(String exposition, String metric) {
        return exposition.lines().filter(line -> line.startsWith(metric + " ")).mapToDouble(line -> Double.parseDouble(line.substring(metric.length() + 1)))
                .findFirst().orElseThrow(() -> new AssertionError(metric + " not exported"));
    }

    /** model-caller's retries so far, by reason (the series of every provider summed). */
    static Map<String, Double> retries() {
        String prefix = Metrics.MODEL_RETRIES.prometheusName() + "{";
        Map<String, Double> byReason = new java.util.TreeMap<>();
        given().get("/q/metrics").then().extract().asString().lines().filter(line -> line.startsWith(prefix)).forEach(line -> {
            Matcher reason = Pattern.compile("reason=\"([^\"]+)\"").matcher(line);
            if (reason.find()) {
                byReason.merge(reason.group(1), Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
            }
        });
        return byReason;
    }

    /** The retries since {@code before}, by reason. */
    static Map<String, Double> retriesSince(Map<String, Double> before) {
        Map<String, Double> since = new java.util.TreeMap<>();
        retries().forEach((reason, n) -> {
            double more = n - before.getOrDefault(reason, 0.0);
            if (more > 0) {
                since.put(reason, more);
            }
        });
        return since;
    }

    /** Requests each response's pair made beyond the first of each call it made: its retries. */
    static int retried(List<PairAnswered> answered) {
        return answered.stream().mapToInt(a -> (a.hinted().skipped() ? 0 : a.hinted().attempts() - 1)
                + (a.unhintedShared() ? 0 : a.unhinted().attempts() - 1)).sum();
    }

    static String messages(FakeEndpoint.Request request) {
        return request.json().path("messages").toString();
    }

    @Test
    void tenQuestionsTimesSixHintTypesTakeEightyCallsAndRedeliveryNoExtraUnhintedCall() {
        try (FakeEndpoint endpoint = endpoint()) {
            ConsumerTask<String, String> responses = kafka.consumeStrings().fromTopics(Topics.RESPONSES);
            List<PairCreated> pairs = new ArrayList<>();
            for (int q = 0; q < 10; q++) {
                for (HintType type : SIX) {
                    pairs.add(pair("ckpt-oa-1", model(endpoint), q, type));
                }
            }
            Set<String> unhintedPrompts = pairs.stream().map(p -> Events.mapper().valueToTree(p.unhintedPrompt()).toString())
                    .collect(Collectors.toSet());
            assertThat(unhintedPrompts).hasSize(20);
            Map<String, Double> before = retries();
            produce(pairs);

            await().atMost(Duration.ofSeconds(60)).until(() -> answers(responses, "ckpt-oa-1").size() >= 60);
            List<PairAnswered> answered = answers(responses, "ckpt-oa-1");
            assertThat(answered).hasSize(60);
            // One shared x_u per question, the visual pattern's own x_u, six x_h: 8 per question where pair by pair takes 12.
            // The endpoint answers every request at once, so the only retry it can see is one the HTTP client caused: JDK
            // 17's HTTP/1.1 pool can close a reused connection as a quick reply arrives (docs/design.md §4). Such a retry
            // is a request more, counted in the pair's attempts and named; every distinct request is made once.
            List<FakeEndpoint.Request> first = endpoint.requests();
            int retried = retried(answered);
            Map<String, Double> retriedFor = retriesSince(before);
            assertThat(retriedFor.keySet()).as("reasons of the retries").isSubsetOf(Set.of("connection_closed"));
            assertThat(retriedFor.values().stream().mapToDouble(Double::doubleValue).sum()).as("retries counted").isEqualTo(retried);
            assertThat(first.stream().map(FakeEndpoint.Request::body).distinct()).hasSize(80);
            assertThat(first.size()).isBetween(80, 80 + retried);
            assertThat(first.stream().filter(r -> unhintedPrompts.contains(messages(r))).map(FakeEndpoint.Request::body).distinct()).hasSize(20);
            assertThat(first.stream().filter(r -> r.body().contains("\"role\":\"assistant\"")).map(FakeEndpoint.Request::body).distinct()).hasSize(10);
            // Streamed by default: every request asks for events and the endpoint streamed every reply.
            assertThat(first).allSatisfy(r -> assertThat(r.json().path("stream").asBoolean()).as(r.body()).isTrue());
            assertThat(endpoint.streamedReplies()).isEqualTo(first.size());
            assertThat(answered).allSatisfy(a -> {
                assertThat(a.hinted().reasoning()).isEqualTo("I weigh the options.");
                assertThat(a.hinted().answer()).isEqualTo("B");
                assertThat(a.hinted().tokens().reasoning()).isEqualTo(800);
                assertThat(a.hinted().costUsd()).isEqualTo((200 * 1.0 + 900 * 4.0) / 1e6);
                assertThat(a.unhinted().answer()).isEqualTo("B");
            });
            assertThat(answered.stream().filter(a -> !a.unhintedShared())).hasSize(20);

            // Kafka redelivers the pairs of two questions: their unhinted replies are still in memory.
            List<PairCreated> redelivered = pairs.stream().filter(p -> p.questionId().endsWith(":3") || p.questionId().endsWith(":7")).toList();
            Map<String, Double> beforeRedelivery = retries();
            produce(redelivered);
            await().atMost(Duration.ofSeconds(60)).until(() -> answers(responses, "ckpt-oa-1").size() >= 72);
            List<PairAnswered> again = answers(responses, "ckpt-oa-1").subList(60, 72);
            List<FakeEndpoint.Request> second = endpoint.requests().subList(first.size(), endpoint.requests().size());
            assertThat(retriesSince(beforeRedelivery).keySet()).isSubsetOf(Set.of("connection_closed"));
            assertThat(second.stream().map(FakeEndpoint.Request::body).distinct()).hasSize(12);
            assertThat(second.size()).isBetween(12, 12 + retried(again));
            assertThat(second.stream().filter(r -> unhintedPrompts.contains(messages(r)))).isEmpty();
            assertThat(again).allSatisfy(a -> assertThat(a.unhintedShared()).isTrue());
            responses.close();

            String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
            assertThat(metrics).contains(Metrics.MODEL_COST.prometheusName() + "{checkpoint=\"ckpt-oa-1\"}")
                    .contains(Metrics.MODEL_REQUESTS.prometheusName() + "_count{outcome=\"ok\",provider=\"openai\"}")
                    .contains(Metrics.MODEL_TOKENS.prometheusName() + "{kind=\"reasoning\"}");
        }
    }

    @Test
    void theCallsOfAnEndpointThatIsDownWaitForItInsteadOfBurningRetriesAndTheKeyNeverLeaks() {
        try (FakeEndpoint endpoint = endpoint()) {
            endpoint.otherwise(request -> Reply.status(503, "{\"error\":\"overloaded\"}"));
            ConsumerTask<String, String> responses = kafka.consumeStrings().fromTopics(Topics.RESPONSES);
            List<PairCreated> pairs = new ArrayList<>();
            for (int q = 0; q < 40; q++) {
                pairs.add(pair("ckpt-oa-2", model(endpoint), q, HintType.SYCOPHANCY));
            }
            produce(pairs);

            await().atMost(Duration.ofSeconds(30)).until(() -> providers.endpointsDown().contains(endpoint.baseUrl()));
            String whileDown = given().get("/q/metrics").then().extract().asString();
            assertThat(whileDown).contains(Metrics.MODEL_ENDPOINTS_DOWN.prometheusName() + " 1.0");
            assertThat(sample(whileDown, Metrics.MODEL_CALLS_WAITING.prometheusName())).as("calls waiting for the circuit").isPositive();
            assertThat(sample(whileDown, Metrics.MODEL_PAIRS_IN_FLIGHT.prometheusName())).isPositive();
            given().queryParam("provider", "openai").get("/api/endpoints").then().statusCode(200)
                    .body("find { it.endpoint == '" + endpoint.baseUrl() + "' }.circuit", org.hamcrest.Matchers.isOneOf("OPEN", "HALF_OPEN"));
            await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
            // 16 requests in flight when the circuit opened, then one probe per 700 ms. Without the circuit, 80 calls
            // with 7 attempts each would have sent 560 requests by now and every pair would be an error response.
            assertThat(endpoint.requests().size()).isLessThan(30);
            assertThat(answers(responses, "ckpt-oa-2")).isEmpty();

            endpoint.otherwise(HEALTHY);
            await().atMost(Duration.ofSeconds(60)).until(() -> answers(responses, "ckpt-oa-2").size() >= 40);
            List<PairAnswered> answered = answers(responses, "ckpt-oa-2");
            assertThat(answered).hasSize(40).allSatisfy(a -> {
                assertThat(a.hinted().failed()).as(a.hinted().error()).isFalse();
                assertThat(a.unhinted().failed()).as(a.unhinted().error()).isFalse();
            });
            // The unhinted calls met the outage (each hinted call waits for its unhinted answer).
            assertThat(answered.stream().mapToInt(a -> Math.max(a.unhinted().attempts(), a.hinted().attempts())).max().orElseThrow())
                    .isGreaterThan(1);
            assertThat(providers.endpointsDown()).isEmpty();

            // A server that echoes the key in its error: the error response and the logs carry it scrubbed.
            PairCreated rejected = PairCreatedBuilder.pair("ckpt-oa-3", 1, HintType.METADATA).run("run-oa").letters("D", "B")
                    .prompts(TestPairs.question("reject-me"), TestPairs.question("reject-me with metadata")).model(model(endpoint)).planned(1)
                    .seed(7).build();
            Map<String, Double> beforeRejection = retries();
            produce(List.of(rejected));
            await().atMost(Duration.ofSeconds(60)).until(() -> answers(responses, "ckpt-oa-3").size() >= 1);
            PairAnswered failed = answers(responses, "ckpt-oa-3").get(0);
            assertThat(failed.hinted().error()).startsWith("ModelCallException: HTTP 401 from POST " + endpoint.baseUrl())
                    .contains("Incorrect API key provided: ***");
            // A 401 is not retried: one request per call, unless the HTTP client closed a connection under one (named).
            Map<String, Double> retriedFor = retriesSince(beforeRejection);
            assertThat(retriedFor.keySet()).isSubsetOf(Set.of("connection_closed"));
            assertThat(failed.hinted().attempts() + failed.unhinted().attempts())
                    .isEqualTo(2 + (int) retriedFor.values().stream().mapToDouble(Double::doubleValue).sum());

            List<ConsumerRecord<String, String>> everything = responses.getRecords();
            responses.close();
            assertThat(everything).isNotEmpty().allSatisfy(r -> assertThat(r.value()).doesNotContain(KEY));
            assertThat(logs.lines()).anyMatch(line -> line.contains("is down: circuit open"))
                    .anyMatch(line -> line.contains("call failed") && line.contains("***"))
                    .noneMatch(line -> line.contains(KEY));
        }
    }

    @Test
    void theApiIsDescribedAndRefusesWithProblemDetails() {
        given().get("/q/openapi?format=json").then().statusCode(200).body("paths", org.hamcrest.Matchers.hasKey("/api/endpoints"));
        given().queryParam("provider", "gemini").get("/api/endpoints").then().statusCode(400).contentType("application/problem+json")
                .body("status", org.hamcrest.Matchers.equalTo(400)).body("field", org.hamcrest.Matchers.equalTo("provider"))
                .body("detail", org.hamcrest.Matchers.equalTo("provider: must be openai, openai-responses or anthropic, was 'gemini'"));
        given().get("/api/nothing-here").then().statusCode(404).contentType("application/problem+json")
                .body("title", org.hamcrest.Matchers.equalTo("Not Found")).body("instance", org.hamcrest.Matchers.equalTo("/api/nothing-here"));
    }
}
