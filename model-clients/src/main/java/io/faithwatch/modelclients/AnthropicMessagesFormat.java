package io.faithwatch.modelclients;

import io.faithwatch.events.ReasoningChannel;
import java.net.URI;
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
 * Anthropic Messages with extended thinking ({@code POST {baseUrl}/v1/messages}). Parameters: {@code max_tokens}
 * (default 16000) and {@code budget_tokens} (the thinking budget, default 10000); the others (temperature...) are sent
 * as they are. System messages become the {@code system} field; a prefilled assistant turn stays an assistant turn.
 *
 * <p>The reasoning is the text of the {@code thinking} blocks, labelled raw (the model parameter
 * {@code reasoning_channel=summary} labels it a summary, as Claude 4 models summarize their thinking); a
 * {@code redacted_thinking} block marks the reasoning as redacted (its content is encrypted, so it is not text we could
 * judge), and a reply whose only thinking is redacted or empty has the channel redacted. The API reports no separate
 * count of thinking tokens: reasoning tokens are 0, not an estimate; they are part of {@code output_tokens}.
 *
 * <p>Streamed ({@code "stream": true}, the default): {@code message_start} (input usage), then per block
 * {@code content_block_start}, {@code content_block_delta} ({@code thinking_delta}, {@code signature_delta},
 * {@code text_delta}) and {@code content_block_stop}, then {@code message_delta} (output usage) and
 * {@code message_stop}; {@code ping} any time. The blocks are rebuilt into the message above and read the same way. An
 * {@code error} event fails the call with the server's message: {@code overloaded_error} and {@code api_error} are
 * retried like a 529 or 5xx, {@code rate_limit_error} like a 429, the others are not.
 */
final class AnthropicMessagesFormat implements WireFormat {
    static final String VERSION = "2023-06-01";
    private static final int MAX_TOKENS = 16_000;
    private static final int BUDGET_TOKENS = 10_000;
    private static final int PROMPTED_MAX_TOKENS = 8192;

    @Override
    public String defaultBaseUrl() {
        return "https://api.anthropic.com";
    }

    @Override
    public URI uri(String baseUrl) {
        return URI.create(baseUrl + "/v1/messages");
    }

    @Override
    public Map<String, String> headers(String key) {
        return key == null ? Map.of("anthropic-version", VERSION) : Map.of("anthropic-version", VERSION, "x-api-key", key);
    }

    @Override
    public ObjectNode body(ModelCall call, boolean stream) {
        Map<String, Object> parameters = call.model().parameters();
        ObjectNode body = Events.mapper().createObjectNode();
        body.put("model", call.model().model());
        if (WireFormat.prompted(call.model())) {
            // A model without extended thinking (Claude 3.5 Sonnet, the paper's baseline) refuses a thinking block, and its
            // output is bounded at 8192 tokens.
            body.set("max_tokens", Events.mapper().valueToTree(parameters.getOrDefault("max_tokens", PROMPTED_MAX_TOKENS)));
        } else {
            body.set("max_tokens", Events.mapper().valueToTree(parameters.getOrDefault("max_tokens", MAX_TOKENS)));
            body.putObject("thinking").put("type", "enabled")
                    .set("budget_tokens", Events.mapper().valueToTree(parameters.getOrDefault("budget_tokens", BUDGET_TOKENS)));
        }
        String system = call.messages().stream().filter(m -> m.role() == ChatRole.SYSTEM).map(ChatMessage::content)
                .collect(Collectors.joining("\n\n"));
        if (!system.isEmpty()) {
            body.put("system", system);
        }
        ArrayNode messages = body.putArray("messages");
        call.messages().stream().filter(m -> m.role() != ChatRole.SYSTEM)
                .forEach(m -> messages.addObject().put("role", m.role().wireName()).put("content", m.content()));
        parameters.forEach((name, value) -> {
            if (!name.equals("max_tokens") && !name.equals("budget_tokens") && WireFormat.sentAsIs(name)) {
                body.set(name, Events.mapper().valueToTree(value));
            }
        });
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
        JsonNode content = body.get("content");
        if (content == null || !content.isArray()) {
            throw WireFormat.missing("content array");
        }
        StringBuilder reasoning = new StringBuilder();
        StringBuilder text = new StringBuilder();
        boolean redacted = false;
        boolean thought = false;
        for (JsonNode block : content) {
            switch (block.path("type").asText()) {
                case "thinking" -> {
                    thought = true;
                    append(reasoning, block.path("thinking").asText(""));
                }
                case "redacted_thinking" -> redacted = true;
                case "text" -> append(text, block.path("text").asText(""));
                default -> {
                    // tool use and other blocks carry no reasoning and no answer
                }
            }
        }
        JsonNode usage = body.path("usage");
        TokenUsage tokens = new TokenUsage(usage.path("input_tokens").asInt(0), usage.path("output_tokens").asInt(0), 0);
        // A thinking block with no text (only its signature) is reasoning that came back unreadable, like a redacted one.
        String read = reasoning.toString().strip();
        return new Completion(read, redacted, text.toString().strip(), tokens, latencyMs, Completion.channelOf(read, redacted || thought,
                ReasoningChannel.RAW));
    }

    private static void append(StringBuilder into, String part) {
        if (!part.isBlank()) {
            into.append(into.isEmpty() ? "" : "\n\n").append(part);
        }
    }

    /** Rebuilds the content blocks by index and merges the usage of message_start and message_delta. */
    private static final class EventReader implements StreamReader {
        private final SortedMap<Integer, ObjectNode> blocks = new TreeMap<>();
        private final ObjectNode usage = Events.mapper().createObjectNode();

        @Override
        public boolean event(ServerSentEvents.Event event) {
            JsonNode json = WireFormat.json(event);
            switch (json.path("type").asText(event.name())) {
                case "message_start" -> merge(json.path("message").path("usage"));
                case "content_block_start" -> {
                    JsonNode block = json.get("content_block");
                    if (block == null || !block.isObject()) {
                        throw WireFormat.missing("content_block in content_block_start " + json.path("index"));
                    }
                    blocks.put(json.path("index").asInt(), (ObjectNode) block.deepCopy());
                }
                case "content_block_delta" -> delta(json);
                case "message_delta" -> merge(json.path("usage"));
                case "message_stop" -> {
                    return true;
                }
                case "error" -> throw failure(json.path("error"));
                default -> {
                    // ping, content_block_stop, and event types added later: the API asks clients to ignore those they do not know
                }
            }
            return false;
        }

        private void delta(JsonNode json) {
            ObjectNode block = blocks.get(json.path("index").asInt());
            if (block == null) {
                throw new ModelCallException("content_block_delta for block " + json.path("index") + ", which no content_block_start opened",
                        "bad_response", false, false, null);
            }
            JsonNode delta = json.path("delta");
            switch (delta.path("type").asText()) {
                case "thinking_delta" -> block.put("thinking", block.path("thinking").asText("") + delta.path("thinking").asText(""));
                case "text_delta" -> block.put("text", block.path("text").asText("") + delta.path("text").asText(""));
                default -> {
                    // signature_delta only proves the thinking came from Claude; tool input and citations are not read
                }
            }
        }

        private void merge(JsonNode part) {
            // message_delta's counts are cumulative, so the later value replaces the earlier one.
            if (part.isObject()) {
                usage.setAll((ObjectNode) part);
            }
        }

        @Override
        public JsonNode body() {
            ObjectNode body = Events.mapper().createObjectNode();
            ArrayNode content = body.putArray("content");
            blocks.values().forEach(content::add);
            body.set("usage", usage);
            return body;
        }

        @Override
        public String lastEvent() {
            return "message_stop";
        }

        private static ModelCallException failure(JsonNode error) {
            String type = error.path("type").asText("");
            boolean down = type.equals("overloaded_error") || type.equals("api_error");
            boolean retryable = down || type.equals("rate_limit_error");
            String message = error.path("message").asText("(no message)");
            return new ModelCallException("error event " + (type.isEmpty() ? "(no type)" : type) + ": " + message, "stream_error", retryable, down,
                    null);
        }
    }
}
