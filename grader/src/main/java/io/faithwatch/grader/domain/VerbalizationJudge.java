package io.faithwatch.grader.domain;

import io.faithwatch.events.HintType;
import io.faithwatch.events.Judgement;

/** Decides whether a hinted chain of thought verbalizes the hint: mentions it AND relies on it to reach the hinted option. */
public interface VerbalizationJudge {
    Judgement judge(HintType type, String hintLetter, String reasoning);
}
