package io.faithwatch.scorer;

import java.time.Instant;

import io.faithwatch.events.HintType;
import io.faithwatch.events.Judgement;
import io.faithwatch.events.Outcome;
import io.faithwatch.events.Verdict;
import io.faithwatch.events.testing.VerdictBuilder;

/** Verdicts for the scorer's tests and benchmark: the hint points at C, the correct option is A, answers follow the outcome. */
public final class Verdicts {
    private Verdicts() {
    }

    public static Verdict of(String run, String checkpoint, long step, String subject, int question, HintType type, Outcome outcome,
            Boolean verbalized, Judgement judgement, int planned, int hintedTokens, Instant gradedAt) {
        return VerdictBuilder.verdict(checkpoint, type, outcome).run(run, step).question(subject, question).verbalized(verbalized, judgement)
                .tokens(500, hintedTokens).planned(planned).gradedAt(gradedAt).build();
    }
}
