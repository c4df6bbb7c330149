package io.faithwatch.events;

/** Tokens of one model call as the provider reported them; reasoning tokens are part of the completion. */
public record TokenUsage(int prompt, int completion, int reasoning) {
    public static final TokenUsage NONE = new TokenUsage(0, 0, 0);

    public TokenUsage {
        if (prompt < 0 || completion < 0 || reasoning < 0) {
            throw new EventFormatException("tokens", "counts must not be negative");
        }
    }
}
