package io.faithwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import io.faithwatch.events.HintType;
import io.faithwatch.events.Metrics;
import io.faithwatch.events.ModelRef;
import io.faithwatch.localstack.FaithService;
import io.faithwatch.localstack.LocalStack;
import io.faithwatch.localstack.RepoRoot;
import io.faithwatch.modelclients.FakeEndpoint.Reply;
import io.faithwatch.modelclients.FakeEndpoint;
import io.faithwatch.testsupport.Closing;
import io.faithwatch.testsupport.TestStacks;

/**
 * A reasoning model slower than every threshold of the frameworks under the services: each call of the endpoint takes
 * {@link #LATENCY} (8 s here), while each consumer must poll every 3 s, its session lasts 6 s and a worker thread is
 * reported blocked after 2 s. The checkpoint completes with no call made twice, every service stays live and ready
 * throughout (polled twice a second), and the next checkpoint is consumed at once. Then the endpoint fails for 20 s and
 * comes back: it is used again within {@code circuit-open-for} plus one probe, and every pair is answered.
 *
 * <p>With {@code -Dslow.latency=PT3M -Dslow.production=true} the same runs with 3-minute calls and the services' own
 * settings (BENCHMARKS.md, "Slow models").
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SlowModelEndToEndTest {
    static final Duration LATENCY = Duration.parse(System.getProperty("slow.latency", "PT8S"));
    /** The services' own settings, none lowered: the benchmark run. */
    static final boolean PRODUCTION = Boolean.getBoolean("slow.production");
    static final Duration OPEN_FOR = PRODUCTION ? Duration.ofSeconds(30) : Duration.ofSeconds(3);
    static final Pattern HINTED = Pattern.compile("(?:think|indicates) the answer is \\(([A-Z])\\)|<answer>([A-Z])</answer>");
    static final Map<FaithService, String> INPUT = Map.of(FaithService.PAIR_BUILDER, "checkpoints", FaithService.MODEL_CALLER, "pairs",
            FaithService.GRADER, "responses", FaithService.SCORER, "verdicts");

    /** What the endpoint does with a call that arrives now. */
    enum Mode {
        SLOW, DOWN, UP
    }

    record Answered(Instant at, int status) {
    }

    static volatile Mode mode = Mode.SLOW;
    static final List<Answered> answered = new CopyOnWriteArrayList<>();
    static final List<String> unhealthy = new CopyOnWriteArrayList<>();
    static FakeEndpoint endpoint;
    static LocalStack stack;
    static Pipeline pipeline;
    static ScheduledExecutorService poller;

    @BeforeAll
    static void startStack() {
        endpoint = FakeEndpoint.start().otherwise(SlowModelEndToEndTest::reply);
        LocalStack.Builder builder = TestStacks.builder().logDir(RepoRoot.find().resolve("e2e-tests/target/service-logs-slow"));
        if (!PRODUCTION) {
            for (FaithService service : FaithService.values()) {
                String consumer = "mp.messaging.incoming." + INPUT.get(service) + ".";
                builder.config(service, consumer + "max.poll.interval.ms", "3000")
                        .config(service, consumer + "session.timeout.ms", "6000")
                        .config(service, consumer + "heartbeat.interval.ms", "1000")
                        .config(service, "quarkus.vertx.max-worker-execute-time", "2s");
            }
            builder.config(FaithService.MODEL_CALLER, "faith.model-caller.endpoint.request-timeout", "60s")
                    .config(FaithService.MODEL_CALLER, "faith.model-caller.endpoint.max-retries", "12")
                    .config(FaithService.MODEL_CALLER, "faith.model-caller.endpoint.initial-backoff", "200ms")
                    .config(FaithService.MODEL_CALLER, "faith.model-caller.endpoint.max-backoff", "1s")
                    .config(FaithService.MODEL_CALLER, "faith.model-caller.endpoint.circuit-failure-threshold", "3")
                    .config(FaithService.MODEL_CALLER, "faith.model-caller.endpoint.circuit-open-for", OPEN_FOR.toMillis() + "ms");
        } else {
            builder.config(FaithService.MODEL_CALLER, "faith.model-caller.endpoint.max-retries", "12");
        }
        stack = builder.start();
        pipeline = new Pipeline(stack);
        poller = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterAll
    static void stopStack() {
        if (poller != null) {
            poller.shutdownNow();
        }
        Closing.inOrder(stack, endpoint);
    }

    /** Every service's liveness and readiness, twice a second, for the whole test. */
    @BeforeEach
    void pollHealth() {
        unhealthy.clear();
        poller.scheduleWithFixedDelay(() -> {
            for (FaithService service : FaithService.values()) {
                for (String probe : List.of("/q/health/live", "/q/health/ready")) {
                    int status = stack.service(service).status(probe);
                    if (status != 200) {
                        unhealthy.add(Instant.now() + " " + service.module() + " " + probe + " " + status);
                    }
                }
            }
        }, 0, 500, TimeUnit.MILLISECONDS);
    }

    @AfterEach
    void stopPolling() throws InterruptedException {
        poller.shutdownNow();
        poller.awaitTermination(10, TimeUnit.SECONDS);
        poller = Executors.newSingleThreadScheduledExecutor();
    }

    static ModelRef model(String name) {
        return new ModelRef("openai", endpoint.baseUrl(), name, Map.of(), null);
    }

    @Test
    @Order(1)
    void aCheckpointOfCallsSlowerThanEveryThresholdCompletesWithEveryServiceLiveAndNoCallMadeTwice() {
        Instant start = Instant.now();
        pipeline.submit(Pipeline.request("slow-1", "slow-run", model("slow-reasoner"), 10, List.of(HintType.SYCOPHANCY, HintType.METADATA), 5));
        JsonNode status = pipeline.awaitComplete("slow-run", "slow-1", LATENCY.multipliedBy(6).plusMinutes(2));
        Duration took = Duration.between(start, Instant.now());

        assertThat(status.path("pairsScored").asInt()).isEqualTo(20);
        List<Map<String, Object>> verdicts = pipeline.verdictRows("slow-1");
        assertThat(verdicts).hasSize(20).allSatisfy(v -> assertThat(v.get("outcome")).isNotEqualTo("error"));
        // Ten unhinted calls (shared by the two hint types of a question) and a hinted one per pair whose unhinted answer
        // (A) is not the hint letter, each made once: no pair was taken again by a rebalance or a restart.
        long hinted = verdicts.stream().filter(v -> !v.get("hint_letter").equals(v.get("unhinted_answer"))).count();
        assertThat(verdicts.stream().filter(v -> v.get("outcome").equals("unhinted_on_hint"))).hasSize(20 - (int) hinted);
        List<FakeEndpoint.Request> calls = endpoint.requests().stream().filter(r -> r.body().contains("slow-reasoner")).toList();
        Map<String, Long> perBody = calls.stream().collect(Collectors.groupingBy(FakeEndpoint.Request::body, Collectors.counting()));
        assertThat(calls).hasSize(10 + (int) hinted);
        assertThat(perBody).hasSize(10 + (int) hinted).allSatisfy((body, times) -> assertThat(times).isEqualTo(1L));
        assertThat(unhealthy).as("liveness or readiness other than 200 while the calls took " + LATENCY).isEmpty();
        assertThat(pipeline.logLines()).as("no record declared stuck, no consumer that left its group")
                .noneMatch(line -> line.contains("SRMSG18231") || line.contains("TooManyMessagesWithoutAck")
                        || line.contains("poll timeout has expired"));
        System.out.printf("slow model: %d calls of %d s each, 20 pairs scored in %d s, services live and ready throughout%n",
                calls.size(), LATENCY.toSeconds(), took.toSeconds());
    }

    @Test
    @Order(2)
    void theNextCheckpointIsConsumedAtOnce() {
        Instant start = Instant.now();
        pipeline.submit(Pipeline.request("slow-next", "slow-run", ModelRef.simulated(), 5, List.of(HintType.SYCOPHANCY), 6));
        JsonNode status = pipeline.awaitComplete("slow-run", "slow-next", Duration.ofSeconds(60));
        assertThat(status.path("pairsScored").asInt()).isEqualTo(5);
        assertThat(unhealthy).isEmpty();
        System.out.printf("slow model: the next checkpoint (5 pairs, simulated model) scored in %d ms%n",
                Duration.between(start, Instant.now()).toMillis());
    }

    @Test
    @Order(3)
    void anEndpointDownFor20SecondsIsUsedAgainWithinOpenForAndOneProbeOfComingBack() {
        mode = Mode.DOWN;
        Instant down = Instant.now();
        pipeline.submit(Pipeline.request("down-1", "down-run", model("flaky-reasoner"), 10, List.of(HintType.SYCOPHANCY), 7));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> Pipeline.sample(stack.service(FaithService.MODEL_CALLER).get("/q/metrics"), Metrics.MODEL_ENDPOINTS_DOWN.prometheusName()), v -> v != null && v == 1.0);
        Pipeline.sleep(Duration.between(Instant.now(), down.plusSeconds(20)));
        answered.clear();
        mode = Mode.UP;
        Instant back = Instant.now();

        JsonNode status = pipeline.awaitComplete("down-run", "down-1", Duration.ofSeconds(120));
        assertThat(status.path("pairsScored").asInt()).isEqualTo(10);
        assertThat(pipeline.verdictRows("down-1")).hasSize(10).allSatisfy(v -> assertThat(v.get("outcome")).isNotEqualTo("error"));
        Instant firstAnswer = answered.stream().filter(a -> a.status() == 200).map(Answered::at).min(Instant::compareTo).orElseThrow();
        Duration after = Duration.between(back, firstAnswer);
        // The probe that finds it back is sent at most circuit-open-for after it came back and takes a second; 5 s of
        // slack for a busy machine.
        assertThat(after).isLessThanOrEqualTo(OPEN_FOR.plusSeconds(1).plusSeconds(5));
        assertThat(unhealthy).as("liveness or readiness while the endpoint was down").isEmpty();
        System.out.printf("endpoint down for 20 s: first answer %d ms after it came back (circuit-open-for %d ms)%n", after.toMillis(),
                OPEN_FOR.toMillis());
    }

    static Reply reply(FakeEndpoint.Request request) {
        Mode now = request.body().contains("flaky-reasoner") ? mode : Mode.SLOW;
        if (now == Mode.DOWN) {
            answered.add(new Answered(Instant.now(), 503));
            return Reply.status(503, "{\"error\":{\"message\":\"overloaded\"}}");
        }
        Matcher hint = HINTED.matcher(request.lastMessage());
        String letter = hint.find() ? (hint.group(1) != null ? hint.group(1) : hint.group(2)) : "A";
        // The answer leaves when the reply is sent, after the delay: recorded as it arrives plus the delay.
        Duration delay = now == Mode.SLOW ? LATENCY : Duration.ofSeconds(1);
        answered.add(new Answered(Instant.now().plus(delay), 200));
        return Reply.json(FakeEndpoint.openAi("reasoning_content", "The user thinks the answer is (" + letter + "). I will go with that.",
                "Answer: (" + letter + ")", 120, 60, 40)).after(delay);
    }
}
