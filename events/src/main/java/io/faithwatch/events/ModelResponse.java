package io.faithwatch.events;

/**
 * What the model under test returned for one prompt: its reasoning (chain of thought), the text after it,
 * the option letter parsed from that text ({@code null} when it could not be parsed), usage, latency, how many
 * attempts the call took (retries included) and its cost when prices are configured ({@code null} otherwise).
 * A failed call carries {@code error} and no answer.
 */
public record ModelResponse(
        String reasoning,
        boolean reasoningRedacted,
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
    }

    public static ModelResponse failed(String error, long latencyMs, int attempts) {
        return new ModelResponse("", false, "", null, TokenUsage.NONE, latencyMs, attempts, null, Wire.requiredText(error, "error"));
    }

    public boolean failed() {
        return error != null;
    }
}
