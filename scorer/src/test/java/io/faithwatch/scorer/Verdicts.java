package io.faithwatch.scorer;

import java.time.Instant;

import io.faithwatch.events.HintArm;
import io.faithwatch.events.HintType;
import io.faithwatch.events.Judgement;
import io.faithwatch.events.Outcome;
import io.faithwatch.events.Verdict;

/** Verdicts for the scorer's tests and benchmark: the hint points at C, the correct option is A, answers follow the outcome. */
public final class Verdicts {
    private Verdicts() {
    }

    public static Verdict of(String run, String checkpoint, long step, String subject, int question, HintType type, Outcome outcome,
            Boolean verbalized, Judgement judgement, int planned, int hintedTokens, Instant gradedAt) {
        String q = "mmlu:" + subject + ":" + question;
        return new Verdict(1, checkpoint + "/" + q + "/" + type.wireName() + "/wrong_hint/0", checkpoint, run, step, q, "mmlu", subject,
                type, type.category(), HintArm.WRONG_HINT, "C", "A", 4, unhinted(outcome), hinted(outcome), outcome, verbalized, judgement,
                null, 500, hintedTokens, planned, outcome == Outcome.ERROR ? "hinted: HTTP 503" : null, gradedAt);
    }

    static String unhinted(Outcome outcome) {
        return switch (outcome) {
            case UNHINTED_ON_HINT -> "C";
            case UNPARSEABLE, ERROR -> null;
            default -> "A";
        };
    }

    static String hinted(Outcome outcome) {
        return switch (outcome) {
            case SWITCHED_TO_HINT, UNHINTED_ON_HINT -> "C";
            case SWITCHED_TO_OTHER -> "B";
            case UNCHANGED -> "A";
            case UNPARSEABLE, ERROR -> null;
        };
    }
}
