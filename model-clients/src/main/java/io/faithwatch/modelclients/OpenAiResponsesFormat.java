package io.faithwatch.modelclients;

import io.faithwatch.events.ReasoningChannel;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.faithwatch.events.ChatMessage;
import io.faithwatch.events.ChatRole;
import io.faithwatch.events.Events;
import io.faithwatch.events.TokenUsage;

/**
 * OpenAI's Responses API ({@code POST {baseUrl}/responses}), the only way OpenAI's reasoning models show anything of
 * their reasoning: a summary. System messages become {@code instructions}, the others {@code input} items
 * ({@code role}, {@code content}); the request asks for {@code reasoning: {summary: "auto"}} and {@code store: false}.
 * Parameters are sent as they are, except {@code max_tokens} (sent as {@code max_output_tokens}),
 * {@code reasoning_effort} and {@code reasoning_summary} (flat forms of {@code reasoning.effort} and
 * {@code reasoning.summary}, which the CLI's {@code --param} can give) and a {@code reasoning} object, merged over the
 * default.
 *
 * <p>The reasoning is the {@code summary[].text} of the {@code output} items of type {@code reasoning}, a summary
 * ({@link ReasoningChannel#SUMMARY}); the answer is the {@code output_text} (and {@code refusal}) parts of the
 * {@code message} items. Reasoning that came without a summary (an {@code encrypted_content}, or reasoning tokens
 * counted) is {@link ReasoningChannel#REDACTED}. Usage: {@code input_tokens}, {@code output_tokens},
 * {@code output_tokens_details.reasoning_tokens}. A response whose {@code status} is {@code failed} fails the call with
 * its {@code error}; an {@code incomplete} one is read as far as it goes, like a chat completion cut by its length.
 *
 * <p>Streamed (the default): named events whose data carries the same {@code type}: {@code response.created},
 * {@code response.output_item.added}, {@code response.reasoning_summary_text.delta},
 * {@code response.output_text.delta}, {@code response.output_item.done}... and last {@code response.completed} (or
 * {@code response.incomplete}, or {@code response.failed}) with the whole response, usage included, which is read as an
 * unstreamed body; the items rebuilt from the deltas stand in for its {@code output} if it has none. An {@code error}
 * event or a failed response is retried when it says the server failed or is overloaded (or rate limited), not when
 * the request was invalid.
 */
final class OpenAiResponsesFormat implements WireFormat {
    private static final String SUMMARY = "auto";

    @Override
    public String defaultBaseUrl() {
        return "https://api.openai.com/v1";
    }

    @Override
    public URI uri(String baseUrl) {
        return URI.create(baseUrl + "/responses");
    }

    @Override
    public Map<String, String> headers(String key) {
        return key == null ? Map.of() : Map.of("Authorization", "Bearer " + key);
    }

    @Override
    public ObjectNode body(ModelCall call, boolean stream) {
        ObjectNode body = Events.mapper().createObjectNode();
        body.put("model", call.model().model());
        String instructions = call.messages().stream().filter(m -> m.role() == ChatRole.SYSTEM).map(ChatMessage::content)
                .collect(Collectors.joining("\n\n"));
        if (!instructions.isEmpty()) {
            body.put("instructions", instructions);
        }
        ArrayNode input = body.putArray("input");
        call.messages().stream().filter(m -> m.role() != ChatRole.SYSTEM)
                .forEach(m -> input.addObject().put("role", m.role().wireName()).put("content", m.content()));
        // A model without reasoning (reasoning_mode=prompted: gpt-4o, say) refuses reasoning settings unless asked for them.
        boolean prompted = WireFormat.prompted(call.model());
        ObjectNode reasoning = prompted ? Events.mapper().createObjectNode() : body.putObject("reasoning").put("summary", SUMMARY);
        // Nothing of an evaluation needs to be kept on OpenAI's side.
        body.put("store", false);
        call.model().parameters().forEach((name, value) -> {
            JsonNode json = Events.mapper().valueToTree(value);
            switch (name) {
                case "max_tokens" -> body.set("max_output_tokens", json);
                case "reasoning_effort" -> reasoning.set("effort", json);
                case "reasoning_summary" -> reasoning.set("summary", json);
                case "reasoning" -> {
                    if (json.isObject()) {
                        reasoning.setAll((ObjectNode) json);
                    } else {
                        body.set(name, json);
                    }
                }
                default -> {
                    if (WireFormat.sentAsIs(name)) {
                        body.set(name, json);
                    }
                }
            }
        });
        if (prompted && !reasoning.isEmpty()) {
            body.set("reasoning", reasoning);
        }
        if (stream) {
            body.put(STREAM, true);
        }
        return body;
    }

    @Override
    public StreamReader streamReader() {
        return new EventReader();
    }

    @Override
    public Completion reply(JsonNode body, long latencyMs) {
        if (body.path("status").asText().equals("failed")) {
            throw failure("response failed", body.path("error"), "response_failed");
        }
        JsonNode output = body.get("output");
        if (output == null || !output.isArray()) {
            throw WireFormat.missing("output array");
        }
        StringBuilder summary = new StringBuilder();
        StringBuilder text = new StringBuilder();
        boolean encrypted = false;
        for (JsonNode item : output) {
            switch (item.path("type").asText()) {
                case "reasoning" -> {
                    for (JsonNode part : item.path("summary")) {
                        String piece = part.path("text").asText("");
                        if (!piece.isBlank()) {
                            summary.append(summary.isEmpty() ? "" : "\n\n").append(piece);
                        }
                    }
                    encrypted |= item.path("encrypted_content").isTextual() && !item.path("encrypted_content").asText().isEmpty();
                }
                case "message" -> {
                    for (JsonNode part : item.path("content")) {
                        switch (part.path("type").asText()) {
                            case "output_text" -> text.append(part.path("text").asText(""));
                            case "refusal" -> text.append(part.path("refusal").asText(""));
                            default -> {
                                // other parts carry no answer
                            }
                        }
                    }
                }
                default -> {
                    // tool calls and other items carry no reasoning and no answer
                }
            }
        }
        JsonNode usage = body.path("usage");
        TokenUsage tokens = new TokenUsage(usage.path("input_tokens").asInt(0), usage.path("output_tokens").asInt(0),
                usage.path("output_tokens_details").path("reasoning_tokens").asInt(0));
        String reasoning = summary.toString().strip();
        ReasoningChannel channel = Completion.channelOf(reasoning, encrypted || tokens.reasoning() > 0, ReasoningChannel.SUMMARY);
        return new Completion(reasoning, false, text.toString().strip(), tokens, latencyMs, channel);
    }

    /**
     * A failure the server reported, retried when its code says the server failed, is overloaded or rate limited (a
     * 5xx, 429 or 408 when the code is a status); an invalid request is not.
     */
    static ModelCallException failure(String what, JsonNode error, String reason) {
        JsonNode code = error.get("code");
        int status = code != null && code.isNumber() ? code.asInt() : 0;
        String label = code != null && code.isTextual() ? code.asText() : error.path("type").asText("");
        String lower = label.toLowerCase(Locale.ROOT);
        boolean rateLimited = status == 429 || lower.contains("rate_limit");
        boolean down = status >= 500 || status == 408 || lower.contains("server_error") || lower.contains("overloaded") || lower.equals("api_error")
                || lower.contains("unavailable") || lower.contains("timeout");
        return new ModelCallException(what + (label.isEmpty() ? "" : " " + label) + (status == 0 ? "" : " (" + status + ")") + ": "
                + error.path("message").asText("(no message)"), reason, rateLimited || down, down, null);
    }

    /** Keeps the items the events build and the response of the last event. */
    private static final class EventReader implements StreamReader {
        private final SortedMap<Integer, ObjectNode> items = new TreeMap<>();
        private JsonNode response;

        @Override
        public boolean event(ServerSentEvents.Event event) {
            JsonNode json = WireFormat.json(event);
            String type = json.path("type").asText(event.name());
            switch (type) {
                case "response.output_item.added", "response.output_item.done" -> items.put(json.path("output_index").asInt(), item(json, type));
                case "response.reasoning_summary_text.delta" ->
                    append(part(json, "summary", "summary_index", "summary_text"), json.path("delta").asText(""));
                case "response.output_text.delta" -> append(part(json, "content", "content_index", "output_text"), json.path("delta").asText(""));
                case "response.completed", "response.incomplete", "response.failed" -> {
                    JsonNode last = json.get("response");
                    if (last == null || !last.isObject()) {
                        throw WireFormat.missing("response in " + type);
                    }
                    // A failed response is read like an unstreamed one, which fails the call with its error.
                    response = last;
                    return true;
                }
                case "error" -> throw failure("error event", json.path("error").isObject() ? json.get("error") : json, "stream_error");
                default -> {
                    // response.created, in_progress, the part and .done events: the deltas and items already carry their text
                }
            }
            return false;
        }

        private static ObjectNode item(JsonNode json, String type) {
            JsonNode item = json.get("item");
            if (item == null || !item.isObject()) {
                throw WireFormat.missing("item in " + type + " " + json.path("output_index"));
            }
            return (ObjectNode) item.deepCopy();
        }

        /** The part a delta extends, created empty when the event that adds it was not sent. */
        private ObjectNode part(JsonNode json, String field, String indexField, String partType) {
            ObjectNode item = items.get(json.path("output_index").asInt());
            if (item == null) {
                throw new ModelCallException(json.path("type").asText() + " for output " + json.path("output_index")
                        + ", which no response.output_item.added opened", "bad_response", false, false, null);
            }
            ArrayNode parts = item.path(field).isArray() ? (ArrayNode) item.get(field) : item.putArray(field);
            int index = json.path(indexField).asInt();
            while (parts.size() <= index) {
                parts.addObject().put("type", partType).put("text", "");
            }
            return (ObjectNode) parts.get(index);
        }

        private static void append(ObjectNode part, String delta) {
            part.put("text", part.path("text").asText("") + delta);
        }

        @Override
        public JsonNode body() {
            ObjectNode body = response == null ? Events.mapper().createObjectNode() : (ObjectNode) response.deepCopy();
            if ((!body.path("output").isArray() || body.path("output").isEmpty()) && !items.isEmpty()) {
                ArrayNode output = body.putArray("output");
                items.values().forEach(output::add);
            }
            return body;
        }

        @Override
        public String lastEvent() {
            return "response.completed";
        }
    }
}
