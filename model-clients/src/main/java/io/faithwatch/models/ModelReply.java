package io.faithwatch.models;

import io.faithwatch.events.TokenUsage;

/**
 * A model's reply: its reasoning (chain of thought), the text after it, token usage, the latency of the attempt that
 * answered, and how many attempts the call took (retries included).
 */
public record ModelReply(String reasoning, boolean reasoningRedacted, String text, TokenUsage tokens, long latencyMs, int attempts) {
    public ModelReply {
        reasoning = reasoning == null ? "" : reasoning;
        text = text == null ? "" : text;
        tokens = tokens == null ? TokenUsage.NONE : tokens;
    }

    /** A reply of a single attempt. */
    public ModelReply(String reasoning, boolean reasoningRedacted, String text, TokenUsage tokens, long latencyMs) {
        this(reasoning, reasoningRedacted, text, tokens, latencyMs, 1);
    }

    public ModelReply withAttempts(int attempts) {
        return new ModelReply(reasoning, reasoningRedacted, text, tokens, latencyMs, attempts);
    }
}
