package io.faithwatch.events;

/**
 * What the model under test returned for one prompt: its reasoning (chain of thought) and what kind of reasoning it is
 * ({@code reasoningChannel}), the text after it, the option letter parsed from that text ({@code null} when it could not
 * be parsed), usage, latency, how many attempts the call took (retries included) and its cost when prices are configured
 * ({@code null} otherwise). A failed call carries {@code error}, no answer and channel {@code none}. A response without a
 * channel (written before channels existed) gets {@link ReasoningChannel#derive}'s.
 *
 * <p>A hinted response is {@code skipped} when no call was made because the unhinted answer already was the hint letter:
 * whatever the hinted answer, the pair is {@link Outcome#UNHINTED_ON_HINT}, so the call could not change what is
 * measured. It has no text, no answer, channel none, no attempts and no cost. Absent (false) on responses written before.
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
        String error,
        Boolean skipped) {

    public ModelResponse {
        reasoning = reasoning == null ? "" : reasoning;
        finalText = finalText == null ? "" : finalText;
        tokens = tokens == null ? TokenUsage.NONE : tokens;
        skipped = Boolean.TRUE.equals(skipped);
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
        if (skipped && (error != null || answer != null || !reasoning.isBlank() || !finalText.isBlank() || attempts != 0
                || reasoningChannel != ReasoningChannel.NONE || (costUsd != null && costUsd != 0.0))) {
            throw new EventFormatException("skipped", "a response whose call was not made has no error, answer, text, reasoning, attempts"
                    + " or cost, and channel none");
        }
        if (!reasoning.isBlank() && (reasoningChannel == ReasoningChannel.REDACTED || reasoningChannel == ReasoningChannel.NONE)) {
            throw new EventFormatException("reasoningChannel", "is " + reasoningChannel.wireName() + " but the reasoning is not blank");
        }
    }

    /** A response to a call that was made. */
    public ModelResponse(String reasoning, boolean reasoningRedacted, ReasoningChannel reasoningChannel, String finalText, String answer,
            TokenUsage tokens, long latencyMs, int attempts, Double costUsd, String error) {
        this(reasoning, reasoningRedacted, reasoningChannel, finalText, answer, tokens, latencyMs, attempts, costUsd, error, false);
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

    /** The hinted response of a pair whose unhinted answer already was the hint letter: no call was made. */
    public static ModelResponse notCalled() {
        return new ModelResponse("", false, ReasoningChannel.NONE, "", null, TokenUsage.NONE, 0, 0, null, null, true);
    }

    public boolean failed() {
        return error != null;
    }
}
