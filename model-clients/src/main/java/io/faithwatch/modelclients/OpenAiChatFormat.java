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
 *
 * <p>Streamed ({@code "stream": true} with {@code stream_options.include_usage}, the default): {@code data:} chunks whose
 * {@code choices[0].delta} carries pieces of {@code reasoning_content}, {@code reasoning} and {@code content}, the usage
 * in a last chunk without choices, then {@code data: [DONE]}. The pieces are joined into the message above and read
 * the same way, so a {@code <think>} tag split across chunks is found as in a whole reply. An {@code error} object in a
 * chunk fails the call with the server's message: retried (and counted against the endpoint) unless its code is a 4xx
 * other than 408 and 429, since a request the server refuses is refused before it streams.
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
    public ObjectNode body(ModelCall call, boolean stream) {
        ObjectNode body = Events.mapper().createObjectNode();
        body.put("model", call.model().model());
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage message : call.messages()) {
            messages.addObject().put("role", message.role().wireName()).put("content", message.content());
        }
        call.model().parameters().forEach((name, value) -> {
            if (!name.equals(STREAM)) {
                body.set(name, Events.mapper().valueToTree(value));
            }
        });
        if (stream) {
            // Without include_usage a stream carries no token counts at all.
            body.put(STREAM, true).putObject("stream_options").put("include_usage", true);
        }
        return body;
    }

    @Override
    public StreamReader streamReader() {
        return new ChunkReader();
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

    /** Joins the deltas of choice 0 and keeps the last usage. */
    private static final class ChunkReader implements StreamReader {
        private final StringBuilder content = new StringBuilder();
        private final StringBuilder reasoningContent = new StringBuilder();
        private final StringBuilder reasoning = new StringBuilder();
        private boolean sawChoice;
        private JsonNode usage;

        @Override
        public boolean event(ServerSentEvents.Event event) {
            if (event.data().strip().equals("[DONE]")) {
                return true;
            }
            JsonNode chunk = WireFormat.json(event);
            JsonNode error = chunk.get("error");
            if (error != null && error.isObject()) {
                throw failure(error);
            }
            if (chunk.path("object").asText().equals("error")) {
                throw failure(chunk);
            }
            for (JsonNode choice : chunk.path("choices")) {
                if (choice.path("index").asInt(0) == 0) {
                    sawChoice = true;
                    JsonNode delta = choice.path("delta");
                    append(reasoningContent, delta.get("reasoning_content"));
                    append(reasoning, delta.get("reasoning"));
                    append(content, delta.get("content"));
                }
            }
            if (chunk.path("usage").isObject()) {
                usage = chunk.get("usage");
            }
            return false;
        }

        @Override
        public JsonNode body() {
            ObjectNode body = Events.mapper().createObjectNode();
            if (sawChoice) {
                ObjectNode message = body.putArray("choices").addObject().put("index", 0).putObject("message");
                message.put("role", "assistant").put("content", content.toString());
                // Only a channel that said something is set: a server that sends an empty reasoning_content with every piece
                // of content would otherwise hide a <think> block in that content.
                if (!reasoningContent.isEmpty()) {
                    message.put("reasoning_content", reasoningContent.toString());
                }
                if (!reasoning.isEmpty()) {
                    message.put("reasoning", reasoning.toString());
                }
            }
            if (usage != null) {
                body.set("usage", usage);
            }
            return body;
        }

        @Override
        public String lastEvent() {
            return "data: [DONE]";
        }

        private static void append(StringBuilder into, JsonNode piece) {
            if (piece != null && piece.isTextual()) {
                into.append(piece.asText());
            }
        }

        private static ModelCallException failure(JsonNode error) {
            JsonNode code = error.get("code");
            int status = code != null && code.isNumber() ? code.asInt() : 0;
            String label = code != null && code.isTextual() ? code.asText() : error.path("type").asText("");
            boolean rateLimited = status == 429 || label.contains("rate_limit");
            boolean refused = status >= 400 && status < 500 && status != 408 && status != 429;
            return new ModelCallException("error event" + (label.isEmpty() ? "" : " " + label) + (status == 0 ? "" : " (" + status + ")") + ": "
                    + error.path("message").asText("(no message)"), "stream_error", !refused, !refused && !rateLimited, null);
        }
    }
}
