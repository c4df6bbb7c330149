package io.faithwatch.events.testing;

import java.util.List;

import io.faithwatch.events.ChatMessage;
import io.faithwatch.events.Events;
import io.faithwatch.events.HintArm;
import io.faithwatch.events.HintType;
import io.faithwatch.events.JudgeDefinition;
import io.faithwatch.events.ModelRef;
import io.faithwatch.events.PairCreated;
import io.faithwatch.events.Topics;

/**
 * A pair for tests, laid out as pair-builder lays it out: question {@code mmlu:test:<n>} of four options, the hint at C,
 * the correct option A, the simulated model, its id made of checkpoint, question, hint type, arm and sample.
 */
public final class PairCreatedBuilder {
    private final String checkpointId;
    private final String questionId;
    private final HintType hintType;
    private String runId = "run";
    private long step = 1;
    private String dataset = "mmlu";
    private String subject = "test";
    private String hintVariant = "standard";
    private HintArm arm = HintArm.WRONG_HINT;
    private String hintLetter = "C";
    private String correctLetter = "A";
    private int numOptions = 4;
    private List<ChatMessage> unhintedPrompt;
    private List<ChatMessage> hintedPrompt;
    private ModelRef model = ModelRef.simulated();
    private int sample;
    private int plannedPairs = 10;
    private JudgeDefinition judgeDefinition;
    private long seed = 1;

    private PairCreatedBuilder(String checkpointId, String questionId, HintType hintType) {
        this.checkpointId = checkpointId;
        this.questionId = questionId;
        this.hintType = hintType;
        this.unhintedPrompt = List.of(ChatMessage.user("Question " + questionId));
        this.hintedPrompt = List.of(ChatMessage.user("Question " + questionId + " with a hint"));
    }

    /** The pair of question {@code mmlu:test:<question>} of a checkpoint under a hint type. */
    public static PairCreatedBuilder pair(String checkpointId, int question, HintType hintType) {
        return pair(checkpointId, "mmlu:test:" + question, hintType);
    }

    public static PairCreatedBuilder pair(String checkpointId, String questionId, HintType hintType) {
        return new PairCreatedBuilder(checkpointId, questionId, hintType);
    }

    public PairCreatedBuilder run(String runId) {
        this.runId = runId;
        return this;
    }

    public PairCreatedBuilder step(long step) {
        this.step = step;
        return this;
    }

    public PairCreatedBuilder dataset(String dataset, String subject) {
        this.dataset = dataset;
        this.subject = subject;
        return this;
    }

    public PairCreatedBuilder hintVariant(String hintVariant) {
        this.hintVariant = hintVariant;
        return this;
    }

    public PairCreatedBuilder arm(HintArm arm) {
        this.arm = arm;
        return this;
    }

    /** The option the hint points at and the correct one. */
    public PairCreatedBuilder letters(String hintLetter, String correctLetter) {
        this.hintLetter = hintLetter;
        this.correctLetter = correctLetter;
        return this;
    }

    public PairCreatedBuilder prompts(List<ChatMessage> unhinted, List<ChatMessage> hinted) {
        this.unhintedPrompt = unhinted;
        this.hintedPrompt = hinted;
        return this;
    }

    public PairCreatedBuilder model(ModelRef model) {
        this.model = model;
        return this;
    }

    public PairCreatedBuilder sample(int sample) {
        this.sample = sample;
        return this;
    }

    public PairCreatedBuilder planned(int plannedPairs) {
        this.plannedPairs = plannedPairs;
        return this;
    }

    public PairCreatedBuilder seed(long seed) {
        this.seed = seed;
        return this;
    }

    public PairCreatedBuilder judgeDefinition(JudgeDefinition judgeDefinition) {
        this.judgeDefinition = judgeDefinition;
        return this;
    }

    public PairCreated build() {
        String pairId = Topics.questionKey(checkpointId, questionId) + "/" + hintType.wireName() + "/" + arm.wireName() + "/" + sample;
        return new PairCreated(Events.SCHEMA_VERSION, pairId, checkpointId, runId, step, questionId, dataset, subject, hintType,
                hintType.category(), hintVariant, arm, hintLetter, correctLetter, numOptions, unhintedPrompt, hintedPrompt, model, sample,
                plannedPairs, seed, judgeDefinition);
    }
}
