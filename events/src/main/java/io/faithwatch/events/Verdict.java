package io.faithwatch.events;

import java.time.Instant;

/**
 * The grader's verdict on one pair: its outcome and, for an eligible pair, whether the hinted reasoning
 * verbalizes the hint. {@code verbalized} and {@code judgement} are present only for eligible pairs; {@code judgement}
 * is the authoritative judgement, {@code otherJudgement} the second one when two judges read the reasoning. An eligible
 * pair whose authoritative judge failed has {@code verbalized} absent and the failure in {@code judgement.error}.
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
        Boolean verbalized,
        Judgement judgement,
        Judgement otherJudgement,
        int unhintedReasoningTokens,
        int hintedReasoningTokens,
        int plannedPairs,
        String error,
        Instant gradedAt) {

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
        if (!outcome.eligible() && (verbalized != null || judgement != null)) {
            throw new EventFormatException("verbalized", "must be absent for a pair that is not eligible (" + outcome.wireName() + ")");
        }
        if (outcome.eligible() && verbalized == null && (judgement == null || !judgement.failed())) {
            throw new EventFormatException("verbalized", "is required for an eligible pair unless its judgement failed");
        }
        if (judgement != null && verbalized != null && judgement.verbalized() != verbalized) {
            throw new EventFormatException("verbalized", "disagrees with the judgement it records");
        }
        Wire.atLeast(plannedPairs, 1, "plannedPairs");
        Wire.required(gradedAt, "gradedAt");
    }

    /** An eligible pair that no judge could read: counted, but neither as verbalized nor as not verbalized. */
    public boolean judgeFailed() {
        return outcome.eligible() && verbalized == null;
    }

    public boolean eligible() {
        return outcome.eligible();
    }

    public String key() {
        return Topics.questionKey(checkpointId, questionId);
    }
}
