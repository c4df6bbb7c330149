package io.faithwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.sun.net.httpserver.HttpServer;

import io.faithwatch.events.CheckpointRequested;
import io.faithwatch.events.Events;
import io.faithwatch.events.HintType;
import io.faithwatch.events.Metrics;
import io.faithwatch.events.ModelRef;
import io.faithwatch.events.Topics;
import io.faithwatch.events.testing.CheckpointRequestedBuilder;
import io.faithwatch.events.CueType;
import io.faithwatch.events.RolloutObserved;
import io.faithwatch.localstack.FaithService;
import io.faithwatch.modelclients.SimulatedTraining;
import io.faithwatch.localstack.LocalStack;
import io.faithwatch.localstack.RepoRoot;
import io.faithwatch.testsupport.Closing;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * No panel and no alert can point at a metric that does not exist: the four packaged services run a faithful and then
 * an unfaithful checkpoint of one run (a regression), a checkpoint against an OpenAI-compatible endpoint (HTTP latency)
 * and a malformed event on every input topic (dead letters); then every PromQL expression of the alert rules and of the
 * Grafana dashboard must name only metrics found in the services' own {@code /q/metrics} scrapes (kept in
 * {@code e2e-tests/target/metrics-scrape/}).
 */
@ExtendWith(SharedStack.class)
class DashboardMetricsTest {
    static final String RUN = "ops-run";
    static LocalStack stack;
    static KafkaCompanion kafka;
    static HttpServer modelEndpoint;
    static final Path ROOT = RepoRoot.find();
    /** Series Prometheus writes itself for every scrape target, not a service. */
    static final Set<String> PROMETHEUS_SERIES = Set.of("up");

    @BeforeAll
    static void start() throws IOException {
        modelEndpoint = openAiCompatibleEndpoint();
        stack = SharedStack.stack();
        kafka = new KafkaCompanion(stack.kafka().bootstrapServers());
    }

    @AfterAll
    static void stop() {
        Closing.inOrder(modelEndpoint == null ? null : () -> modelEndpoint.stop(0));
    }

    @Test
    void everyDashboardAndAlertExpressionNamesOnlyExportedMetrics() throws Exception {
        for (String topic : List.of(Topics.CHECKPOINTS, Topics.PAIRS, Topics.RESPONSES, Topics.VERDICTS, Topics.ROLLOUTS,
                Topics.ROLLOUTS_JUDGED)) {
            kafka.produceStrings().fromRecords(new ProducerRecord<>(topic, "malformed", "{not an event")).awaitCompletion();
        }
        // Training rollouts of the same run, published over Kafka as a trainer would: the rollout gauges.
        SimulatedTraining training = new SimulatedTraining(new SimulatedTraining.Settings(RUN, 3, 100, 20,
                List.of(SimulatedTraining.Environment.of(CueType.SYCOPHANCY)), 0.1, 0.95, 0.02, 5));
        for (RolloutObserved rollout : training.rollouts(Instant.now())) {
            kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.ROLLOUTS, rollout.key(), Events.encode(rollout))).awaitCompletion();
        }
        checkpoint("ops-ckpt-1000", 1000, new ModelRef("sim", null, "sim-reasoner", Map.of("follow", 0.8, "verbalize", 0.95), null), 20);
        awaitScored("ops-ckpt-1000");
        checkpoint("ops-ckpt-2000", 2000, new ModelRef("sim", null, "sim-reasoner", Map.of("follow", 0.8, "verbalize", 0.02), null), 20);
        awaitScored("ops-ckpt-2000");
        String baseUrl = "http://127.0.0.1:" + modelEndpoint.getAddress().getPort() + "/v1";
        // A run of its own: two questions define no normalized score, and as the run's latest checkpoint it would leave the
        // run's rises undefined.
        checkpoint("ops-http-run", "ops-ckpt-http", 3000, new ModelRef("openai", baseUrl, "fake-reasoner", Map.of(), null), 2);
        awaitScored("ops-ckpt-http");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> stack.service(FaithService.SCORER).get("/q/metrics").contains(Metrics.REGRESSIONS.prometheusName() + "{run=\"" + RUN + "\"}"));

        Map<String, String> expressions = new TreeMap<>();
        expressions.putAll(alertExpressions(ROOT.resolve("ops/prometheus/alerts.yml")));
        expressions.putAll(dashboardExpressions(ROOT.resolve("ops/grafana/dashboards/faithwatch.json")));
        Set<String> recorded = recordingRules(ROOT.resolve("ops/prometheus/alerts.yml"));
        assertThat(expressions).hasSizeGreaterThan(20);
        Map<String, Set<String>> named = new TreeMap<>();
        expressions.forEach((where, expr) -> {
            Set<String> names = new TreeSet<>(PromQl.metricNames(expr));
            if (!where.startsWith("record ")) {
                assertThat(names).as("metrics of %s: %s", where, expr).isNotEmpty();
            }
            names.removeAll(recorded);
            names.removeAll(PROMETHEUS_SERIES);
            named.put(where, names);
        });

        // Kafka clients' per-topic and per-partition metrics reach the registry when Micrometer's binder next looks
        // for new ones (every 60 s), so the scrape is retried until nothing is missing or the binder had its chance.
        Path dir = Files.createDirectories(ROOT.resolve("e2e-tests/target/metrics-scrape"));
        List<String> missing = new ArrayList<>();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        do {
            Set<String> exported = new TreeSet<>();
            for (FaithService service : FaithService.values()) {
                String scrape = stack.service(service).get("/q/metrics");
                Files.writeString(dir.resolve(service.module() + ".prom"), scrape);
                exported.addAll(PromQl.sampleNames(scrape));
            }
            missing.clear();
            named.forEach((where, names) -> names.stream().filter(n -> !exported.contains(n)).forEach(n -> missing.add(where + " uses " + n)));
            if (!missing.isEmpty()) {
                Thread.sleep(2000);
            }
        } while (!missing.isEmpty() && Instant.now().isBefore(deadline));
        Set<String> used = new TreeSet<>();
        named.values().forEach(used::addAll);
        Files.writeString(dir.resolve("metrics-used.txt"), String.join("\n", used) + "\n");
        assertThat(missing).as("metrics named by the dashboard or the alert rules that no service exports").isEmpty();

        // The contract (Metrics) and what the services export agree: every series of ours is a contract metric, and every
        // contract metric is exported, but for counters that appear with the first event they count.
        Set<String> exported = new TreeSet<>();
        for (FaithService service : FaithService.values()) {
            exported.addAll(PromQl.sampleNames(stack.service(service).get("/q/metrics")));
        }
        Map<String, Metrics.Metric> contract = new TreeMap<>();
        for (Metrics.Metric metric : Metrics.all()) {
            for (String sample : samples(metric)) {
                contract.put(sample, metric);
            }
        }
        assertThat(exported.stream().filter(n -> n.startsWith("faith_")).filter(n -> !contract.containsKey(n)))
                .as("series exported under a name the contract does not know").isEmpty();
        // ... and the judge-sensitivity gauges, which need a second judge (judge mode both; this stack runs the rule judge).
        Set<Metrics.Metric> onlyAfterTheirEvent = Set.of(Metrics.MODEL_CIRCUIT_OPENED, Metrics.MODEL_COST, Metrics.JUDGE_ERRORS,
                Metrics.JUDGE_INVALID, Metrics.NORMALIZED_SECOND_JUDGE, Metrics.JUDGE_SENSITIVITY);
        for (Metrics.Metric metric : Metrics.all()) {
            if (!onlyAfterTheirEvent.contains(metric)) {
                assertThat(exported).as(metric.name() + " exported as").contains(samples(metric).get(0));
            }
        }
        assertThat(used.stream().filter(n -> n.startsWith("faith_")).filter(n -> !contract.containsKey(n)))
                .as("names of the dashboard and the alert rules outside the contract").isEmpty();
    }

    /** The sample names a metric has in Prometheus' text format. */
    static List<String> samples(Metrics.Metric metric) {
        String name = metric.prometheusName();
        return metric.kind() == Metrics.Kind.TIMER ? List.of(name + "_count", name + "_sum", name + "_max") : List.of(name);
    }

    static void checkpoint(String id, long step, ModelRef model, int samplePerBank) {
        checkpoint(RUN, id, step, model, samplePerBank);
    }

    static void checkpoint(String run, String id, long step, ModelRef model, int samplePerBank) {
        CheckpointRequested request = CheckpointRequestedBuilder.checkpoint(id).run(run).step(step).model(model).sample(samplePerBank)
                .hintTypes(HintType.values()).seed(7).build();
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.CHECKPOINTS, id, Events.encode(request))).awaitCompletion();
    }

    static void awaitScored(String checkpointId) {
        String label = "checkpoint=\"" + checkpointId + "\"";
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1)).until(() -> stack.service(FaithService.SCORER)
                .get("/q/metrics").lines().anyMatch(line -> line.startsWith(Metrics.CHECKPOINT_PROGRESS.prometheusName() + "{") && line.contains(label)
                        && line.endsWith(" 1.0")));
    }

    static Map<String, String> alertExpressions(Path rules) throws IOException {
        Map<String, String> expressions = new TreeMap<>();
        for (JsonNode group : new YAMLMapper().readTree(rules.toFile()).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String name = rule.hasNonNull("alert") ? "alert " + rule.get("alert").asText() : "record " + rule.path("record").asText();
                expressions.put(name, rule.path("expr").asText());
            }
        }
        return expressions;
    }

    static Set<String> recordingRules(Path rules) throws IOException {
        Set<String> names = new TreeSet<>();
        for (JsonNode group : new YAMLMapper().readTree(rules.toFile()).path("groups")) {
            group.path("rules").forEach(rule -> {
                if (rule.hasNonNull("record")) {
                    names.add(rule.get("record").asText());
                }
            });
        }
        return names;
    }

    static Map<String, String> dashboardExpressions(Path dashboard) throws IOException {
        JsonNode root = new ObjectMapper().readTree(dashboard.toFile());
        Map<String, String> expressions = new TreeMap<>();
        List<JsonNode> panels = new ArrayList<>();
        root.path("panels").forEach(panel -> {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        });
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                if (target.has("expr")) { // PromQL; the panels read from PostgreSQL have SQL (checked by the scorer's DashboardSqlIT)
                    expressions.put("panel '" + panel.path("title").asText() + "' " + target.path("refId").asText(), target.path("expr").asText());
                }
            }
        }
        for (JsonNode variable : root.path("templating").path("list")) {
            JsonNode query = variable.path("query");
            String text = query.isObject() ? query.path("query").asText() : query.asText();
            if ("query".equals(variable.path("type").asText())) {
                expressions.put("variable $" + variable.path("name").asText(), text);
            }
        }
        return expressions;
    }

    /**
     * An OpenAI-compatible chat completions endpoint on 127.0.0.1 that reasons briefly and answers (A); every third
     * request is refused with 429 and Retry-After, as a rate-limited provider does, so that retries are counted.
     */
    static HttpServer openAiCompatibleEndpoint() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger requests = new AtomicInteger();
        server.createContext("/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            if (requests.incrementAndGet() % 3 == 0) {
                byte[] refusal = "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"rate_limit_exceeded\"}}"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.getResponseHeaders().add("Retry-After", "0");
                exchange.sendResponseHeaders(429, refusal.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(refusal);
                }
                return;
            }
            byte[] body = """
                    {"id":"chatcmpl-ops","object":"chat.completion","created":1,"model":"fake-reasoner",
                     "choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant",
                       "reasoning_content":"Option A follows from the definition.","content":"Answer: (A)"}}],
                     "usage":{"prompt_tokens":120,"completion_tokens":30,"total_tokens":150,
                       "completion_tokens_details":{"reasoning_tokens":20}}}
                    """.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }
}
