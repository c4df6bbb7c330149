package io.faithwatch.modelclients;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.faithwatch.events.Events;
import io.faithwatch.events.ModelRef;

/**
 * The providers' half-price batch APIs, for checkpoints that need not be scored within the hour: Anthropic's Message
 * Batches ({@code POST /v1/messages/batches}, polled, results as JSONL at {@code results_url}) and OpenAI's Batch API
 * (the requests uploaded as a JSONL file with purpose {@code batch}, {@code POST /v1/batches} with a 24-hour window,
 * polled, results and errors as JSONL output and error files). Each request is the body a single call would send
 * (unstreamed), and each result is read by that call's wire format, so a batched reply is read exactly like a single one.
 * Calls are keyed by custom ids of 1 to 64 letters, digits, {@code _} or {@code -} (Anthropic's rule, also valid for
 * OpenAI). A request that failed, expired or was cancelled comes back as an error result, never as a missing one.
 */
public final class ModelBatches {
    /** A call's result: its reply, or why it has none. */
    public record Result(Completion completion, ModelCallException error) {
        public boolean failed() {
            return error != null;
        }
    }

    /**
     * A batch as last polled: the provider's status, whether it has ended, and then the results the provider returned by
     * custom id (empty while it runs) and, when the whole batch was refused, why.
     */
    public record State(String batchId, String status, boolean ended, Map<String, Result> results, String failure) {
        /** The result of a call of this ended batch; an error when the provider returned none for it. */
        public Result resultOf(String customId) {
            Result result = results.get(customId);
            if (result != null) {
                return result;
            }
            String why = failure != null ? "batch " + batchId + " failed: " + failure
                    : "batch " + batchId + " ended (" + status + ") without a result for this request";
            return new Result(null, new ModelCallException(why, "batch_" + status, false, false, null));
        }
    }

    private static final Pattern CUSTOM_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Set<String> OPENAI_ENDED = Set.of("completed", "failed", "expired", "cancelled");

    private final String provider;
    private final WireFormat format;
    private final Credentials credentials;
    private final Duration timeout;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
            .build();

    private ModelBatches(String provider, WireFormat format, Credentials credentials, Duration timeout) {
        this.provider = provider;
        this.format = format;
        this.credentials = credentials;
        this.timeout = timeout;
    }

    /** The batch API of {@code openai} or {@code anthropic}; any other provider has none (an error naming it). */
    public static ModelBatches of(String provider, Credentials credentials, Duration timeout) {
        WireFormat format = switch (provider == null ? "" : provider) {
            case ModelClients.OPENAI -> new OpenAiChatFormat();
            case ModelClients.ANTHROPIC -> new AnthropicMessagesFormat();
            default -> throw new IllegalArgumentException("model.provider: no batch API for provider '" + provider + "' (batches: "
                    + ModelClients.OPENAI + ", " + ModelClients.ANTHROPIC + ")");
        };
        return new ModelBatches(provider, format, credentials, timeout);
    }

    /**
     * Whether a model's calls are to go through the batch API: its parameter {@code batch} is true (never sent). An
     * {@link IllegalArgumentException} naming the parameter when it is neither true nor false.
     */
    public static boolean requested(ModelRef model) {
        return WireFormat.batched(model);
    }

    /** Sends the calls (all of one model) as one batch; returns the provider's batch id, to be kept durably. */
    public String submit(ModelRef model, Map<String, ModelCall> calls) {
        if (calls.isEmpty()) {
            throw new IllegalArgumentException("calls: a batch needs at least one call");
        }
        calls.keySet().forEach(id -> {
            if (!CUSTOM_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("custom_id: must be 1 to 64 letters, digits, _ or -, was '" + id + "'");
            }
        });
        String key = key(model);
        if (provider.equals(ModelClients.ANTHROPIC)) {
            ObjectNode body = Events.mapper().createObjectNode();
            var requests = body.putArray("requests");
            calls.forEach((id, call) -> requests.addObject().put("custom_id", id).set("params", unstreamed(call)));
            return send(post(base(model) + "/v1/messages/batches", body.toString(), "application/json", key), key).path("id").asText();
        }
        StringBuilder lines = new StringBuilder();
        calls.forEach((id, call) -> {
            ObjectNode line = Events.mapper().createObjectNode().put("custom_id", id).put("method", "POST").put("url", "/v1/chat/completions");
            line.set("body", unstreamed(call));
            lines.append(line).append('\n');
        });
        String boundary = "faithwatch-" + UUID.randomUUID();
        String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"batch.jsonl\"\r\nContent-Type: application/jsonl\r\n\r\n" + lines
                + "\r\n--" + boundary + "--\r\n";
        String fileId = send(post(base(model) + "/files", multipart, "multipart/form-data; boundary=" + boundary, key), key).path("id").asText();
        ObjectNode batch = Events.mapper().createObjectNode().put("input_file_id", fileId).put("endpoint", "/v1/chat/completions")
                .put("completion_window", "24h");
        return send(post(base(model) + "/batches", batch.toString(), "application/json", key), key).path("id").asText();
    }

    /** The batch's state; once it has ended, the result of each of its custom ids. */
    public State poll(ModelRef model, String batchId) {
        String key = key(model);
        if (provider.equals(ModelClients.ANTHROPIC)) {
            JsonNode batch = send(get(base(model) + "/v1/messages/batches/" + batchId, key), key);
            String status = batch.path("processing_status").asText();
            if (!status.equals("ended")) {
                return new State(batchId, status, false, Map.of(), null);
            }
            Map<String, Result> results = new LinkedHashMap<>();
            for (JsonNode line : jsonLines(text(get(batch.path("results_url").asText(), key), key))) {
                results.put(line.path("custom_id").asText(), anthropicResult(line.path("result"), model));
            }
            return new State(batchId, status, true, results, null);
        }
        JsonNode batch = send(get(base(model) + "/batches/" + batchId, key), key);
        String status = batch.path("status").asText();
        if (!OPENAI_ENDED.contains(status)) {
            return new State(batchId, status, false, Map.of(), null);
        }
        Map<String, Result> results = new LinkedHashMap<>();
        for (String file : new String[] { batch.path("output_file_id").asText(""), batch.path("error_file_id").asText("") }) {
            if (!file.isEmpty()) {
                for (JsonNode line : jsonLines(text(get(base(model) + "/files/" + file + "/content", key), key))) {
                    results.put(line.path("custom_id").asText(), openAiResult(line, model));
                }
            }
        }
        // A refused batch (its file did not validate) returns no result at all: every call fails with the provider's reasons.
        StringBuilder why = new StringBuilder();
        batch.path("errors").path("data").forEach(e -> why.append(why.isEmpty() ? "" : "; ").append(e.path("message").asText()));
        return new State(batchId, status, true, results, status.equals("failed") ? why.toString() : null);
    }

    private Result anthropicResult(JsonNode result, ModelRef model) {
        String type = result.path("type").asText();
        if (type.equals("succeeded")) {
            return read(result.path("message"), model);
        }
        JsonNode error = result.path("error").path("error");
        String message = type.equals("errored") ? error.path("type").asText() + ": " + error.path("message").asText() : "request " + type;
        return new Result(null, new ModelCallException("batch request " + type + ": " + message, "batch_" + type, false, false, null));
    }

    private Result openAiResult(JsonNode line, ModelRef model) {
        JsonNode response = line.path("response");
        if (line.path("error").isObject() || response.path("status_code").asInt(0) != 200) {
            JsonNode error = line.path("error").isObject() ? line.path("error") : response.path("body").path("error");
            return new Result(null, new ModelCallException("batch request errored (HTTP " + response.path("status_code").asText("-") + "): "
                    + error.path("message").asText(error.toString()), "batch_errored", false, false, null));
        }
        return read(response.path("body"), model);
    }

    /** A batched reply read as the single call's would be, the model's reasoning settings included. */
    private Result read(JsonNode reply, ModelRef model) {
        try {
            Completion completion = format.reply(reply, 0);
            return new Result(WireFormat.prompted(model) ? completion.asPrompted() : completion.declaredAs(WireFormat.declaredChannel(model)), null);
        } catch (ModelCallException e) {
            return new Result(null, e);
        }
    }

    private ObjectNode unstreamed(ModelCall call) {
        ObjectNode body = format.body(call, false);
        body.remove(WireFormat.STREAM);
        body.remove("stream_options");
        return body;
    }

    private String key(ModelRef model) {
        String name = model.credentialName();
        if (name == null || name.isBlank()) {
            return null;
        }
        return credentials.secret(name).orElseThrow(() -> new ModelCallException("credential '" + name
                + "' is not configured (no environment variable or configuration property of that name)", "credentials", false, false, null));
    }

    private String base(ModelRef model) {
        String base = model.baseUrl() == null || model.baseUrl().isBlank() ? format.defaultBaseUrl() : model.baseUrl();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    private HttpRequest post(String uri, String body, String contentType, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).timeout(timeout).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        format.headers(key).forEach(request::header);
        return request.build();
    }

    private HttpRequest get(String uri, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).timeout(timeout).GET();
        format.headers(key).forEach(request::header);
        return request.build();
    }

    private JsonNode send(HttpRequest request, String key) {
        String body = text(request, key);
        try {
            JsonNode json = Events.mapper().readTree(body);
            if (json != null && json.isObject()) {
                return json;
            }
        } catch (JsonProcessingException e) {
            // named below
        }
        throw new ModelCallException(request.method() + " " + request.uri() + ": not a JSON object: " + scrub(body, key), "bad_response", false,
                false, null);
    }

    private String text(HttpRequest request, String key) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ModelCallException(request.method() + " " + request.uri() + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(),
                    "connection", true, true, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelCallException(request.method() + " " + request.uri() + ": interrupted", "interrupted", true, false, null);
        }
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            boolean retryable = status == 429 || status == 408 || status >= 500;
            throw new ModelCallException("HTTP " + status + " from " + request.method() + " " + request.uri() + ": " + scrub(response.body(), key),
                    status == 429 ? "http_429" : status >= 500 ? "http_5xx" : "http_4xx", retryable, status >= 500, null);
        }
        return response.body();
    }

    private static Iterable<JsonNode> jsonLines(String text) {
        java.util.List<JsonNode> lines = new java.util.ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                try {
                    lines.add(Events.mapper().readTree(line));
                } catch (JsonProcessingException e) {
                    throw new ModelCallException("batch results: a line is not JSON: " + line, "bad_response", false, false, null);
                }
            }
        }
        return lines;
    }

    private static String scrub(String body, String key) {
        String text = body == null ? "" : body.length() > 500 ? body.substring(0, 500) + "..." : body;
        return key == null || key.isEmpty() ? text : text.replace(key, "***");
    }
}
