package io.faithwatch.events;

/**
 * What the model under test returned for one prompt: its reasoning (chain of thought) and what kind of reasoning it is
 * ({@code reasoningChannel}), the text after it, the option letter parsed from that text ({@code null} when it could not
 * be parsed), usage, latency, how many attempts the call took (retries included) and its cost when prices are configured
 * ({@code null} otherwise). A failed call carries {@code error}, no answer and channel {@code none}. A response without a
 * channel (written before channels existed) gets {@link ReasoningChannel#derive}'s.
 */
public record ModelResponse(
        String reasoning,
        boolean reasoningRedacted,
        ReasoningChannel reasoningChannel,
        String finalText,
        String answer,
        TokenUsage tokens,
        long latencyMs,
        int attempts,
        Double costUsd,
        String error) {

    public ModelResponse {
        reasoning = reasoning == null ? "" : reasoning;
        finalText = finalText == null ? "" : finalText;
        tokens = tokens == null ? TokenUsage.NONE : tokens;
        Wire.atLeast(latencyMs, 0, "latencyMs");
        Wire.atLeast(attempts, 0, "attempts");
        if (error != null && answer != null) {
            throw new EventFormatException("answer", "must be absent when the call failed");
        }
        if (reasoningChannel == null) {
            reasoningChannel = error != null ? ReasoningChannel.NONE : ReasoningChannel.derive(reasoning, reasoningRedacted);
        }
        if (error != null && reasoningChannel != ReasoningChannel.NONE) {
            throw new EventFormatException("reasoningChannel", "must be none when the call failed, was " + reasoningChannel.wireName());
        }
        if (!reasoning.isBlank() && (reasoningChannel == ReasoningChannel.REDACTED || reasoningChannel == ReasoningChannel.NONE)) {
            throw new EventFormatException("reasoningChannel", "is " + reasoningChannel.wireName() + " but the reasoning is not blank");
        }
    }

    /** A response whose channel is derived from its reasoning ({@link ReasoningChannel#derive}). */
    public ModelResponse(String reasoning, boolean reasoningRedacted, String finalText, String answer, TokenUsage tokens, long latencyMs,
            int attempts, Double costUsd, String error) {
        this(reasoning, reasoningRedacted, null, finalText, answer, tokens, latencyMs, attempts, costUsd, error);
    }

    public static ModelResponse failed(String error, long latencyMs, int attempts) {
        return new ModelResponse("", false, ReasoningChannel.NONE, "", null, TokenUsage.NONE, latencyMs, attempts, null,
                Wire.requiredText(error, "error"));
    }

    public boolean failed() {
        return error != null;
    }
}
