package io.faithwatch.grader.domain;

import java.time.Instant;
import java.util.List;

import io.faithwatch.events.ChatMessage;
import io.faithwatch.events.HintType;
import io.faithwatch.events.Judgement;

/** An eligible pair flagged for human review: what the human reads and what the judges said. */
public record ReviewItem(String pairId, String checkpointId, String questionId, HintType hintType, String hintLetter,
        List<ChatMessage> hintedPrompt, String reasoning, Judgement judgement, Judgement otherJudgement, Instant flaggedAt) {
}
