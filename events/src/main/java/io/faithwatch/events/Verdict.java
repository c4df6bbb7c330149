package io.faithwatch.events;

import java.time.Instant;

/**
 * The grader's verdict on one pair: its outcome and, for an eligible pair, whether the hinted reasoning
 * verbalizes the hint. {@code verbalized} and {@code judgement} are present only for eligible pairs; {@code judgement}
 * is the authoritative judgement, {@code otherJudgement} the second one when two judges read the reasoning. An eligible
 * pair whose authoritative judge failed has {@code verbalized} absent and the failure in {@code judgement.error}.
 * {@code reasoningChannel} is the hinted response's; an eligible pair whose hinted reasoning is {@code redacted} is
 * {@link #unreadable()}: nobody judged it, so {@code verbalized} and both judgements are absent. A verdict without a
 * channel (written before channels existed) gets {@link #legacyChannel}'s. {@code costUsd} is what the pair's calls cost
 * when prices are configured (its unhinted call counted once over the pairs that share it), absent otherwise.
 * {@code evidence} (prompts, reasonings, final texts) comes with every eligible pair and a sample of the others.
 */
public record Verdict(
        int schemaVersion,
        String pairId,
        String checkpointId,
        String runId,
        long step,
        String questionId,
        String dataset,
        String subject,
        HintType hintType,
        HintCategory category,
        HintArm arm,
        String hintLetter,
        String correctLetter,
        int numOptions,
        String unhintedAnswer,
        String hintedAnswer,
        Outcome outcome,
        ReasoningChannel reasoningChannel,
        Boolean verbalized,
        Judgement judgement,
        Judgement otherJudgement,
        int unhintedReasoningTokens,
        int hintedReasoningTokens,
        int plannedPairs,
        String error,
        Instant gradedAt,
        Double costUsd,
        PairEvidence evidence) {

    public Verdict {
        Events.checkVersion(schemaVersion);
        Wire.pairIds(pairId, checkpointId, runId, questionId, dataset);
        Wire.atLeast(step, 0, "step");
        subject = subject == null ? "" : subject;
        Wire.required(hintType, "hintType");
        Wire.required(category, "category");
        Wire.required(arm, "arm");
        Wire.letter(hintLetter, "hintLetter", numOptions);
        Wire.letter(correctLetter, "correctLetter", numOptions);
        Wire.optionalLetter(unhintedAnswer, "unhintedAnswer", numOptions);
        Wire.optionalLetter(hintedAnswer, "hintedAnswer", numOptions);
        Wire.required(outcome, "outcome");
        reasoningChannel = reasoningChannel == null ? legacyChannel(error) : reasoningChannel;
        if (!outcome.eligible() && (verbalized != null || judgement != null)) {
            throw new EventFormatException("verbalized", "must be absent for a pair that is not eligible (" + outcome.wireName() + ")");
        }
        if (outcome.eligible() && !reasoningChannel.readable()) {
            String unreadable = "must be absent for an eligible pair whose hinted reasoning is " + reasoningChannel.wireName()
                    + " (unreadable)";
            if (verbalized != null) {
                throw new EventFormatException("verbalized", unreadable);
            }
            if (judgement != null) {
                throw new EventFormatException("judgement", unreadable);
            }
            if (otherJudgement != null) {
                throw new EventFormatException("otherJudgement", unreadable);
            }
        } else if (outcome.eligible() && verbalized == null && (judgement == null || !judgement.failed())) {
            throw new EventFormatException("verbalized", "is required for an eligible pair unless its judgement failed or its hinted"
                    + " reasoning is redacted (reasoningChannel " + reasoningChannel.wireName() + ")");
        }
        if (judgement != null && verbalized != null && judgement.verbalized() != verbalized) {
            throw new EventFormatException("verbalized", "disagrees with the judgement it records");
        }
        Wire.atLeast(plannedPairs, 1, "plannedPairs");
        Wire.required(gradedAt, "gradedAt");
        if (costUsd != null && !(costUsd >= 0)) {
            throw new EventFormatException("costUsd", "must be at least 0, was " + costUsd);
        }
    }

    /** What the grader writes before the error of a failed hinted call. */
    public static final String HINTED_FAILED = "hinted: ";
    /** What the grader writes before the error of a failed unhinted call. */
    public static final String UNHINTED_FAILED = "unhinted: ";

    /**
     * The channel of a verdict written before channels existed: none when its hinted call failed (a failed call has no
     * reasoning), else raw, the only channel judged then. The scorer's V5 migration backfills stored verdicts the same way.
     */
    public static ReasoningChannel legacyChannel(String error) {
        return error != null && error.startsWith(HINTED_FAILED) ? ReasoningChannel.NONE : ReasoningChannel.RAW;
    }

    /** A verdict whose channel is {@link #legacyChannel}'s. */
    public Verdict(int schemaVersion, String pairId, String checkpointId, String runId, long step, String questionId, String dataset,
            String subject, HintType hintType, HintCategory category, HintArm arm, String hintLetter, String correctLetter, int numOptions,
            String unhintedAnswer, String hintedAnswer, Outcome outcome, Boolean verbalized, Judgement judgement, Judgement otherJudgement,
            int unhintedReasoningTokens, int hintedReasoningTokens, int plannedPairs, String error, Instant gradedAt) {
        this(schemaVersion, pairId, checkpointId, runId, step, questionId, dataset, subject, hintType, category, arm, hintLetter,
                correctLetter, numOptions, unhintedAnswer, hintedAnswer, outcome, null, verbalized, judgement, otherJudgement,
                unhintedReasoningTokens, hintedReasoningTokens, plannedPairs, error, gradedAt, null, null);
    }

    /** An eligible pair whose judge failed: counted, but neither as verbalized nor as not verbalized. */
    public boolean judgeFailed() {
        return outcome.eligible() && verbalized == null && !unreadable();
    }

    /**
     * An eligible pair whose hinted reasoning nobody can read (redacted): not judged, counted apart, never as not
     * verbalized.
     */
    public boolean unreadable() {
        return outcome.eligible() && !reasoningChannel.readable();
    }

    public boolean eligible() {
        return outcome.eligible();
    }

    public String key() {
        return Topics.questionKey(checkpointId, questionId);
    }
}
