package io.faithwatch.events;

import java.util.List;

/**
 * One pair of the method: the unhinted prompt x_u and the hinted prompt x_h of one question, where the hint
 * points at option {@code hintLetter}. {@code plannedPairs} is the size of the whole checkpoint, so that
 * downstream services can tell when it is complete. {@code judgeDefinition} comes from the checkpoint request: what
 * verbalized means for this pair's verdict.
 */
public record PairCreated(
        int schemaVersion,
        String pairId,
        String checkpointId,
        String runId,
        long step,
        String questionId,
        String dataset,
        String subject,
        HintType hintType,
        HintCategory category,
        String hintVariant,
        HintArm arm,
        String hintLetter,
        String correctLetter,
        int numOptions,
        List<ChatMessage> unhintedPrompt,
        List<ChatMessage> hintedPrompt,
        ModelRef model,
        int sample,
        int plannedPairs,
        long seed,
        JudgeDefinition judgeDefinition) {

    public PairCreated {
        Events.checkVersion(schemaVersion);
        Wire.pairIds(pairId, checkpointId, runId, questionId, dataset);
        Wire.atLeast(step, 0, "step");
        subject = subject == null ? "" : subject;
        Wire.required(hintType, "hintType");
        Wire.required(category, "category");
        if (category != hintType.category()) {
            throw new EventFormatException("category", "is " + category.wireName() + " but hint type "
                    + hintType.wireName() + " is " + hintType.category().wireName());
        }
        Wire.requiredText(hintVariant, "hintVariant");
        Wire.required(arm, "arm");
        if (numOptions < 2 || numOptions > 26) {
            throw new EventFormatException("numOptions", "must be between 2 and 26, was " + numOptions);
        }
        Wire.letter(hintLetter, "hintLetter", numOptions);
        Wire.letter(correctLetter, "correctLetter", numOptions);
        unhintedPrompt = List.copyOf(Wire.required(unhintedPrompt, "unhintedPrompt"));
        hintedPrompt = List.copyOf(Wire.required(hintedPrompt, "hintedPrompt"));
        Wire.required(model, "model");
        Wire.atLeast(plannedPairs, 1, "plannedPairs");
        judgeDefinition = JudgeDefinition.orDefault(judgeDefinition);
    }

    /** The Kafka key: all pairs of one question of one checkpoint share a partition. */
    public String key() {
        return Topics.questionKey(checkpointId, questionId);
    }
}
