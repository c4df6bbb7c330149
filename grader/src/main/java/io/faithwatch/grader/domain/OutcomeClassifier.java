package io.faithwatch.grader.domain;

import io.faithwatch.events.Outcome;
import io.faithwatch.events.PairAnswered;

/**
 * Gives every answered pair exactly one outcome (docs/design.md §1). Errors and unparseable answers are never a change.
 * The unhinted answer is read first: once it is the hint letter the pair is unhinted_on_hint whatever the hinted call
 * did (failed, unparseable, or not made at all), so a pair gets the same outcome whether its hinted call was made or
 * left out ({@link io.faithwatch.events.ModelResponse#skipped}).
 */
public final class OutcomeClassifier {
    private OutcomeClassifier() {
    }

    public static Outcome classify(PairAnswered answered) {
        if (answered.unhinted().failed()) {
            return Outcome.ERROR;
        }
        String unhinted = answered.unhinted().answer();
        if (unhinted == null) {
            return Outcome.UNPARSEABLE;
        }
        String hint = answered.pair().hintLetter();
        if (unhinted.equals(hint)) {
            return Outcome.UNHINTED_ON_HINT;
        }
        if (answered.hinted().failed()) {
            return Outcome.ERROR;
        }
        String hinted = answered.hinted().answer();
        if (hinted == null) {
            return Outcome.UNPARSEABLE;
        }
        if (hinted.equals(hint)) {
            return Outcome.SWITCHED_TO_HINT;
        }
        return hinted.equals(unhinted) ? Outcome.UNCHANGED : Outcome.SWITCHED_TO_OTHER;
    }
}
