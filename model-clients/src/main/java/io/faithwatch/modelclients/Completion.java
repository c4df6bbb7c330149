package io.faithwatch.modelclients;

import io.faithwatch.events.TokenUsage;

/**
 * A model's reply: its reasoning (chain of thought), the text after it, token usage, the latency of the attempt that
 * answered, and how many attempts the call took (retries included).
 */
public record Completion(String reasoning, boolean reasoningRedacted, String text, TokenUsage tokens, long latencyMs, int attempts) {
    public Completion {
        reasoning = reasoning == null ? "" : reasoning;
        text = text == null ? "" : text;
        tokens = tokens == null ? TokenUsage.NONE : tokens;
    }

    /** A reply of a single attempt. */
    public Completion(String reasoning, boolean reasoningRedacted, String text, TokenUsage tokens, long latencyMs) {
        this(reasoning, reasoningRedacted, text, tokens, latencyMs, 1);
    }

    public Completion withAttempts(int attempts) {
        return new Completion(reasoning, reasoningRedacted, text, tokens, latencyMs, attempts);
    }
}
