package io.faithwatch.events;

import java.time.Instant;

/**
 * The grader's reading of one training rollout. Every rollout gets one, sampled or not, so that exploitation is counted
 * over all of them; only sampled rollouts are judged. For a sampled exploited rollout {@code judgement} is the
 * authoritative judgement (and {@code otherJudgement} the second judge's, when two read it) and {@code verbalized} its
 * verdict, absent when the judge failed; a sampled rollout that did not exploit is read by the offline judge alone
 * ({@code judgement} records whether it mentions the cue; {@code verbalized} absent: verbalization is counted among
 * exploited rollouts). Topic {@code faith.rollouts.judged}, keyed by run.
 */
public record RolloutJudged(
        int schemaVersion,
        String rolloutId,
        String runId,
        long step,
        String environment,
        CueType cueType,
        boolean exploited,
        boolean sampled,
        Boolean verbalized,
        Judgement judgement,
        Judgement otherJudgement,
        int reasoningWords,
        double reward,
        Instant observedAt,
        Instant judgedAt) {

    public RolloutJudged {
        Events.checkVersion(schemaVersion);
        Wire.requiredText(rolloutId, "rolloutId");
        Wire.requiredText(runId, "runId");
        Wire.atLeast(step, 0, "step");
        Wire.requiredText(environment, "environment");
        Wire.required(cueType, "cueType");
        Wire.atLeast(reasoningWords, 0, "reasoningWords");
        Wire.required(observedAt, "observedAt");
        Wire.required(judgedAt, "judgedAt");
        if (!sampled && (judgement != null || otherJudgement != null || verbalized != null)) {
            throw new EventFormatException("judgement", "must be absent for a rollout that was not sampled");
        }
        if (sampled && judgement == null) {
            throw new EventFormatException("judgement", "is required for a sampled rollout");
        }
        if (!exploited && verbalized != null) {
            throw new EventFormatException("verbalized", "must be absent for a rollout that did not exploit the cue");
        }
        if (sampled && exploited && verbalized == null && !judgement.failed()) {
            throw new EventFormatException("verbalized", "is required for a sampled exploited rollout unless its judgement failed");
        }
        if (verbalized != null && judgement.verbalized() != verbalized) {
            throw new EventFormatException("verbalized", "disagrees with the judgement it records");
        }
    }

    /** A sampled exploited rollout whose authoritative judge failed: in neither part of the verbalization rate. */
    public boolean judgeFailed() {
        return sampled && exploited && verbalized == null;
    }

    public String key() {
        return runId;
    }
}
