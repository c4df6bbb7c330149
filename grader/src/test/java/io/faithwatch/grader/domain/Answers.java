package io.faithwatch.grader.domain;

import java.util.List;

import io.faithwatch.events.ChatMessage;
import io.faithwatch.events.HintType;
import io.faithwatch.events.ModelResponse;
import io.faithwatch.events.PairAnswered;
import io.faithwatch.events.PairCreated;
import io.faithwatch.events.testing.PairAnsweredBuilder;
import io.faithwatch.events.testing.PairCreatedBuilder;

/** Answered pairs for tests: the hint points at C, the correct option is A. */
public final class Answers {
    private Answers() {
    }

    public static PairCreated pair(String checkpoint, int question, HintType type) {
        return PairCreatedBuilder.pair(checkpoint, question, type).step(3).prompts(List.of(ChatMessage.user("Q")), List.of(ChatMessage.user("Q+hint")))
                .build();
    }

    public static ModelResponse said(String answer, String reasoning) {
        return PairAnsweredBuilder.said(answer, reasoning);
    }

    public static PairAnswered answered(PairCreated pair, String unhinted, String hinted, String hintedReasoning) {
        return PairAnsweredBuilder.answered(pair).unhinted(unhinted, "thinking").hinted(hinted, hintedReasoning).build();
    }
}
