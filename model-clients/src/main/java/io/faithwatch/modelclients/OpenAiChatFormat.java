package io.faithwatch.modelclients;

import java.net.URI;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.faithwatch.events.ChatMessage;
import io.faithwatch.events.Events;
import io.faithwatch.events.TokenUsage;

/**
 * OpenAI-compatible chat completions ({@code POST {baseUrl}/chat/completions}): vLLM, SGLang, DeepSeek, Ollama
 * {@code /v1}, OpenRouter. The model's parameters (temperature, max_tokens, reasoning_effort...) are sent as they are.
 *
 * <p>The reasoning is read from {@code message.reasoning_content} (DeepSeek, SGLang, older vLLM), else
 * {@code message.reasoning} (newer vLLM, OpenRouter), else a {@code <think>...</think>} block at the start of
 * {@code content} (servers without a reasoning parser; an opening tag the chat template already sent may be missing).
 * Reasoning tokens come from {@code usage.completion_tokens_details.reasoning_tokens}; servers that do not report them
 * give 0, not an estimate.
 */
final class OpenAiChatFormat implements WireFormat {
    private static final String OPEN = "<think>";
    private static final String CLOSE = "</think>";

    @Override
    public String defaultBaseUrl() {
        return "https://api.openai.com/v1";
    }

    @Override
    public URI uri(String baseUrl) {
        return URI.create(baseUrl + "/chat/completions");
    }

    @Override
    public Map<String, String> headers(String key) {
        return key == null ? Map.of() : Map.of("Authorization", "Bearer " + key);
    }

    @Override
    public ObjectNode body(ModelCall call) {
        ObjectNode body = Events.mapper().createObjectNode();
        body.put("model", call.model().model());
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage message : call.messages()) {
            messages.addObject().put("role", message.role().wireName()).put("content", message.content());
        }
        call.model().parameters().forEach((name, value) -> body.set(name, Events.mapper().valueToTree(value)));
        return body;
    }

    @Override
    public Completion reply(JsonNode body, long latencyMs) {
        JsonNode message = body.path("choices").path(0).path("message");
        if (!message.isObject()) {
            throw WireFormat.missing("choices[0].message");
        }
        String content = message.path("content").asText("");
        String reasoning = text(message.get("reasoning_content"));
        if (reasoning == null) {
            reasoning = text(message.get("reasoning"));
        }
        if (reasoning == null) {
            String trimmed = content.stripLeading();
            int close = trimmed.indexOf(CLOSE);
            if (trimmed.startsWith(OPEN)) {
                reasoning = close < 0 ? trimmed.substring(OPEN.length()) : trimmed.substring(OPEN.length(), close);
                content = close < 0 ? "" : trimmed.substring(close + CLOSE.length());
            } else if (close >= 0) {
                reasoning = trimmed.substring(0, close);
                content = trimmed.substring(close + CLOSE.length());
            }
        }
        JsonNode usage = body.path("usage");
        TokenUsage tokens = new TokenUsage(usage.path("prompt_tokens").asInt(0), usage.path("completion_tokens").asInt(0),
                usage.path("completion_tokens_details").path("reasoning_tokens").asInt(0));
        return new Completion(reasoning == null ? "" : reasoning.strip(), false, content.strip(), tokens, latencyMs);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
