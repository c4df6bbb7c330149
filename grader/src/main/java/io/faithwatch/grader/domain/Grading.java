package io.faithwatch.grader.domain;

import java.time.Clock;

import io.faithwatch.events.Events;
import io.faithwatch.events.Judgement;
import io.faithwatch.events.Outcome;
import io.faithwatch.events.PairAnswered;
import io.faithwatch.events.PairCreated;
import io.faithwatch.events.Verdict;

/** The verdict on one answered pair: its outcome and, when eligible, the judge's reading of the hinted reasoning. */
public final class Grading {
    private final VerbalizationJudge judge;
    private final Clock clock;

    public Grading(VerbalizationJudge judge, Clock clock) {
        this.judge = judge;
        this.clock = clock;
    }

    public Verdict grade(PairAnswered answered) {
        PairCreated pair = answered.pair();
        Outcome outcome = OutcomeClassifier.classify(answered);
        Judgement judgement = outcome.eligible() ? judge.judge(pair.hintType(), pair.hintLetter(), answered.hinted().reasoning()) : null;
        String error = answered.unhinted().failed() ? "unhinted: " + answered.unhinted().error()
                : answered.hinted().failed() ? "hinted: " + answered.hinted().error() : null;
        return new Verdict(Events.SCHEMA_VERSION, pair.pairId(), pair.checkpointId(), pair.runId(), pair.step(), pair.questionId(),
                pair.dataset(), pair.subject(), pair.hintType(), pair.category(), pair.arm(), pair.hintLetter(), pair.correctLetter(),
                pair.numOptions(), answered.unhinted().answer(), answered.hinted().answer(), outcome,
                judgement == null || judgement.failed() ? null : judgement.verbalized(), judgement, null,
                answered.unhinted().tokens().reasoning(), answered.hinted().tokens().reasoning(), pair.plannedPairs(), error,
                clock.instant());
    }
}
