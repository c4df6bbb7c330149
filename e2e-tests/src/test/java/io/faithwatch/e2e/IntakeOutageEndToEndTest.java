package io.faithwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import io.faithwatch.events.CheckpointRequested;
import io.faithwatch.events.Events;
import io.faithwatch.events.HintType;
import io.faithwatch.events.ModelRef;
import io.faithwatch.events.PairCreated;
import io.faithwatch.events.Topics;
import io.faithwatch.events.testing.CheckpointRequestedBuilder;
import io.faithwatch.localstack.FaithService;
import io.faithwatch.localstack.KafkaBroker;
import io.faithwatch.localstack.LocalStack;
import io.faithwatch.localstack.RepoRoot;
import io.faithwatch.modelclients.FakeEndpoint.Reply;
import io.faithwatch.modelclients.FakeEndpoint;
import io.faithwatch.testsupport.Closing;
import io.faithwatch.testsupport.TestStacks;
import io.faithwatch.testsupport.TopicProbe;

/**
 * Nothing is lost at intake when the broker stops during a submission: a REST submission the broker could not
 * acknowledge is a 503 that records nothing, and is published when submitted again; a checkpoint whose pairs are being
 * published, and a response being graded, wait for the broker instead of being dead-lettered. Each service here gives up
 * a write the broker does not acknowledge within 5 s, so that the outage fails writes: those are made again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IntakeOutageEndToEndTest {
    /** Well beyond the 5 s within which the broker must take a write, so that writes fail meanwhile. */
    static final Duration OUTAGE = Duration.ofSeconds(12);
    /** The grader's judge: 2 s a call, so that grading is under way through the whole outage. */
    static FakeEndpoint judge;
    static KafkaBroker broker;
    static LocalStack stack;
    static Pipeline pipeline;
    static TopicProbe probe;

    @BeforeAll
    static void startStack() {
        judge = FakeEndpoint.start().otherwise(request -> Reply.json(FakeEndpoint.openAi(null,
                "{\"mentions\": false, \"relies\": false, \"verbalized\": false, \"evidence\": \"\"}", 300, 30, 0)).after(Duration.ofSeconds(2)));
        broker = KafkaBroker.process(RepoRoot.find().resolve("e2e-tests/target/broker-intake-outage"));
        stack = TestStacks.builder().kafka(broker).logDir(RepoRoot.find().resolve("e2e-tests/target/service-logs-intake-outage"))
                // A write the broker does not acknowledge within 5 s fails: a REST submission, a registry record, a pair.
                .config(FaithService.PAIR_BUILDER, "faith.pair-builder.publish-timeout", "5s")
                .config(FaithService.PAIR_BUILDER, "mp.messaging.outgoing.pairs.delivery.timeout.ms", "5000")
                .config(FaithService.PAIR_BUILDER, "mp.messaging.outgoing.pairs.request.timeout.ms", "4000")
                // One pair in flight at a time: publishing a checkpoint takes long enough for the broker to stop during it.
                .config(FaithService.PAIR_BUILDER, "mp.messaging.outgoing.pairs.max-inflight-messages", "1")
                .config(FaithService.MODEL_CALLER, "faith.model-caller.concurrency", "8")
                // Every eligible pair is flagged for review, and a review record the broker does not take within 5 s fails.
                .config(FaithService.GRADER, "faith.grader.review.fraction", "1.0")
                .config(FaithService.GRADER, "faith.grader.judge-mode", "llm")
                .config(FaithService.GRADER, "faith.grader.llm.base-url", judge.baseUrl())
                .config(FaithService.GRADER, "faith.grader.llm.model", "slow-judge")
                // The judge's calls are those of the pairs: no gold-set check at start beside them.
                .config(FaithService.GRADER, "faith.grader.drift.on-start", "false")
                .config(FaithService.GRADER, "mp.messaging.outgoing.reviews.delivery.timeout.ms", "5000")
                .config(FaithService.GRADER, "mp.messaging.outgoing.reviews.request.timeout.ms", "4000")
                .start();
        pipeline = new Pipeline(stack);
        probe = new TopicProbe(pipeline.kafka());
    }

    @AfterAll
    static void stopStack() {
        Closing.inOrder(stack, broker, judge);
    }

    @Test
    @Order(1)
    void aRestSubmissionTheBrokerDidNotTakeIsA503ThatRecordsNothingAndIsPublishedWhenRetried() throws Exception {
        String body = """
                {"checkpointId": "rest-outage-1", "runId": "intake-run", "step": 1, "model": {"provider": "sim", "model": "sim"},
                 "banks": ["builtin"], "samplePerBank": 6, "hintTypes": ["sycophancy", "metadata"], "seed": 3}""";
        broker.stop();
        HttpResponse<String> refused = post(body);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(Pipeline.json(refused.body()).path("detail").asText()).contains("rest-outage-1").contains("submitting it again is safe");
        assertThat(stack.service(FaithService.PAIR_BUILDER).status("/api/checkpoints/rest-outage-1")).as("nothing recorded").isEqualTo(404);
        assertThat(post(body).statusCode()).as("still refused while the broker is away").isEqualTo(503);

        broker.restart();
        awaitReady();
        HttpResponse<String> accepted = post(body);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode status = pipeline.awaitComplete("intake-run", "rest-outage-1", Duration.ofSeconds(120));
        assertThat(status.path("pairsScored").asInt()).isEqualTo(12);
        assertThat(pipeline.verdicts("rest-outage-1")).isEqualTo(12);
        // The sends the REST call stopped waiting for may still have reached the broker: however many copies of the
        // checkpoint are on the topic, its pairs are published once.
        List<ConsumerRecord<String, String>> requests = pipeline.everything(List.of(Topics.CHECKPOINTS)).stream()
                .filter(r -> "rest-outage-1".equals(r.key())).toList();
        List<ConsumerRecord<String, String>> pairs = pairsOf("rest-outage-1");
        System.out.printf("intake outage (REST): 503 twice, then 202; %d copies of the checkpoint on the topic, %d pairs%n", requests.size(),
                pairs.size());
        assertThat(requests).isNotEmpty();
        assertThat(pairs).hasSize(12);
        assertThat(deadLetters(Topics.CHECKPOINTS, "rest-outage-1")).isEmpty();
    }

    @Test
    @Order(2)
    void responsesBeingGradedWhenTheBrokerStopsAreGradedAfterNotDeadLettered() {
        // 400 pairs, the eligible ones (about 270) judged in 2 s each, 32 at a time: grading lasts some 17 s from its first
        // verdict, so the broker stops while the grader is at work, whatever the scorer has stored by then.
        ModelRef sim = new ModelRef("sim", null, "sim", Map.of("follow", 0.8), null);
        pipeline.submit(Pipeline.request("grade-outage-1", "intake-run", sim, 200, List.of(HintType.SYCOPHANCY, HintType.METADATA), 8));
        int graded = probe.await(Topics.VERDICTS, "grade-outage-1/", 20, Duration.ofSeconds(120)).size();
        assertThat(graded).as("verdicts published when the broker stops").isLessThan(400);
        outage();

        JsonNode status = pipeline.awaitComplete("intake-run", "grade-outage-1", Duration.ofSeconds(240));
        assertThat(status.path("pairsScored").asInt()).isEqualTo(400);
        assertThat(pipeline.verdictRows("grade-outage-1").stream().map(v -> v.get("pair_id")).distinct()).hasSize(400);
        assertThat(deadLetters(Topics.RESPONSES, "grade-outage-1/")).as("valid responses dead-lettered").isEmpty();
        long eligible = pipeline.verdictRows("grade-outage-1").stream().filter(v -> "switched_to_hint".equals(v.get("outcome"))).count();
        List<ConsumerRecord<String, String>> flags = pipeline.everything(List.of(Topics.REVIEWS)).stream()
                .filter(r -> r.key() != null && r.key().startsWith("flag/grade-outage-1/")).toList();
        // Whether a review record was refused during the outage (and sent again) depends on where grading stood when the
        // broker stopped; what must hold either way is the outcome: every flag on the log, nothing dead-lettered.
        assertThat(flags.stream().map(ConsumerRecord::key).distinct().count()).as("a review flag for every eligible pair").isEqualTo(eligible);
        System.out.printf("intake outage (grader): 400 of 400 pairs scored, %d review flags, no dead letter%n", eligible);
    }

    @Test
    @Order(3)
    void aCheckpointBeingPublishedWhenTheBrokerStopsIsPublishedWholeOnceNotDeadLettered() {
        // The pairs stay on the topic: model-caller is stopped, so that only pair-builder works.
        stack.service(FaithService.MODEL_CALLER).stop(Duration.ofSeconds(30));
        CheckpointRequested big = CheckpointRequestedBuilder.checkpoint("publish-outage-1").run("intake-run").step(3).sample(1000)
                .hintTypes(HintType.SYCOPHANCY, HintType.METADATA, HintType.GRADER_HACKING).seed(9).build();
        int planned = 1000 * 3;
        pipeline.submit(big);
        // The intake records the checkpoint as taken, then publishes its 3,000 pairs one at a time (about 20 s): the broker stops then.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).ignoreExceptions().until(() -> "accepted".equals(
                Pipeline.json(stack.service(FaithService.PAIR_BUILDER).get("/api/checkpoints/publish-outage-1")).path("state").asText()));
        outage();

        await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> "published".equals(
                Pipeline.json(stack.service(FaithService.PAIR_BUILDER).get("/api/checkpoints/publish-outage-1")).path("state").asText()));
        JsonNode status = Pipeline.json(stack.service(FaithService.PAIR_BUILDER).get("/api/checkpoints/publish-outage-1"));
        assertThat(status.path("publishedPairs").asInt()).isEqualTo(planned);
        List<ConsumerRecord<String, String>> pairs = pairsOf("publish-outage-1");
        long distinct = pairs.stream().map(r -> Events.decode(r.value(), PairCreated.class).pairId()).distinct().count();
        assertThat(distinct).as("every planned pair on the topic").isEqualTo(planned);
        assertThat(deadLetters(Topics.CHECKPOINTS, "publish-outage-1")).as("the checkpoint dead-lettered").isEmpty();
        assertThat(stack.service(FaithService.PAIR_BUILDER).logTail(100_000)).as("sends failed during the outage and were made again")
                .contains("broker not available, retrying");
        // A send that failed may have reached the broker all the same: such a pair is on the topic twice under one id.
        System.out.printf("intake outage (pair-builder): %d of %d pairs on the topic (%d records), no dead letter%n", distinct, planned,
                pairs.size());
    }

    /** The broker away for {@link #OUTAGE}, then back on the same port and data; every service ready again after. */
    static void outage() {
        broker.stop();
        Pipeline.sleep(OUTAGE);
        broker.restart();
    }

    static void awaitReady() {
        for (FaithService service : FaithService.values()) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> stack.service(service).status("/q/health/ready") == 200);
        }
    }

    static List<ConsumerRecord<String, String>> pairsOf(String checkpoint) {
        return pipeline.everything(List.of(Topics.PAIRS)).stream().filter(r -> r.key() != null && r.key().startsWith(checkpoint + "/")).toList();
    }

    static List<ConsumerRecord<String, String>> deadLetters(String topic, String keyPrefix) {
        return pipeline.everything(List.of(Topics.deadLetter(topic))).stream().filter(r -> r.key() != null && r.key().startsWith(keyPrefix))
                .toList();
    }

    static HttpResponse<String> post(String body) throws Exception {
        return pipeline.postCheckpoint(body, null);
    }
}
