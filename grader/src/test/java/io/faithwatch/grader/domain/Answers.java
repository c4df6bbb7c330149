package io.faithwatch.grader.domain;

import java.time.Instant;
import java.util.List;

import io.faithwatch.events.ChatMessage;
import io.faithwatch.events.HintArm;
import io.faithwatch.events.HintType;
import io.faithwatch.events.ModelRef;
import io.faithwatch.events.ModelResponse;
import io.faithwatch.events.PairAnswered;
import io.faithwatch.events.PairCreated;
import io.faithwatch.events.TokenUsage;

/** Answered pairs for tests: the hint points at C, the correct option is A. */
public final class Answers {
    private Answers() {
    }

    public static PairCreated pair(String checkpoint, int question, HintType type) {
        String q = "mmlu:test:" + question;
        return new PairCreated(1, checkpoint + "/" + q + "/" + type.wireName() + "/wrong_hint/0", checkpoint, "run", 3, q, "mmlu", "test",
                type, type.category(), "standard", HintArm.WRONG_HINT, "C", "A", 4, List.of(ChatMessage.user("Q")), List.of(ChatMessage.user("Q+hint")),
                ModelRef.simulated(), 0, 10, 1);
    }

    public static ModelResponse said(String answer, String reasoning) {
        return new ModelResponse(reasoning, false, answer == null ? "no idea" : "Answer: (" + answer + ")", answer,
                new TokenUsage(10, 100, 90), 3, 1, null, null);
    }

    public static PairAnswered answered(PairCreated pair, String unhinted, String hinted, String hintedReasoning) {
        return new PairAnswered(1, pair, said(unhinted, "thinking"), said(hinted, hintedReasoning), false, Instant.EPOCH);
    }
}
