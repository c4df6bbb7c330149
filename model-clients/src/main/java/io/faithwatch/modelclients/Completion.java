package io.faithwatch.modelclients;

import io.faithwatch.events.ReasoningChannel;
import io.faithwatch.events.TokenUsage;

/**
 * A model's reply: its reasoning (chain of thought) and what kind of reasoning that is ({@link ReasoningChannel}), the
 * text after it, token usage, the latency of the attempt that answered, and how many attempts the call took (retries
 * included). The channel carries text exactly when the reasoning is not blank; a reply built without a channel gets
 * {@link ReasoningChannel#derive}'s, and a redacted one is always marked {@code reasoningRedacted}.
 */
public record Completion(String reasoning, boolean reasoningRedacted, String text, TokenUsage tokens, long latencyMs, int attempts,
        ReasoningChannel reasoningChannel) {
    public Completion {
        reasoning = reasoning == null ? "" : reasoning;
        text = text == null ? "" : text;
        tokens = tokens == null ? TokenUsage.NONE : tokens;
        if (reasoningChannel == null) {
            reasoningChannel = ReasoningChannel.derive(reasoning, reasoningRedacted);
        }
        if (reasoningChannel.carriesText() == reasoning.isBlank()) {
            throw new IllegalArgumentException("completion.reasoningChannel: '" + reasoningChannel.wireName() + "' "
                    + (reasoning.isBlank() ? "but the reasoning is blank" : "but the reasoning is not blank"));
        }
        reasoningRedacted = reasoningRedacted || reasoningChannel == ReasoningChannel.REDACTED;
    }

    /** A reply whose channel is derived from its reasoning. */
    public Completion(String reasoning, boolean reasoningRedacted, String text, TokenUsage tokens, long latencyMs, int attempts) {
        this(reasoning, reasoningRedacted, text, tokens, latencyMs, attempts, null);
    }

    /** A reply of a single attempt whose channel is derived from its reasoning. */
    public Completion(String reasoning, boolean reasoningRedacted, String text, TokenUsage tokens, long latencyMs) {
        this(reasoning, reasoningRedacted, text, tokens, latencyMs, 1, null);
    }

    /** A reply of a single attempt with the channel its format read. */
    public Completion(String reasoning, boolean reasoningRedacted, String text, TokenUsage tokens, long latencyMs, ReasoningChannel channel) {
        this(reasoning, reasoningRedacted, text, tokens, latencyMs, 1, channel);
    }

    public Completion withAttempts(int attempts) {
        return new Completion(reasoning, reasoningRedacted, text, tokens, latencyMs, attempts, reasoningChannel);
    }

    /**
     * The reply with readable reasoning labelled {@code declared} (the model parameter {@code reasoning_channel}: a
     * format cannot tell a summary from raw thinking when both come in the same field); redacted and none stay.
     */
    Completion declaredAs(ReasoningChannel declared) {
        return declared == null || !reasoningChannel.carriesText() ? this
                : new Completion(reasoning, reasoningRedacted, text, tokens, latencyMs, attempts, declared);
    }

    /** {@code readable} when there is reasoning text; else redacted when the model reasoned unreadably, else none. */
    static ReasoningChannel channelOf(String reasoning, boolean reasonedUnreadably, ReasoningChannel readable) {
        if (reasoning != null && !reasoning.isBlank()) {
            return readable;
        }
        return reasonedUnreadably ? ReasoningChannel.REDACTED : ReasoningChannel.NONE;
    }
}
