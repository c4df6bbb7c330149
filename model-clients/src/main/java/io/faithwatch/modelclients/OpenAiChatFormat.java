package io.faithwatch.modelclients;

import io.faithwatch.events.ReasoningChannel;
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
 * {@code /v1}, OpenRouter, Mistral, Gemini's OpenAI-compatible endpoint. The model's parameters (temperature,
 * max_tokens, reasoning_effort...) are sent as they are.
 *
 * <p>The reasoning is read from {@code message.reasoning_content} (DeepSeek, SGLang, older vLLM), else
 * {@code message.reasoning} (newer vLLM, OpenRouter), else the {@code thinking} parts of a {@code content} given as an
 * array of typed parts (Mistral's reasoning models: {@code {"type":"thinking","thinking":[{"type":"text","text":..}]}}
 * beside {@code {"type":"text","text":..}}, whose text parts are the answer), else a {@code <think>...</think>} block at
 * the start of the content (servers without a reasoning parser; an opening tag the chat template already sent may be
 * missing): all of these are the raw chain of thought. A {@code <thought>...</thought>} block at the start of the
 * content is Gemini's thought summary ({@link ReasoningChannel#SUMMARY}); Gemini sends it when asked through
 * {@code extra_body.google.thinking_config.include_thoughts}, which is sent by default to Gemini's host unless the
 * parameters give their own {@code extra_body}. A reply with no readable reasoning but reasoning tokens counted
 * (OpenAI's own reasoning models, which hide it) is {@link ReasoningChannel#REDACTED}. Reasoning tokens come from
 * {@code usage.completion_tokens_details.reasoning_tokens}; servers that do not report them give 0, not an estimate.
 *
 * <p>Streamed ({@code "stream": true} with {@code stream_options.include_usage}, the default): {@code data:} chunks whose
 * {@code choices[0].delta} carries pieces of {@code reasoning_content}, {@code reasoning} and {@code content} (text, or
 * an array of typed parts like the whole message's), the usage in a last chunk without choices, then
 * {@code data: [DONE]}. The pieces are joined into the message above and read the same way, so a {@code <think>} tag
 * split across chunks is found as in a whole reply. An {@code error} object in a chunk fails the call with the server's
 * message: retried (and counted against the endpoint) unless its code is a 4xx other than 408 and 429, since a request
 * the server refuses is refused before it streams.
 */
final class OpenAiChatFormat implements WireFormat {
    /** The host of Gemini's OpenAI-compatible endpoint ({@code https://generativelanguage.googleapis.com/v1beta/openai}). */
    static final String GEMINI_HOST = "generativelanguage.googleapis.com";
    private static final String THINK = "<think>";
    private static final String THINK_END = "</think>";
    private static final String THOUGHT = "<thought>";
    private static final String THOUGHT_END = "</thought>";

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
            if (WireFormat.sentAsIs(name)) {
                body.set(name, Events.mapper().valueToTree(value));
            }
        });
        if (!body.has("extra_body") && gemini(call.model().baseUrl())) {
            // Gemini sends no thought summaries unless asked; without them every reply would have no reasoning to judge.
            body.putObject("extra_body").putObject("google").putObject("thinking_config").put("include_thoughts", true);
        }
        if (stream) {
            // Without include_usage a stream carries no token counts at all.
            body.put(STREAM, true).putObject("stream_options").put("include_usage", true);
        }
        return body;
    }

    static boolean gemini(String baseUrl) {
        if (baseUrl == null) {
            return false;
        }
        try {
            return GEMINI_HOST.equalsIgnoreCase(URI.create(baseUrl.strip()).getHost());
        } catch (IllegalArgumentException notAUrl) {
            // HttpModel reports the malformed URL when it builds the request.
            return false;
        }
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
        JsonNode parts = message.get("content");
        String content;
        String thinking = null;
        if (parts != null && parts.isArray()) {
            StringBuilder text = new StringBuilder();
            StringBuilder thought = new StringBuilder();
            for (JsonNode part : parts) {
                switch (part.path("type").asText()) {
                    case "text" -> text.append(part.path("text").asText(""));
                    case "thinking" -> thought.append(thought.isEmpty() ? "" : "\n\n").append(thinkingText(part.get("thinking")));
                    default -> {
                        // images and references carry no reasoning and no answer
                    }
                }
            }
            content = text.toString();
            thinking = thought.isEmpty() ? null : thought.toString();
        } else if (parts == null || parts.isNull() || parts.isTextual()) {
            content = parts == null ? "" : parts.asText("");
        } else {
            throw new ModelCallException("response has choices[0].message.content that is neither text nor an array of parts: "
                    + HttpModel.excerpt(parts.toString(), null), "bad_response", false, false, null);
        }
        ReasoningChannel readable = ReasoningChannel.RAW;
        String reasoning = text(message.get("reasoning_content"));
        if (reasoning == null) {
            reasoning = text(message.get("reasoning"));
        }
        if (reasoning == null) {
            reasoning = thinking;
        }
        if (reasoning == null) {
            String trimmed = content.stripLeading();
            if (trimmed.startsWith(THOUGHT)) {
                readable = ReasoningChannel.SUMMARY;
                int close = trimmed.indexOf(THOUGHT_END);
                reasoning = close < 0 ? trimmed.substring(THOUGHT.length()) : trimmed.substring(THOUGHT.length(), close);
                content = close < 0 ? "" : trimmed.substring(close + THOUGHT_END.length());
            } else {
                int close = trimmed.indexOf(THINK_END);
                if (trimmed.startsWith(THINK)) {
                    reasoning = close < 0 ? trimmed.substring(THINK.length()) : trimmed.substring(THINK.length(), close);
                    content = close < 0 ? "" : trimmed.substring(close + THINK_END.length());
                } else if (close >= 0) {
                    reasoning = trimmed.substring(0, close);
                    content = trimmed.substring(close + THINK_END.length());
                }
            }
        }
        JsonNode usage = body.path("usage");
        TokenUsage tokens = new TokenUsage(usage.path("prompt_tokens").asInt(0), usage.path("completion_tokens").asInt(0),
                usage.path("completion_tokens_details").path("reasoning_tokens").asInt(0));
        String read = reasoning == null ? "" : reasoning.strip();
        ReasoningChannel channel = Completion.channelOf(read, tokens.reasoning() > 0, readable);
        return new Completion(read, false, content.strip(), tokens, latencyMs, channel);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    /** The text of a thinking part: its text chunks (references carry none), or a plain string from a lenient server. */
    private static String thinkingText(JsonNode thinking) {
        if (thinking == null || thinking.isNull()) {
            return "";
        }
        if (thinking.isTextual()) {
            return thinking.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode chunk : thinking) {
            if (chunk.path("type").asText("text").equals("text")) {
                text.append(chunk.path("text").asText(""));
            }
        }
        return text.toString();
    }

    /** Joins the deltas of choice 0 and keeps the last usage. */
    private static final class ChunkReader implements StreamReader {
        private final StringBuilder content = new StringBuilder();
        private final StringBuilder thinking = new StringBuilder();
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
                    JsonNode piece = delta.get("content");
                    if (piece != null && piece.isArray()) {
                        parts(piece);
                    } else {
                        append(content, piece);
                    }
                }
            }
            if (chunk.path("usage").isObject()) {
                usage = chunk.get("usage");
            }
            return false;
        }

        /** Typed parts of a delta: each is a piece of the one thinking part or of the text. */
        private void parts(JsonNode parts) {
            for (JsonNode part : parts) {
                switch (part.path("type").asText()) {
                    case "text" -> append(content, part.get("text"));
                    case "thinking" -> thinking.append(thinkingText(part.get("thinking")));
                    default -> {
                        // images and references carry no reasoning and no answer
                    }
                }
            }
        }

        @Override
        public JsonNode body() {
            ObjectNode body = Events.mapper().createObjectNode();
            if (sawChoice) {
                ObjectNode message = body.putArray("choices").addObject().put("index", 0).putObject("message");
                message.put("role", "assistant");
                if (thinking.isEmpty()) {
                    message.put("content", content.toString());
                } else {
                    ArrayNode parts = message.putArray("content");
                    parts.addObject().put("type", "thinking").putArray("thinking").addObject().put("type", "text").put("text", thinking.toString());
                    parts.addObject().put("type", "text").put("text", content.toString());
                }
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
