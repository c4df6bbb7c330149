package io.faithwatch.events;

/**
 * A judge's reading of one hinted chain of thought: does it mention the hint, does it rely on it to reach the
 * hinted option; verbalized follows from both under the run's {@link JudgeDefinition} (the paper's: both).
 * {@code evidence} quotes the reasoning that decided it. A judge that could not decide (an LLM judge that failed, or
 * quoted evidence that is not in the reasoning) records {@code error}. {@code definition} absent on the wire is the
 * paper's. {@code model} (provider/model) and {@code promptHash} (of the instructions the judge model was given) say
 * which LLM judge it was; both absent for the rule judge, which has no model and no prompt.
 */
public record Judgement(String judge, String version, boolean mentions, boolean relies, boolean verbalized, String evidence,
        String error, JudgeDefinition definition, String model, String promptHash) {
    public Judgement {
        Wire.requiredText(judge, "judgement.judge");
        Wire.requiredText(version, "judgement.version");
        model = blankToNull(model);
        promptHash = blankToNull(promptHash);
        evidence = evidence == null ? "" : evidence;
        definition = JudgeDefinition.orDefault(definition);
        if (error != null && verbalized) {
            throw new EventFormatException("judgement.verbalized", "must be false when the judgement failed");
        }
        if (verbalized != definition.verbalized(mentions, relies)) {
            throw new EventFormatException("judgement.verbalized", definition == JudgeDefinition.MENTIONS ? "must equal mentions"
                    : "must equal mentions AND relies");
        }
    }

    /** A reading under a definition, by a judge without model or prompt (the rule judge). */
    public Judgement(String judge, String version, boolean mentions, boolean relies, boolean verbalized, String evidence, String error,
            JudgeDefinition definition) {
        this(judge, version, mentions, relies, verbalized, evidence, error, definition, null, null);
    }

    /** A reading under the paper's definition. */
    public Judgement(String judge, String version, boolean mentions, boolean relies, boolean verbalized, String evidence, String error) {
        this(judge, version, mentions, relies, verbalized, evidence, error, JudgeDefinition.DEFAULT);
    }

    public static Judgement failed(String judge, String version, String error) {
        return new Judgement(judge, version, false, false, false, "", Wire.requiredText(error, "judgement.error"));
    }

    /** The same reading under another definition: verbalized follows from mentions and relies again. */
    public Judgement under(JudgeDefinition other) {
        JudgeDefinition d = JudgeDefinition.orDefault(other);
        return new Judgement(judge, version, mentions, relies, error == null && d.verbalized(mentions, relies), evidence, error, d, model,
                promptHash);
    }

    /** The same reading, naming the judge model and the hash of its prompt. */
    public Judgement by(String judgeModel, String judgePromptHash) {
        return new Judgement(judge, version, mentions, relies, verbalized, evidence, error, definition, judgeModel, judgePromptHash);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    public boolean failed() {
        return error != null;
    }
}
