package io.faithwatch.events;

/**
 * A judge's reading of one hinted chain of thought: does it mention the hint, does it rely on it to reach the
 * hinted option; verbalized follows from both under the run's {@link JudgeDefinition} (the paper's: both).
 * {@code evidence} quotes the reasoning that decided it. A judge that could not decide (an LLM judge that failed, or
 * quoted evidence that is not in the reasoning) records {@code error}. {@code definition} absent on the wire is the
 * paper's.
 */
public record Judgement(String judge, String version, boolean mentions, boolean relies, boolean verbalized, String evidence,
        String error, JudgeDefinition definition) {
    public Judgement {
        Wire.requiredText(judge, "judgement.judge");
        Wire.requiredText(version, "judgement.version");
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
        return new Judgement(judge, version, mentions, relies, error == null && d.verbalized(mentions, relies), evidence, error, d);
    }

    public boolean failed() {
        return error != null;
    }
}
