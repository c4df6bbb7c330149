package io.faithwatch.modelclients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.faithwatch.events.Events;
import io.faithwatch.events.ModelRef;
import io.faithwatch.events.ReasoningChannel;
import io.faithwatch.modelclients.FakeEndpoint.Reply;

/**
 * The batch APIs against a local server that speaks both documented formats: Anthropic Message Batches (create, poll,
 * JSONL results at results_url) and OpenAI's Batch API (JSONL file upload, create, poll, output and error files).
 * Requests are the single calls' unstreamed bodies; results are read by the single calls' formats; failed, expired and
 * refused requests come back as error results.
 */
class ModelBatchesTest {
    static final String KEY = "sk-batch-3f2a";
    static final Credentials CREDENTIALS = name -> name.equals("BATCH_KEY") ? Optional.of(KEY) : Optional.empty();

    final FakeEndpoint endpoint = FakeEndpoint.start();
    final AtomicInteger polls = new AtomicInteger();
    final List<JsonNode> submitted = new ArrayList<>();

    @AfterEach
    void stop() {
        endpoint.close();
    }

    static ModelCall call(ModelRef model, String question) {
        return new ModelCall(model, List.of(io.faithwatch.events.ChatMessage.user(question)), null);
    }

    static Map<String, ModelCall> calls(ModelRef model) {
        Map<String, ModelCall> calls = new LinkedHashMap<>();
        calls.put("q1-hinted", call(model, "Question 1? I think the answer is (C)."));
        calls.put("q2-unhinted", call(model, "Question 2?"));
        calls.put("bad", call(model, "Question 3?"));
        calls.put("late", call(model, "Question 4?"));
        return calls;
    }

    /** Anthropic: the batch ends at the second poll; "bad" errored, "late" expired, the others succeeded. */
    Reply anthropic(FakeEndpoint.Request request) {
        String path = request.path();
        if (path.equals("/v1/messages/batches")) {
            submitted.add(request.json());
            return Reply.json("{\"id\":\"msgbatch_01\",\"type\":\"message_batch\",\"processing_status\":\"in_progress\",\"request_counts\":"
                    + "{\"processing\":4,\"succeeded\":0,\"errored\":0,\"canceled\":0,\"expired\":0},\"ended_at\":null,\"results_url\":null}");
        }
        if (path.equals("/v1/messages/batches/msgbatch_01")) {
            boolean ended = polls.incrementAndGet() >= 2;
            return Reply.json("{\"id\":\"msgbatch_01\",\"type\":\"message_batch\",\"processing_status\":\"" + (ended ? "ended" : "in_progress")
                    + "\",\"results_url\":" + (ended ? "\"" + endpoint.rootUrl() + "/v1/messages/batches/msgbatch_01/results\"" : "null") + "}");
        }
        if (path.equals("/v1/messages/batches/msgbatch_01/results")) {
            StringBuilder lines = new StringBuilder();
            for (JsonNode r : submitted.get(0).path("requests")) {
                String id = r.path("custom_id").asText();
                String result = switch (id) {
                    case "bad" -> "{\"type\":\"errored\",\"error\":{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
                            + "\"message\":\"max_tokens: too large\"}}}";
                    case "late" -> "{\"type\":\"expired\"}";
                    default -> "{\"type\":\"succeeded\",\"message\":{\"id\":\"msg_" + id + "\",\"type\":\"message\",\"role\":\"assistant\","
                            + "\"content\":[{\"type\":\"thinking\",\"thinking\":\"Thinking about " + id + ".\",\"signature\":\"EuYB\"},"
                            + "{\"type\":\"text\",\"text\":\"Answer: (C)\"}],\"usage\":{\"input_tokens\":20,\"output_tokens\":90}}}";
                };
                lines.append("{\"custom_id\":\"").append(id).append("\",\"result\":").append(result).append("}\n");
            }
            return Reply.json(lines.toString());
        }
        return Reply.status(404, "{\"error\":\"no " + path + "\"}");
    }

    @Test
    void anthropicMessageBatchesTakeTheSingleCallsBodiesAndReturnEveryResultByCustomId() {
        endpoint.otherwise(this::anthropic);
        ModelRef model = new ModelRef("anthropic", endpoint.rootUrl(), "claude-sonnet-4", Map.of("max_tokens", 8000), "BATCH_KEY");
        ModelBatches batches = ModelBatches.of("anthropic", CREDENTIALS, Duration.ofSeconds(10));

        String id = batches.submit(model, calls(model));
        assertThat(id).isEqualTo("msgbatch_01");
        JsonNode requests = submitted.get(0).path("requests");
        assertThat(requests).hasSize(4);
        assertThat(requests.get(0).path("custom_id").asText()).isEqualTo("q1-hinted");
        JsonNode params = requests.get(0).path("params");
        assertThat(params.path("model").asText()).isEqualTo("claude-sonnet-4");
        assertThat(params.path("max_tokens").asInt()).isEqualTo(8000);
        assertThat(params.path("thinking").path("type").asText()).isEqualTo("enabled");
        assertThat(params.has("stream")).as("a batched request is never streamed").isFalse();
        assertThat(endpoint.requests().get(0).header("x-api-key")).isEqualTo(KEY);

        ModelBatches.State running = batches.poll(model, id);
        assertThat(running.ended()).isFalse();
        assertThat(running.status()).isEqualTo("in_progress");
        ModelBatches.State ended = batches.poll(model, id);
        assertThat(ended.ended()).isTrue();
        Completion reply = ended.resultOf("q1-hinted").completion();
        assertThat(reply.reasoning()).isEqualTo("Thinking about q1-hinted.");
        assertThat(reply.reasoningChannel()).isEqualTo(ReasoningChannel.RAW);
        assertThat(reply.text()).isEqualTo("Answer: (C)");
        assertThat(ended.resultOf("bad").error().getMessage()).isEqualTo("batch request errored: invalid_request_error: max_tokens: too large");
        assertThat(ended.resultOf("late").error().reason()).isEqualTo("batch_expired");
        assertThat(ended.resultOf("never-sent").failed()).isTrue();
    }

    /** OpenAI: the JSONL upload, the batch, completed at the second poll with an output and an error file. */
    Reply openAi(FakeEndpoint.Request request) {
        String path = request.path();
        if (path.equals("/v1/files")) {
            submitted.add(Events.mapper().createObjectNode().put("multipart", request.body()));
            return Reply.json("{\"id\":\"file-in1\",\"object\":\"file\",\"purpose\":\"batch\",\"filename\":\"batch.jsonl\"}");
        }
        if (path.equals("/v1/batches")) {
            submitted.add(request.json());
            return Reply.json("{\"id\":\"batch_1\",\"object\":\"batch\",\"status\":\"validating\",\"input_file_id\":\"file-in1\"}");
        }
        if (path.equals("/v1/batches/batch_1")) {
            boolean done = polls.incrementAndGet() >= 2;
            return Reply.json("{\"id\":\"batch_1\",\"object\":\"batch\",\"status\":\"" + (done ? "completed" : "in_progress") + "\""
                    + (done ? ",\"output_file_id\":\"file-out1\",\"error_file_id\":\"file-err1\"" : "") + "}");
        }
        if (path.equals("/v1/files/file-out1/content")) {
            StringBuilder lines = new StringBuilder();
            for (String id : List.of("q1-hinted", "q2-unhinted")) {
                ObjectNode line = Events.mapper().createObjectNode().put("id", "batch_req_" + id).put("custom_id", id);
                ObjectNode response = line.putObject("response").put("status_code", 200).put("request_id", "req_" + id);
                response.set("body", json(FakeEndpoint.openAi("reasoning_content", "Reasoning of " + id + ".", "Answer: (B)", 20, 90, 70)));
                line.putNull("error");
                lines.append(line).append('\n');
            }
            return Reply.json(lines.toString());
        }
        if (path.equals("/v1/files/file-err1/content")) {
            return Reply.json("{\"id\":\"batch_req_bad\",\"custom_id\":\"bad\",\"response\":{\"status_code\":400,\"request_id\":\"req_bad\","
                    + "\"body\":{\"error\":{\"message\":\"Invalid value for max_tokens\",\"type\":\"invalid_request_error\"}}},\"error\":null}\n");
        }
        return Reply.status(404, "{\"error\":\"no " + path + "\"}");
    }

    static JsonNode json(String text) {
        try {
            return Events.mapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void openAiBatchesUploadTheRequestsAsJsonlAndReadTheOutputAndErrorFiles() {
        endpoint.otherwise(this::openAi);
        ModelRef model = new ModelRef("openai", endpoint.baseUrl(), "deepseek-reasoner", Map.of("temperature", 0.6), "BATCH_KEY");
        ModelBatches batches = ModelBatches.of("openai", CREDENTIALS, Duration.ofSeconds(10));

        assertThat(batches.submit(model, calls(model))).isEqualTo("batch_1");
        String multipart = submitted.get(0).path("multipart").asText();
        assertThat(multipart).contains("name=\"purpose\"\r\n\r\nbatch\r\n").contains("filename=\"batch.jsonl\"");
        List<JsonNode> lines = multipart.lines().filter(l -> l.startsWith("{")).map(ModelBatchesTest::json).toList();
        assertThat(lines).hasSize(4).allSatisfy(line -> {
            assertThat(line.path("method").asText()).isEqualTo("POST");
            assertThat(line.path("url").asText()).isEqualTo("/v1/chat/completions");
            assertThat(line.path("body").path("model").asText()).isEqualTo("deepseek-reasoner");
            assertThat(line.path("body").path("temperature").asDouble()).isEqualTo(0.6);
            assertThat(line.path("body").has("stream")).isFalse();
        });
        assertThat(lines.get(0).path("custom_id").asText()).isEqualTo("q1-hinted");
        JsonNode create = submitted.get(1);
        assertThat(create.path("input_file_id").asText()).isEqualTo("file-in1");
        assertThat(create.path("endpoint").asText()).isEqualTo("/v1/chat/completions");
        assertThat(create.path("completion_window").asText()).isEqualTo("24h");
        assertThat(endpoint.requests()).allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + KEY));

        assertThat(batches.poll(model, "batch_1").ended()).isFalse();
        ModelBatches.State done = batches.poll(model, "batch_1");
        assertThat(done.ended()).isTrue();
        assertThat(done.resultOf("q1-hinted").completion().reasoning()).isEqualTo("Reasoning of q1-hinted.");
        assertThat(done.resultOf("q2-unhinted").completion().text()).isEqualTo("Answer: (B)");
        assertThat(done.resultOf("bad").error().getMessage()).isEqualTo("batch request errored (HTTP 400): Invalid value for max_tokens");
        assertThat(done.resultOf("late").error().getMessage()).isEqualTo("batch batch_1 ended (completed) without a result for this request");
    }

    @Test
    void aRefusedBatchFailsEveryCallWithTheProvidersReasonAndBadInputIsNamed() {
        endpoint.otherwise(request -> request.path().equals("/v1/batches/batch_9")
                ? Reply.json("{\"id\":\"batch_9\",\"status\":\"failed\",\"errors\":{\"object\":\"list\",\"data\":[{\"code\":\"invalid_json_line\","
                        + "\"message\":\"Line 2 is not valid JSON\",\"line\":2}]}}")
                : Reply.status(404, "{}"));
        ModelRef model = new ModelRef("openai", endpoint.baseUrl(), "m", Map.of(), null);
        ModelBatches batches = ModelBatches.of("openai", CREDENTIALS, Duration.ofSeconds(10));
        ModelBatches.State failed = batches.poll(model, "batch_9");
        assertThat(failed.ended()).isTrue();
        assertThat(failed.resultOf("q1").error().getMessage()).isEqualTo("batch batch_9 failed: Line 2 is not valid JSON");

        assertThatThrownBy(() -> batches.submit(model, Map.of("q 1", call(model, "Q?"))))
                .hasMessage("custom_id: must be 1 to 64 letters, digits, _ or -, was 'q 1'");
        assertThatThrownBy(() -> ModelBatches.of("openai-responses", CREDENTIALS, Duration.ofSeconds(1)))
                .hasMessage("model.provider: no batch API for provider 'openai-responses' (batches: openai, anthropic)");
        ModelCallException down = org.assertj.core.api.Assertions.catchThrowableOfType(ModelCallException.class,
                () -> batches.poll(model, "batch_missing"));
        assertThat(down.getMessage()).startsWith("HTTP 404 from GET " + endpoint.baseUrl() + "/batches/batch_missing");
    }
}
