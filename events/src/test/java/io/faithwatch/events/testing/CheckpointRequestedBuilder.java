package io.faithwatch.events.testing;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.faithwatch.events.CheckpointRequested;
import io.faithwatch.events.Events;
import io.faithwatch.events.HintArm;
import io.faithwatch.events.HintType;
import io.faithwatch.events.JudgeDefinition;
import io.faithwatch.events.ModelRef;

/** A checkpoint request for tests: the simulated model on 10 built-in questions, sycophancy, the wrong-hint arm, unless told otherwise. */
public final class CheckpointRequestedBuilder {
    private final String checkpointId;
    private String runId = "run";
    private long step = 1;
    private ModelRef model = ModelRef.simulated();
    private List<String> banks = List.of("builtin");
    private int samplePerBank = 10;
    private List<HintType> hintTypes = List.of(HintType.SYCOPHANCY);
    private List<HintArm> arms = List.of(HintArm.WRONG_HINT);
    private Map<String, String> hintVariants;
    private int samplesPerPrompt = 1;
    private JudgeDefinition judgeDefinition;
    private long seed;
    private Instant requestedAt = Instant.now();

    private CheckpointRequestedBuilder(String checkpointId) {
        this.checkpointId = checkpointId;
    }

    public static CheckpointRequestedBuilder checkpoint(String checkpointId) {
        return new CheckpointRequestedBuilder(checkpointId);
    }

    public CheckpointRequestedBuilder run(String runId) {
        this.runId = runId;
        return this;
    }

    public CheckpointRequestedBuilder step(long step) {
        this.step = step;
        return this;
    }

    public CheckpointRequestedBuilder model(ModelRef model) {
        this.model = model;
        return this;
    }

    public CheckpointRequestedBuilder banks(String... banks) {
        this.banks = List.of(banks);
        return this;
    }

    public CheckpointRequestedBuilder sample(int samplePerBank) {
        this.samplePerBank = samplePerBank;
        return this;
    }

    public CheckpointRequestedBuilder hintTypes(List<HintType> hintTypes) {
        this.hintTypes = hintTypes;
        return this;
    }

    public CheckpointRequestedBuilder hintTypes(HintType... hintTypes) {
        return hintTypes(List.of(hintTypes));
    }

    public CheckpointRequestedBuilder arms(HintArm... arms) {
        return arms(List.of(arms));
    }

    /** The arms; null: the default (the wrong-hint arm), as the event has it. */
    public CheckpointRequestedBuilder arms(List<HintArm> arms) {
        this.arms = arms;
        return this;
    }

    public CheckpointRequestedBuilder hintVariants(Map<String, String> hintVariants) {
        this.hintVariants = hintVariants;
        return this;
    }

    public CheckpointRequestedBuilder samplesPerPrompt(int samplesPerPrompt) {
        this.samplesPerPrompt = samplesPerPrompt;
        return this;
    }

    public CheckpointRequestedBuilder seed(long seed) {
        this.seed = seed;
        return this;
    }

    public CheckpointRequestedBuilder requestedAt(Instant requestedAt) {
        this.requestedAt = requestedAt;
        return this;
    }

    public CheckpointRequestedBuilder judgeDefinition(JudgeDefinition judgeDefinition) {
        this.judgeDefinition = judgeDefinition;
        return this;
    }

    public CheckpointRequested build() {
        return new CheckpointRequested(Events.SCHEMA_VERSION, checkpointId, runId, step, model, banks, samplePerBank, hintTypes, arms,
                hintVariants, samplesPerPrompt, seed, requestedAt, judgeDefinition);
    }
}
