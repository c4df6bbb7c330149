package io.faithwatch.models;

import io.faithwatch.events.TokenUsage;

/** A model's reply: its reasoning (chain of thought), the text after it, token usage and latency. */
public record ModelReply(String reasoning, boolean reasoningRedacted, String text, TokenUsage tokens, long latencyMs) {
}
