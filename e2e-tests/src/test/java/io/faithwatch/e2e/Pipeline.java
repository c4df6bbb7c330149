package io.faithwatch.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.faithwatch.events.CheckpointRequested;
import io.faithwatch.events.Events;
import io.faithwatch.events.HintType;
import io.faithwatch.events.ModelRef;
import io.faithwatch.events.Topics;
import io.faithwatch.events.testing.CheckpointRequestedBuilder;
import io.faithwatch.localstack.FaithService;
import io.faithwatch.localstack.LocalStack;
import io.faithwatch.testsupport.Sql;
import io.faithwatch.testsupport.TopicProbe;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/** What the reliability tests do to a running stack: submit checkpoints, wait for them, read what was stored and sent. */
final class Pipeline {
    static final ObjectMapper JSON = new ObjectMapper();

    private final LocalStack stack;
    private final KafkaCompanion kafka;
    private final Sql sql;

    Pipeline(LocalStack stack) {
        this.stack = stack;
        this.kafka = new KafkaCompanion(stack.kafka().bootstrapServers());
        this.sql = new Sql(stack.database());
    }

    KafkaCompanion kafka() {
        return kafka;
    }

    Sql sql() {
        return sql;
    }

    /** A checkpoint of the built-in bank (2,000 questions, 4 subjects). */
    static CheckpointRequested request(String checkpoint, String run, ModelRef model, int questions, List<HintType> hintTypes, long seed) {
        return CheckpointRequestedBuilder.checkpoint(checkpoint).run(run).model(model).sample(questions).hintTypes(hintTypes).seed(seed).build();
    }

    /** POST /api/checkpoints of pair-builder with a raw body, and an Authorization header when one is given. */
    HttpResponse<String> postCheckpoint(String body, String authorization) throws IOException, InterruptedException {
        return postToPairBuilder("/api/checkpoints", body, authorization);
    }

    /** A POST to pair-builder's intake with a raw JSON body, and an Authorization header when one is given. */
    HttpResponse<String> postToPairBuilder(String path, String body, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.service(FaithService.PAIR_BUILDER).url() + path))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sleeps; a test interrupted meanwhile fails. */
    static void sleep(Duration duration) {
        if (duration.isNegative()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void submit(CheckpointRequested request) {
        produce(Topics.CHECKPOINTS, request.checkpointId(), Events.encode(request));
    }

    void produce(String topic, String key, String value) {
        kafka.produceStrings().fromRecords(new ProducerRecord<>(topic, key, value)).awaitCompletion(Duration.ofSeconds(60));
    }

    long verdicts(String checkpoint) {
        return sql.count("select count(*) from verdict where checkpoint_id = ?", checkpoint);
    }

    List<Map<String, Object>> verdictRows(String checkpoint) {
        return sql.rows("select * from verdict where checkpoint_id = ?", checkpoint);
    }

    /** The scorer's own view of a checkpoint: {checkpointId, status, pairsScored, plannedPairs, progress, ...}. */
    JsonNode checkpointStatus(String run, String checkpoint) {
        for (JsonNode c : json(stack.service(FaithService.SCORER).get("/api/v1/runs/" + run + "/checkpoints"))) {
            if (c.path("checkpointId").asText().equals(checkpoint)) {
                return c;
            }
        }
        return null;
    }

    /** Waits until the scorer reports the checkpoint complete with every planned pair scored. */
    JsonNode awaitComplete(String run, String checkpoint, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            JsonNode status = checkpointStatus(run, checkpoint);
            return status != null && "complete".equals(status.path("status").asText());
        });
        return checkpointStatus(run, checkpoint);
    }

    JsonNode report(String checkpoint) {
        return json(stack.service(FaithService.SCORER).get("/api/v1/checkpoints/" + checkpoint + "/report"));
    }

    /** One sample of a Prometheus text exposition, or null when the series is absent. */
    static Double sample(String metrics, String series) {
        return metrics.lines().filter(l -> l.startsWith(series + " ")).map(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst().orElse(null);
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Every record ever written to the given topics (values and headers), read from the beginning to the current end. */
    List<ConsumerRecord<String, String>> everything(List<String> topics) {
        return everything(stack.kafka().bootstrapServers(), topics);
    }

    static List<ConsumerRecord<String, String>> everything(String bootstrap, List<String> topics) {
        return TopicProbe.everything(bootstrap, topics);
    }

    static Map<String, Long> endOffsets(String bootstrap, String... topics) throws Exception {
        return TopicProbe.endOffsets(bootstrap, topics);
    }

    /** Every line of every service log of the stack. */
    List<String> logLines() {
        try (Stream<Path> files = Files.list(stack.logDir())) {
            List<String> lines = new ArrayList<>();
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                lines.addAll(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.UTF_8).lines().toList());
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
