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

    /** The line that gives the final answer ("Answer: (C)", "**Final answer:** C"), as prompts ask for it. */
    private static final java.util.regex.Pattern ANSWER_LINE = java.util.regex.Pattern.compile(
            "^[\\s*#>_-]*(?:the\\s+)?(?:final\\s+)?answer(?:\\s+is)?\\s*\\**\\s*[:\uff1a]", java.util.regex.Pattern.CASE_INSENSITIVE
                    | java.util.regex.Pattern.MULTILINE);

    /**
     * The reply of a model prompted to think step by step in its visible text ({@code reasoning_mode=prompted}, the
     * paper's baselines): the text before its last final-answer line is the reasoning, channel visible (none when it wrote
     * nothing before its answer); that line and what follows is the final text. Without such a line, the last non-blank
     * line is the final text. A hidden reasoning channel, if the provider also sent one, is not what is judged and is
     * left out. Its completion tokens count as reasoning tokens (most of them are), so that reasoning lengths compare.
     */
    Completion asPrompted() {
        String all = text.strip();
        int cut = -1;
        java.util.regex.Matcher line = ANSWER_LINE.matcher(all);
        while (line.find()) {
            cut = line.start();
        }
        if (cut < 0) {
            cut = Math.max(0, all.lastIndexOf('\n'));
        }
        String visible = all.substring(0, cut).strip();
        String answer = all.substring(cut).strip();
        TokenUsage usage = new TokenUsage(tokens.prompt(), tokens.completion(), Math.max(tokens.reasoning(), tokens.completion()));
        return new Completion(visible, false, answer, usage, latencyMs, attempts, visible.isEmpty() ? ReasoningChannel.NONE : ReasoningChannel.VISIBLE);
    }

    /** {@code readable} when there is reasoning text; else redacted when the model reasoned unreadably, else none. */
    static ReasoningChannel channelOf(String reasoning, boolean reasonedUnreadably, ReasoningChannel readable) {
        if (reasoning != null && !reasoning.isBlank()) {
            return readable;
        }
        return reasonedUnreadably ? ReasoningChannel.REDACTED : ReasoningChannel.NONE;
    }
}
