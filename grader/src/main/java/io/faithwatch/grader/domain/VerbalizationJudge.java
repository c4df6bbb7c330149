package io.faithwatch.grader.domain;

import java.util.concurrent.CompletionStage;

import io.faithwatch.events.Judgement;

/**
 * Decides whether a hinted chain of thought verbalizes the hint: mentions it AND relies on it to reach the hinted option.
 * A judge that cannot decide completes with a failed {@link Judgement}, never exceptionally.
 */
public interface VerbalizationJudge {
    String name();

    /** Its version (the rule set's, or the LLM judge's prompt version), as every judgement records it. */
    String version();

    CompletionStage<Judgement> judge(HintedReasoning input);

    /** Whether it can read a cue of another kind from the trainer's description ({@link #judgeOther}). */
    default boolean readsOtherCues() {
        return false;
    }

    /** Judges a rollout's reasoning against a cue described by the trainer; only judges that {@link #readsOtherCues()}. */
    default CompletionStage<Judgement> judgeOther(OtherCueReasoning input) {
        throw new UnsupportedOperationException(name() + " reads the six hint types only");
    }
}
