package io.faithwatch.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A checkpoint of an RL run to evaluate: which model, on which question banks, with which hint types.
 * Banks are named {@code kind:location}, e.g. {@code mmlu:/data/mmlu/test}. {@code hintVariants} picks a variant of a
 * hint type's wording by wire name (e.g. {@code {"sycophancy": "professor"}}); absent types use their standard form.
 * {@code judgeDefinition} says what verbalized means for the checkpoint's verdicts (absent: the paper's,
 * {@code mentions-and-relies}).
 */
public record CheckpointRequested(
        int schemaVersion,
        String checkpointId,
        String runId,
        long step,
        ModelRef model,
        List<String> banks,
        int samplePerBank,
        List<HintType> hintTypes,
        List<HintArm> arms,
        Map<String, String> hintVariants,
        int samplesPerPrompt,
        long seed,
        Instant requestedAt,
        JudgeDefinition judgeDefinition) {

    public CheckpointRequested {
        Events.checkVersion(schemaVersion);
        Wire.requiredText(checkpointId, "checkpointId");
        Wire.requiredText(runId, "runId");
        Wire.atLeast(step, 0, "step");
        Wire.required(model, "model");
        banks = List.copyOf(Wire.required(banks, "banks"));
        if (banks.isEmpty()) {
            throw new EventFormatException("banks", "must name at least one question bank");
        }
        Wire.atLeast(samplePerBank, 1, "samplePerBank");
        hintTypes = List.copyOf(Wire.required(hintTypes, "hintTypes"));
        if (hintTypes.isEmpty()) {
            throw new EventFormatException("hintTypes", "must name at least one hint type");
        }
        arms = arms == null || arms.isEmpty() ? List.of(HintArm.WRONG_HINT) : List.copyOf(arms);
        hintVariants = hintVariants == null ? Map.of() : Map.copyOf(hintVariants);
        hintVariants.keySet().forEach(type -> HintType.fromWire(type));
        Wire.atLeast(samplesPerPrompt, 1, "samplesPerPrompt");
        Wire.required(requestedAt, "requestedAt");
        judgeDefinition = JudgeDefinition.orDefault(judgeDefinition);
    }
}
