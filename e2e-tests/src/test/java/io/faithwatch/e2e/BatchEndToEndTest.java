package io.faithwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.faithwatch.events.CheckpointRequested;
import io.faithwatch.events.HintType;
import io.faithwatch.events.ModelRef;
import io.faithwatch.events.Topics;
import io.faithwatch.localstack.FaithService;
import io.faithwatch.localstack.LocalStack;
import io.faithwatch.localstack.ServiceProcess;
import io.faithwatch.modelclients.FakeBatchApi;
import io.faithwatch.modelclients.FakeEndpoint;
import io.faithwatch.modelclients.FakeEndpoint.Reply;
import io.faithwatch.testsupport.Closing;
import io.faithwatch.testsupport.TopicProbe;

/**
 * Checkpoints evaluated through the providers' batch APIs ({@code batch=true}) against a local server speaking Anthropic's
 * Message Batches and OpenAI's Batch API, with model-caller killed while the batches run: the restarted model-caller polls
 * the batches it had submitted instead of submitting them again, every pair is answered once, and the figures are the
 * ones the server planted.
 */
@ExtendWith(SharedStack.class)
class BatchEndToEndTest {
    static final String CREDENTIAL = SharedStack.BATCH_CREDENTIAL;
    static final String KEY = SharedStack.BATCH_KEY;
    static final Pattern HINTED = Pattern.compile("think the answer is \\(([A-Z])\\)");
    static final int QUESTIONS = 12;

    /** What the server planted per provider: hinted prompts answered with a hint other than A (eligible), and those that said so. */
    static final Map<String, AtomicInteger> switched = new ConcurrentHashMap<>();
    static final Map<String, AtomicInteger> said = new ConcurrentHashMap<>();

    static FakeEndpoint endpoint;
    static FakeBatchApi batches;
    static LocalStack stack;
    static Pipeline pipeline;

    @BeforeAll
    static void startStack() {
        endpoint = FakeEndpoint.start();
        batches = new FakeBatchApi(endpoint, KEY, BatchEndToEndTest::reply, request -> Reply.status(500, "{\"error\":\"not a batch request\"}"))
                .install();
        stack = SharedStack.stack();
        pipeline = new Pipeline(stack);
    }

    @AfterAll
    static void stopStack() {
        Closing.inOrder(endpoint);
    }

    @Test
    void batchesOutliveAKilledModelCallerAreCreatedOnceAndAnswerEveryPairOnce() {
        ModelRef claude = new ModelRef("anthropic", endpoint.rootUrl(), "claude-sonnet-4", Map.of("batch", true, "max_tokens", 8000), CREDENTIAL);
        ModelRef openAi = new ModelRef("openai", endpoint.baseUrl(), "deepseek-reasoner", Map.of("batch", true), CREDENTIAL);
        CheckpointRequested anthropicCheckpoint = Pipeline.request("batch-anthropic", "batch-run", claude, QUESTIONS, List.of(HintType.SYCOPHANCY), 11);
        CheckpointRequested openAiCheckpoint = Pipeline.request("batch-openai", "batch-run", openAi, QUESTIONS, List.of(HintType.SYCOPHANCY), 12);
        pipeline.submit(anthropicCheckpoint);
        pipeline.submit(openAiCheckpoint);

        // Both batches submitted and recorded (a batch is polled only once its record is on the broker).
        await().atMost(Duration.ofSeconds(90)).until(() -> batches.created().equals(Map.of("anthropic", 1, "openai", 1)) && batches.polls() >= 4);
        for (String batchId : batches.batchIds()) {
            // Per question one unhinted and one hinted call.
            assertThat(batches.customIds(batchId)).as(batchId).hasSize(2 * QUESTIONS);
        }
        ServiceProcess modelCaller = stack.service(FaithService.MODEL_CALLER);
        modelCaller.kill();
        assertThat(modelCaller.alive()).isFalse();
        int pollsAtKill = batches.polls();
        modelCaller.restart().awaitReady(Duration.ofSeconds(120));
        // The restarted instance reads its batches back and polls them; it submits nothing again.
        await().atMost(Duration.ofSeconds(60)).until(() -> batches.polls() >= pollsAtKill + 4);
        assertThat(batches.created()).isEqualTo(Map.of("anthropic", 1, "openai", 1));
        assertThat(pipeline.verdicts("batch-anthropic") + pipeline.verdicts("batch-openai")).as("nothing answered before the batches end").isZero();
        System.out.printf("batch test: model-caller killed after %d polls, restarted, polling again (%d polls)%n", pollsAtKill, batches.polls());

        batches.release();
        for (String[] c : List.of(new String[] { "batch-anthropic", "anthropic" }, new String[] { "batch-openai", "openai" })) {
            pipeline.awaitComplete("batch-run", c[0], Duration.ofSeconds(120));
            assertThat(pipeline.verdicts(c[0])).as(c[0] + ": each pair judged once").isEqualTo(QUESTIONS);
            JsonNode row = pipeline.report(c[0]).path("rows").get(0);
            int eligible = count(switched, c[1]);
            assertThat(eligible).as(c[0] + ": the server planted eligible pairs").isPositive();
            assertThat(row.path("eligible").asInt()).as(c[0] + " eligible").isEqualTo(eligible);
            assertThat(row.path("verbalized").asInt()).as(c[0] + " verbalized").isEqualTo(count(said, c[1])).isLessThan(eligible);
            assertThat(row.path("reasoningChannels").toString()).isEqualTo("[\"raw\"]");
            System.out.printf("batch test: %s eligible %d, verbalized %d (planted %d, %d)%n", c[0], row.path("eligible").asInt(),
                    row.path("verbalized").asInt(), eligible, count(said, c[1]));
        }
        // Pairs acknowledged shortly before the kill may come again to the restarted instance (their offsets were not
        // committed yet), even after their batch ended. Once it has committed every pair and the batched-pairs log holds
        // nothing live, whatever came again has been dealt with: recognised as answered, not batched a second time.
        String bootstrap = stack.kafka().bootstrapServers();
        await().atMost(Duration.ofSeconds(60)).until(() -> TopicProbe.committed(bootstrap, "model-caller", Topics.PAIRS)
                == TopicProbe.endOffsets(bootstrap, Topics.PAIRS).get(Topics.PAIRS));
        await().atMost(Duration.ofSeconds(60)).until(() -> liveBatchedRecords(bootstrap).isEmpty());
        assertThat(batches.created()).isEqualTo(Map.of("anthropic", 1, "openai", 1));
        System.out.printf("batch test: %d pairs came again after their answer and were not batched again%n",
                pipeline.logLines().stream().filter(l -> l.contains("was answered already (a redelivery)")).count());
        assertThat(endpoint.requests()).as("no call was made one by one")
                .noneMatch(r -> r.path().endsWith("/messages") || r.path().endsWith("/chat/completions"));
    }

    /** Keys of the batched-pairs log whose latest record is not a deletion. */
    static List<String> liveBatchedRecords(String bootstrap) {
        Map<String, String> latest = new java.util.HashMap<>();
        TopicProbe.everything(bootstrap, List.of(Topics.PAIRS_BATCHED)).forEach(r -> latest.put(r.key(), r.value()));
        return latest.entrySet().stream().filter(e -> e.getValue() != null).map(Map.Entry::getKey).toList();
    }

    static int count(Map<String, AtomicInteger> counts, String key) {
        AtomicInteger n = counts.get(key);
        return n == null ? 0 : n.get();
    }

    /**
     * The model, asked once per request when the batch ends: unhinted, it answers A; hinted, it follows the hint and says
     * so for every other hinted prompt. A hint of A leaves the pair unhinted_on_hint, so it is not planted as eligible.
     */
    static String reply(String provider, JsonNode body) {
        JsonNode messages = body.path("messages");
        String last = messages.path(messages.size() - 1).path("content").asText();
        Matcher hint = HINTED.matcher(last);
        String letter = hint.find() ? hint.group(1) : "A";
        String reasoning = "Let me work through the options. Option A matches the facts best, so I will choose A.";
        if (!letter.equals("A")) {
            boolean says = switched.computeIfAbsent(provider, k -> new AtomicInteger()).getAndIncrement() % 2 == 0;
            if (says) {
                said.computeIfAbsent(provider, k -> new AtomicInteger()).incrementAndGet();
            }
            reasoning = says ? "The user thinks the answer is (" + letter + "). Given the user's suggestion, I'll go with " + letter + "."
                    : "Let me compare the options. Option " + letter + " matches the definition best, so I will choose " + letter + ".";
        }
        String answer = "Answer: (" + letter + ")";
        if (provider.equals("anthropic")) {
            return ReasoningChannelsEndToEndTest.anthropic(reasoning, answer, false);
        }
        return FakeEndpoint.openAi("reasoning_content", reasoning, answer, 60, 300, 250);
    }
}
