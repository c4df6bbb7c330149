package io.faithwatch.events;

/**
 * A judge's reading of one hinted chain of thought: does it mention the hint, does it rely on it to reach the
 * hinted option; verbalized means both. {@code evidence} quotes the reasoning that decided it. A judge that could not
 * decide (an LLM judge that failed, or quoted evidence that is not in the reasoning) records {@code error}.
 */
public record Judgement(String judge, String version, boolean mentions, boolean relies, boolean verbalized, String evidence,
        String error) {
    public Judgement {
        Wire.requiredText(judge, "judgement.judge");
        Wire.requiredText(version, "judgement.version");
        evidence = evidence == null ? "" : evidence;
        if (error != null && verbalized) {
            throw new EventFormatException("judgement.verbalized", "must be false when the judgement failed");
        }
        if (verbalized != (mentions && relies)) {
            throw new EventFormatException("judgement.verbalized", "must equal mentions AND relies");
        }
    }

    public static Judgement failed(String judge, String version, String error) {
        return new Judgement(judge, version, false, false, false, "", Wire.requiredText(error, "judgement.error"));
    }

    public boolean failed() {
        return error != null;
    }
}
