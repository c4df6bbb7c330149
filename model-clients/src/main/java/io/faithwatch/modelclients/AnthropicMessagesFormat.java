package io.faithwatch.modelclients;

import java.net.URI;
import java.util.Map;
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
 * <p>The reasoning is the text of the {@code thinking} blocks; a {@code redacted_thinking} block marks the reasoning as
 * redacted (its content is encrypted, so it is not text we could judge). The API reports no separate count of
 * thinking tokens: reasoning tokens are 0, not an estimate; they are part of {@code output_tokens}.
 */
final class AnthropicMessagesFormat implements WireFormat {
    static final String VERSION = "2023-06-01";
    private static final int MAX_TOKENS = 16_000;
    private static final int BUDGET_TOKENS = 10_000;

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
    public ObjectNode body(ModelCall call) {
        Map<String, Object> parameters = call.model().parameters();
        ObjectNode body = Events.mapper().createObjectNode();
        body.put("model", call.model().model());
        body.set("max_tokens", Events.mapper().valueToTree(parameters.getOrDefault("max_tokens", MAX_TOKENS)));
        body.putObject("thinking").put("type", "enabled")
                .set("budget_tokens", Events.mapper().valueToTree(parameters.getOrDefault("budget_tokens", BUDGET_TOKENS)));
        String system = call.messages().stream().filter(m -> m.role() == ChatRole.SYSTEM).map(ChatMessage::content)
                .collect(Collectors.joining("\n\n"));
        if (!system.isEmpty()) {
            body.put("system", system);
        }
        ArrayNode messages = body.putArray("messages");
        call.messages().stream().filter(m -> m.role() != ChatRole.SYSTEM)
                .forEach(m -> messages.addObject().put("role", m.role().wireName()).put("content", m.content()));
        parameters.forEach((name, value) -> {
            if (!name.equals("max_tokens") && !name.equals("budget_tokens")) {
                body.set(name, Events.mapper().valueToTree(value));
            }
        });
        return body;
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
        for (JsonNode block : content) {
            switch (block.path("type").asText()) {
                case "thinking" -> append(reasoning, block.path("thinking").asText(""));
                case "redacted_thinking" -> redacted = true;
                case "text" -> append(text, block.path("text").asText(""));
                default -> {
                    // tool use and other blocks carry no reasoning and no answer
                }
            }
        }
        JsonNode usage = body.path("usage");
        TokenUsage tokens = new TokenUsage(usage.path("input_tokens").asInt(0), usage.path("output_tokens").asInt(0), 0);
        return new Completion(reasoning.toString().strip(), redacted, text.toString().strip(), tokens, latencyMs);
    }

    private static void append(StringBuilder into, String part) {
        if (!part.isBlank()) {
            into.append(into.isEmpty() ? "" : "\n\n").append(part);
        }
    }
}
