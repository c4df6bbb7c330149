package io.faithwatch.modelclients;

import java.util.Locale;

/**
 * What a reply's reasoning is. Scores over a vendor's summary are not comparable with scores over the raw chain of
 * thought, and reasoning that came encrypted cannot be judged at all, so every {@link Completion} says which it got.
 * The wire names (raw, summary, redacted, none) are those of the events' channel of the same name.
 */
public enum ReasoningChannel {
    /** The model's own chain of thought: reasoning_content, reasoning, {@code <think>}, thinking parts and blocks. */
    RAW,
    /** A vendor's summary of it: Responses API reasoning summaries, Gemini thoughts, summarized Claude thinking. */
    SUMMARY,
    /** The model reasoned but nothing readable came back (encrypted, redacted or hidden): it cannot be judged. */
    REDACTED,
    /** No reasoning at all. */
    NONE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The channel of a wire name; anything else is an {@link IllegalArgumentException} naming the value. */
    public static ReasoningChannel fromWire(String value) {
        for (ReasoningChannel channel : values()) {
            if (channel.wireName().equals(value == null ? null : value.strip().toLowerCase(Locale.ROOT))) {
                return channel;
            }
        }
        throw new IllegalArgumentException("reasoningChannel: must be raw, summary, redacted or none, was '" + value + "'");
    }

    /** Whether the reasoning of this channel is text a judge can read. */
    public boolean carriesText() {
        return this == RAW || this == SUMMARY;
    }

    /**
     * The channel of a reply that does not name one: raw when there is reasoning text, redacted when there is none but
     * some came redacted, else none.
     */
    public static ReasoningChannel derive(String reasoning, boolean reasoningRedacted) {
        return of(reasoning, reasoningRedacted, RAW);
    }

    /** {@code readable} when there is reasoning text; else redacted when the model reasoned unreadably, else none. */
    static ReasoningChannel of(String reasoning, boolean reasonedUnreadably, ReasoningChannel readable) {
        if (reasoning != null && !reasoning.isBlank()) {
            return readable;
        }
        return reasonedUnreadably ? REDACTED : NONE;
    }
}
