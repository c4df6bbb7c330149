package io.faithwatch.modelclients;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.faithwatch.events.Events;
import io.faithwatch.modelclients.FakeEndpoint.Reply;
import io.faithwatch.modelclients.FakeEndpoint.Request;

/**
 * A stateful fake of the providers' documented batch APIs, served by a {@link FakeEndpoint}, for tests in which a
 * service submits batches, is killed, restarts and polls the same batches again.
 *
 * <ul>
 * <li>Anthropic Message Batches: {@code POST /v1/messages/batches}, {@code GET /v1/messages/batches/{id}} and its
 * {@code results_url} ({@code .../results}, JSONL of {@code succeeded} results).</li>
 * <li>OpenAI Batch API: {@code POST /v1/files} (multipart, purpose {@code batch}, a JSONL file of
 * {@code /v1/chat/completions} requests), {@code POST /v1/batches}, {@code GET /v1/batches/{id}} and
 * {@code GET /v1/files/{output_file_id}/content}.</li>
 * </ul>
 *
 * Batches stay in progress until {@link #release()}; each request is then answered once by the {@link Answer} (given the
 * body a single unstreamed call would send) and the results are kept, so every read returns the same text. It checks the
 * key ({@code x-api-key} with {@code anthropic-version}; {@code Authorization: Bearer}, 401 otherwise), the shape of what
 * is submitted (400, with the vendor's error body) and the ids asked for (404). {@link Request} carries no HTTP method, so
 * a request with a body is taken as the POST and one without as the GET. Other paths go to the caller's fallback, so the
 * same endpoint can answer single calls. Thread-safe.
 */
public final class FakeBatchApi {
    /** The reply of one single call, in its provider's format (an Anthropic Messages response or an OpenAI chat.completion). */
    @FunctionalInterface
    public interface Answer {
        String reply(String provider, JsonNode body);
    }

    private static final String ANTHROPIC = "anthropic";
    private static final String OPENAI = "openai";
    private static final Pattern ANTHROPIC_BATCH = Pattern.compile("/v1/messages/batches/([^/]+)(/results)?");
    private static final Pattern OPENAI_BATCH = Pattern.compile("/v1/batches/([^/]+)");
    private static final Pattern FILE_CONTENT = Pattern.compile("/v1/files/([^/]+)/content");
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
    private static final Pattern PART_NAME = Pattern.compile("(?:^|;)\\s*name=\"([^\"]*)\"", Pattern.MULTILINE);

    /** One submitted batch; its results are the JSONL text, written once at release. */
    private static final class Batch {
        final String id;
        final String provider;
        final String inputFileId;
        final Map<String, JsonNode> bodies;
        final Instant createdAt = Instant.now();
        String results;
        String outputFileId;
        Instant endedAt;

        Batch(String id, String provider, String inputFileId, Map<String, JsonNode> bodies) {
            this.id = id;
            this.provider = provider;
            this.inputFileId = inputFileId;
            this.bodies = bodies;
        }
    }

    private final FakeEndpoint endpoint;
    private final String key;
    private final Answer answer;
    private final Function<Request, Reply> otherwise;
    private final Map<String, Batch> batches = new LinkedHashMap<>();
    /** Uploaded input files by id: custom id to the body of each line. */
    private final Map<String, Map<String, JsonNode>> inputFiles = new LinkedHashMap<>();
    /** Output files by id: the batch whose results they hold. */
    private final Map<String, Batch> outputFiles = new LinkedHashMap<>();
    /** Serializes releases, so that no request is answered twice; polls are not held up by it. */
    private final Object releasing = new Object();
    private int lastId;
    private int polls;

    /** Answers batch paths when the key is {@code key}; every other path goes to {@code otherwise}. */
    public FakeBatchApi(FakeEndpoint endpoint, String key, Answer answer, Function<Request, Reply> otherwise) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.key = Objects.requireNonNull(key, "key");
        this.answer = Objects.requireNonNull(answer, "answer");
        this.otherwise = Objects.requireNonNull(otherwise, "otherwise");
    }

    /** Makes this the endpoint's fallback (queued replies still come first). */
    public FakeBatchApi install() {
        endpoint.otherwise(this::handle);
        return this;
    }

    public Reply handle(Request request) {
        String path = request.path();
        if (path.startsWith("/v1/messages/batches")) {
            Reply refused = anthropicRefusal(request);
            return refused != null ? refused : anthropic(request, path);
        }
        if (path.startsWith("/v1/batches") || path.startsWith("/v1/files")) {
            Reply refused = openAiRefusal(request);
            return refused != null ? refused : openAi(request, path);
        }
        return otherwise.apply(request);
    }

    /** Ends every batch created so far, answering each of its requests once. */
    public void release() {
        synchronized (releasing) {
            answerRunning();
        }
    }

    private void answerRunning() {
        List<Batch> running;
        synchronized (this) {
            running = batches.values().stream().filter(b -> b.results == null).toList();
        }
        // Answered outside the lock: an answer may be slow, and polls meanwhile still see the batch in progress.
        for (Batch batch : running) {
            StringBuilder lines = new StringBuilder();
            int n = 0;
            for (Map.Entry<String, JsonNode> request : batch.bodies.entrySet()) {
                JsonNode reply = parse(answer.reply(batch.provider, request.getValue().deepCopy()));
                ObjectNode line = Events.mapper().createObjectNode();
                if (batch.provider.equals(ANTHROPIC)) {
                    line.put("custom_id", request.getKey()).putObject("result").put("type", "succeeded").set("message", reply);
                } else {
                    n++;
                    line.put("id", "batch_req_" + batch.id + "_" + n).put("custom_id", request.getKey());
                    line.putObject("response").put("status_code", 200).put("request_id", "req_" + batch.id + "_" + n).set("body", reply);
                    line.putNull("error");
                }
                lines.append(line).append('\n');
            }
            synchronized (this) {
                batch.results = lines.toString();
                batch.endedAt = Instant.now();
                if (batch.provider.equals(OPENAI)) {
                    batch.outputFileId = "file-" + ++lastId;
                    outputFiles.put(batch.outputFileId, batch);
                }
            }
        }
    }

    /** Batches created per provider ({@code anthropic}, {@code openai}). */
    public synchronized Map<String, Integer> created() {
        Map<String, Integer> created = new LinkedHashMap<>(Map.of(ANTHROPIC, 0, OPENAI, 0));
        batches.values().forEach(b -> created.merge(b.provider, 1, Integer::sum));
        return created;
    }

    /** The ids of the batches created, oldest first. */
    public synchronized List<String> batchIds() {
        return List.copyOf(batches.keySet());
    }

    /** The custom ids of a batch, in the order submitted. */
    public synchronized List<String> customIds(String batchId) {
        Batch batch = batches.get(batchId);
        if (batch == null) {
            throw new IllegalArgumentException("no batch " + batchId + " (created: " + batches.keySet() + ")");
        }
        return List.copyOf(batch.bodies.keySet());
    }

    /** Status requests answered for known batches, both providers. */
    public synchronized int polls() {
        return polls;
    }

    // --- Anthropic ---

    private Reply anthropicRefusal(Request request) {
        if (!key.equals(request.header("x-api-key"))) {
            return anthropicError(401, "authentication_error", "invalid x-api-key");
        }
        if (request.header("anthropic-version") == null) {
            return anthropicError(400, "invalid_request_error", "anthropic-version: header is required");
        }
        return null;
    }

    private synchronized Reply anthropic(Request request, String path) {
        if (path.equals("/v1/messages/batches")) {
            if (request.body().isEmpty()) {
                return anthropicError(400, "invalid_request_error", "requests: field required");
            }
            JsonNode requests = json(request).path("requests");
            if (!requests.isArray() || requests.isEmpty()) {
                return anthropicError(400, "invalid_request_error", "requests: a non-empty array is required");
            }
            Map<String, JsonNode> bodies = new LinkedHashMap<>();
            for (JsonNode r : requests) {
                String why = invalid(r.path("custom_id"), r.path("params"), bodies, "model", "max_tokens", "messages");
                if (why != null) {
                    return anthropicError(400, "invalid_request_error", why);
                }
                bodies.put(r.path("custom_id").asText(), r.path("params"));
            }
            Batch batch = new Batch("msgbatch_" + ++lastId, ANTHROPIC, null, bodies);
            batches.put(batch.id, batch);
            return Reply.json(anthropicBatch(batch).toString());
        }
        Matcher m = ANTHROPIC_BATCH.matcher(path);
        Batch batch = m.matches() ? batches.get(m.group(1)) : null;
        if (batch == null || !batch.provider.equals(ANTHROPIC)) {
            return anthropicError(404, "not_found_error", "no message batch at " + path);
        }
        if (m.group(2) == null) {
            polls++;
            return Reply.json(anthropicBatch(batch).toString());
        }
        if (batch.results == null) {
            return anthropicError(400, "invalid_request_error", "batch " + batch.id + " has not ended: no results yet");
        }
        return jsonl(batch.results);
    }

    private ObjectNode anthropicBatch(Batch batch) {
        boolean ended = batch.results != null;
        ObjectNode json = Events.mapper().createObjectNode().put("id", batch.id).put("type", "message_batch")
                .put("processing_status", ended ? "ended" : "in_progress");
        json.putObject("request_counts").put("processing", ended ? 0 : batch.bodies.size()).put("succeeded", ended ? batch.bodies.size() : 0)
                .put("errored", 0).put("canceled", 0).put("expired", 0);
        json.put("ended_at", ended ? batch.endedAt.toString() : null).put("created_at", batch.createdAt.toString())
                .put("expires_at", batch.createdAt.plus(Duration.ofHours(24)).toString()).putNull("archived_at").putNull("cancel_initiated_at");
        json.put("results_url", ended ? endpoint.rootUrl() + "/v1/messages/batches/" + batch.id + "/results" : null);
        return json;
    }

    private static Reply anthropicError(int status, String type, String message) {
        ObjectNode json = Events.mapper().createObjectNode().put("type", "error");
        json.putObject("error").put("type", type).put("message", message);
        return new Reply(status, Map.of("Content-Type", "application/json"), json.toString(), Duration.ZERO);
    }

    // --- OpenAI ---

    private Reply openAiRefusal(Request request) {
        // The key is never echoed back: the client scrubs it, but a fake that leaks it would hide a client that does not.
        if (!("Bearer " + key).equals(request.header("Authorization"))) {
            return openAiError(401, "Incorrect API key provided.", "invalid_api_key");
        }
        return null;
    }

    private synchronized Reply openAi(Request request, String path) {
        if (path.equals("/v1/files")) {
            return upload(request);
        }
        if (path.equals("/v1/batches")) {
            if (request.body().isEmpty()) {
                return openAiError(400, "input_file_id: field required", null);
            }
            JsonNode create = json(request);
            Map<String, JsonNode> bodies = inputFiles.get(create.path("input_file_id").asText());
            if (bodies == null) {
                return openAiError(400, "Invalid input_file_id: '" + create.path("input_file_id").asText() + "'", null);
            }
            if (!create.path("endpoint").asText().equals("/v1/chat/completions") || !create.path("completion_window").asText().equals("24h")) {
                return openAiError(400, "endpoint must be /v1/chat/completions and completion_window 24h, was " + create, null);
            }
            Batch batch = new Batch("batch_" + ++lastId, OPENAI, create.path("input_file_id").asText(), bodies);
            batches.put(batch.id, batch);
            // Created batches are validating, as OpenAI answers; every later poll sees them in progress until released.
            return Reply.json(openAiBatch(batch, "validating").toString());
        }
        Matcher m = OPENAI_BATCH.matcher(path);
        if (m.matches()) {
            Batch batch = batches.get(m.group(1));
            if (batch == null || !batch.provider.equals(OPENAI)) {
                return openAiError(404, "No batch found with id '" + m.group(1) + "'.", null);
            }
            polls++;
            return Reply.json(openAiBatch(batch, batch.results != null ? "completed" : "in_progress").toString());
        }
        m = FILE_CONTENT.matcher(path);
        Batch batch = m.matches() ? outputFiles.get(m.group(1)) : null;
        if (batch == null) {
            return openAiError(404, "No such File object: " + path, null);
        }
        return jsonl(batch.results);
    }

    /** A multipart upload: the part named {@code purpose} must say {@code batch}, the part named {@code file} is the JSONL. */
    private Reply upload(Request request) {
        Map<String, String> parts = multipart(request);
        if (parts == null || !"batch".equals(parts.get("purpose")) || !parts.containsKey("file")) {
            return openAiError(400, "a multipart/form-data body with purpose 'batch' and a file part is required", null);
        }
        Map<String, JsonNode> bodies = new LinkedHashMap<>();
        int n = 0;
        for (String text : parts.get("file").split("\n")) {
            n++;
            if (text.isBlank()) {
                continue;
            }
            JsonNode line;
            try {
                line = Events.mapper().readTree(text);
            } catch (IOException e) {
                return openAiError(400, "Line " + n + " is not valid JSON", "invalid_json_line");
            }
            if (!line.path("method").asText().equals("POST") || !line.path("url").asText().equals("/v1/chat/completions")) {
                return openAiError(400, "Line " + n + ": method must be POST and url /v1/chat/completions", "invalid_request");
            }
            String why = invalid(line.path("custom_id"), line.path("body"), bodies, "model", "messages");
            if (why != null) {
                return openAiError(400, "Line " + n + ": " + why, "invalid_request");
            }
            bodies.put(line.path("custom_id").asText(), line.path("body"));
        }
        if (bodies.isEmpty()) {
            return openAiError(400, "the batch file has no requests", "empty_file");
        }
        String id = "file-" + ++lastId;
        inputFiles.put(id, bodies);
        ObjectNode file = Events.mapper().createObjectNode().put("id", id).put("object", "file").put("bytes", parts.get("file").length())
                .put("created_at", Instant.now().getEpochSecond()).put("filename", "batch.jsonl").put("purpose", "batch");
        return Reply.json(file.toString());
    }

    private ObjectNode openAiBatch(Batch batch, String status) {
        boolean ended = batch.results != null;
        ObjectNode json = Events.mapper().createObjectNode().put("id", batch.id).put("object", "batch").put("endpoint", "/v1/chat/completions")
                .putNull("errors").put("input_file_id", batch.inputFileId).put("completion_window", "24h").put("status", status)
                .put("output_file_id", batch.outputFileId).putNull("error_file_id").put("created_at", batch.createdAt.getEpochSecond())
                .put("expires_at", batch.createdAt.plus(Duration.ofHours(24)).getEpochSecond());
        json.put("completed_at", ended ? batch.endedAt.getEpochSecond() : null);
        json.putObject("request_counts").put("total", batch.bodies.size()).put("completed", ended ? batch.bodies.size() : 0).put("failed", 0);
        json.putNull("metadata");
        return json;
    }

    private static Reply openAiError(int status, String message, String code) {
        ObjectNode json = Events.mapper().createObjectNode();
        json.putObject("error").put("message", message).put("type", "invalid_request_error").putNull("param").put("code", code);
        return new Reply(status, Map.of("Content-Type", "application/json"), json.toString(), Duration.ZERO);
    }

    /** The parts of a multipart/form-data body by name; null when it is not one. */
    private static Map<String, String> multipart(Request request) {
        String type = request.header("Content-Type");
        Matcher boundary = type == null || !type.startsWith("multipart/form-data") ? null : BOUNDARY.matcher(type);
        if (boundary == null || !boundary.find()) {
            return null;
        }
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : request.body().split(Pattern.quote("--" + boundary.group(1)))) {
            int headersEnd = part.indexOf("\r\n\r\n");
            if (headersEnd < 0) {
                continue; // the preamble, or the "--" closing the body
            }
            Matcher name = PART_NAME.matcher(part.substring(0, headersEnd));
            if (name.find()) {
                String content = part.substring(headersEnd + 4);
                // The CRLF before the next boundary belongs to the boundary, not to the content.
                parts.put(name.group(1), content.endsWith("\r\n") ? content.substring(0, content.length() - 2) : content);
            }
        }
        return parts;
    }

    // --- both ---

    /** Why a request is refused (a bad or repeated custom id, a body without a required field), or null. */
    private static String invalid(JsonNode customId, JsonNode body, Map<String, JsonNode> seen, String... required) {
        if (!customId.isTextual() || !customId.asText().matches("[A-Za-z0-9_-]{1,64}")) {
            return "custom_id: must be 1 to 64 letters, digits, _ or -, was " + customId;
        }
        if (seen.containsKey(customId.asText())) {
            return "custom_id: '" + customId.asText() + "' is used twice in the batch";
        }
        if (!body.isObject()) {
            return customId.asText() + ": the request body must be an object";
        }
        for (String field : required) {
            if (!body.has(field)) {
                return customId.asText() + ": " + field + ": field required";
            }
        }
        if (body.path("stream").asBoolean(false)) {
            return customId.asText() + ": stream: batched requests cannot be streamed";
        }
        return null;
    }

    private static Reply jsonl(String lines) {
        return new Reply(200, Map.of("Content-Type", "application/x-jsonlines"), lines, Duration.ZERO);
    }

    private static JsonNode json(Request request) {
        try {
            return request.json();
        } catch (IllegalStateException notJson) {
            return Events.mapper().createObjectNode();
        }
    }

    private static JsonNode parse(String reply) {
        try {
            JsonNode json = Events.mapper().readTree(reply);
            if (json != null && json.isObject()) {
                return json;
            }
        } catch (IOException e) {
            // named below
        }
        throw new IllegalArgumentException("the answer must be a reply JSON object, was: " + reply);
    }
}
