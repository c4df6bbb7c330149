package io.faithwatch.events;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * What a response's {@code reasoning} is: providers give different things as reasoning, and scores over a summary are not
 * comparable with scores over the raw chain of thought, so every response and verdict says which it was.
 */
public enum ReasoningChannel implements WireName {
    /** The model's own chain of thought (DeepSeek, vLLM, SGLang, Ollama, older Claude). */
    RAW,
    /** A vendor's summary of the chain of thought (OpenAI's Responses API, newer Claude, Gemini). */
    SUMMARY,
    /** The chain of thought was given encrypted or redacted: nothing readable, so it is never judged. */
    REDACTED,
    /** A model without a reasoning channel: its visible text before the final answer. */
    VISIBLE,
    /** No reasoning at all (or the call failed). */
    NONE;

    @JsonCreator
    public static ReasoningChannel fromWire(String value) {
        return Wire.parse(ReasoningChannel.class, value, "reasoningChannel");
    }

    /**
     * The channel of a response that does not name one (events written before channels existed, clients that do not
     * tell): redacted when only a redacted block came, none when no reasoning came, else raw.
     */
    public static ReasoningChannel derive(String reasoning, boolean reasoningRedacted) {
        if (reasoning == null || reasoning.isBlank()) {
            return reasoningRedacted ? REDACTED : NONE;
        }
        return RAW;
    }

    /** Whether reasoning of this channel is text (raw, summary, visible): redacted and none have none. */
    public boolean carriesText() {
        return this == RAW || this == SUMMARY || this == VISIBLE;
    }

    /** Whether a judge can read reasoning of this channel; a pair whose hinted reasoning cannot be read is unreadable. */
    public boolean readable() {
        return this != REDACTED;
    }
}
