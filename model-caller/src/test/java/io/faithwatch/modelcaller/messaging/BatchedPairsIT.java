package io.faithwatch.modelcaller.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.faithwatch.events.Events;
import io.faithwatch.events.HintType;
import io.faithwatch.events.Metrics;
import io.faithwatch.events.ModelRef;
import io.faithwatch.events.PairAnswered;
import io.faithwatch.events.PairCreated;
import io.faithwatch.events.ReasoningChannel;
import io.faithwatch.events.Topics;
import io.faithwatch.modelcaller.TestPairs;
import io.faithwatch.modelclients.FakeBatchApi;
import io.faithwatch.modelclients.FakeEndpoint;
import io.faithwatch.modelclients.FakeEndpoint.Reply;
import io.faithwatch.testsupport.KafkaTestResource;
import io.faithwatch.testsupport.TestInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * Pairs with {@code batch=true} through a local server speaking Anthropic's Message Batches API, through the real broker:
 * acknowledged once recorded, one batch for the checkpoint with both calls of every pair, nothing answered one by one,
 * responses when the batch ends, at half price, and the records deleted afterwards.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class BatchedPairsIT {
    static final String KEY = "sk-faithwatch-test-5d41402abc4b2a76";

    final KafkaCompanion kafka = new KafkaCompanion(TestInfrastructure.kafka().bootstrapServers());

    /** Claude's reply: the hinted prompt is followed and said so, the unhinted one answered B. */
    static String claude(String provider, JsonNode body) {
        JsonNode messages = body.path("messages");
        boolean hinted = messages.toString().contains("-> (D)");
        ObjectNode reply = Events.mapper().createObjectNode().put("id", "msg_1").put("type", "message").put("role", "assistant")
                .put("model", body.path("model").asText()).put("stop_reason", "end_turn");
        var content = reply.putArray("content");
        content.addObject().put("type", "thinking").put("thinking", hinted ? "The hint points to D, so D." : "B fits best.")
                .put("signature", "EqQB");
        content.addObject().put("type", "text").put("text", hinted ? "Answer: (D)" : "Answer: (B)");
        reply.putObject("usage").put("input_tokens", 200).put("output_tokens", 900);
        return reply.toString();
    }

    static double gauge(Metrics.Metric metric) {
        String name = metric.prometheusName() + " ";
        return given().get("/q/metrics").then().extract().asString().lines().filter(l -> l.startsWith(name))
                .mapToDouble(l -> Double.parseDouble(l.substring(name.length()))).findFirst().orElseThrow();
    }

    long committedPairs() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestInfrastructure.kafka().bootstrapServers()))) {
            return admin.listConsumerGroupOffsets("model-caller").partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS).entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(Topics.PAIRS) && e.getValue() != null).mapToLong(e -> e.getValue().offset()).sum();
        }
    }

    @Test
    void aCheckpointsPairsGoInOneBatchAreAcknowledgedMeanwhileAndAnsweredWhenItEnds() throws Exception {
        try (FakeEndpoint endpoint = FakeEndpoint.start()) {
            FakeBatchApi api = new FakeBatchApi(endpoint, KEY, BatchedPairsIT::claude, request -> Reply.status(500, "{\"error\":\"not a batch\"}"))
                    .install();
            ModelRef model = new ModelRef("anthropic", endpoint.rootUrl(), "fake-reasoner", Map.of("batch", true, "max_tokens", 4000),
                    "FAITH_TEST_MODEL_KEY");
            List<PairCreated> pairs = new ArrayList<>();
            for (int q = 0; q < 4; q++) {
                pairs.add(TestPairs.pair("ckpt-batch-1", model, q, HintType.SYCOPHANCY));
                pairs.add(TestPairs.pair("ckpt-batch-1", model, q, HintType.METADATA));
            }
            ConsumerTask<String, String> responses = kafka.consumeStrings().fromTopics(Topics.RESPONSES);
            long committedBefore = committedPairs();
            kafka.produceStrings().fromRecords(pairs.stream().map(p -> new ProducerRecord<>(Topics.PAIRS, p.key(), Events.encode(p))).toList())
                    .awaitCompletion(Duration.ofSeconds(30));

            await().atMost(Duration.ofSeconds(30)).until(() -> api.created().get("anthropic") == 1);
            String batchId = api.batchIds().get(0);
            // Per question one unhinted call shared by both hint types, and two hinted calls: 12 calls for 8 pairs.
            assertThat(api.customIds(batchId)).hasSize(4 + 8);
            // While the batch runs, the pairs are acknowledged (they do not hold the consumer) and nobody has an answer.
            await().atMost(Duration.ofSeconds(30)).until(() -> committedPairs() - committedBefore == 8);
            await().atMost(Duration.ofSeconds(10)).until(() -> gauge(Metrics.MODEL_BATCHES_OPEN) == 1.0 && gauge(Metrics.MODEL_BATCHED_PAIRS) == 8.0);
            await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> api.polls() >= 2);
            assertThat(responses.getRecords().stream().filter(r -> r.key().startsWith("ckpt-batch-1/"))).isEmpty();
            assertThat(api.created().get("anthropic")).as("one batch for the checkpoint, however often polled").isEqualTo(1);

            api.release();
            await().atMost(Duration.ofSeconds(30)).until(() -> answers(responses).size() >= 8);
            List<PairAnswered> answered = answers(responses);
            assertThat(answered).hasSize(8).allSatisfy(a -> {
                assertThat(a.hinted().answer()).isEqualTo("D");
                assertThat(a.hinted().reasoning()).isEqualTo("The hint points to D, so D.");
                assertThat(a.hinted().reasoningChannel()).isEqualTo(ReasoningChannel.RAW);
                assertThat(a.hinted().attempts()).isEqualTo(1);
                // fake-reasoner costs $1 and $4 per million tokens; batches are half price.
                assertThat(a.hinted().costUsd()).isCloseTo((200 * 1.0 + 900 * 4.0) / 1e6 / 2, org.assertj.core.data.Offset.offset(1e-12));
                assertThat(a.unhinted().answer()).isEqualTo("B");
            });
            assertThat(answered.stream().filter(PairAnswered::unhintedShared)).hasSize(4);
            assertThat(endpoint.requests()).noneMatch(r -> r.path().endsWith("/v1/messages"));
            responses.close();

            await().atMost(Duration.ofSeconds(10)).until(() -> gauge(Metrics.MODEL_BATCHES_OPEN) == 0.0 && gauge(Metrics.MODEL_BATCHED_PAIRS) == 0.0);
            // Every record of the checkpoint on the batched-pairs log ends deleted.
            Map<String, String> latest = new HashMap<>();
            ConsumerTask<String, String> log = kafka.consumeStrings().fromTopics(Topics.PAIRS_BATCHED);
            await().atMost(Duration.ofSeconds(10)).until(() -> log.getRecords().stream().filter(r -> r.value() == null).count() >= 9);
            for (ConsumerRecord<String, String> r : log.getRecords()) {
                latest.put(r.key(), r.value());
            }
            assertThat(latest).containsKey("batch/" + batchId).hasSize(9).allSatisfy((key, value) -> assertThat(value).as(key).isNull());

            // The pairs come again after their answer (acknowledged, then the instance died before committing): each is
            // recorded and deleted again, and goes into no second batch.
            kafka.produceStrings().fromRecords(pairs.stream().map(p -> new ProducerRecord<>(Topics.PAIRS, p.key(), Events.encode(p))).toList())
                    .awaitCompletion(Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(30)).until(() -> log.getRecords().stream().filter(r -> r.key().startsWith("pair/")).count() >= 4 * 8);
            List<ConsumerRecord<String, String>> records = log.getRecords();
            log.close();
            assertThat(records.stream().filter(r -> r.key().startsWith("pair/") && r.value() == null)).as("deleted again").hasSize(2 * 8);
            // Longer than the linger (1 s) and a few polls: a second batch would have been submitted by now.
            await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
            assertThat(api.created().get("anthropic")).as("no second batch for answered pairs").isEqualTo(1);
            assertThat(gauge(Metrics.MODEL_BATCHED_PAIRS)).isZero();
        }
    }

    static List<PairAnswered> answers(ConsumerTask<String, String> responses) {
        return responses.getRecords().stream().filter(r -> r.key().startsWith("ckpt-batch-1/")).map(r -> Events.decode(r.value(), PairAnswered.class))
                .toList();
    }
}
