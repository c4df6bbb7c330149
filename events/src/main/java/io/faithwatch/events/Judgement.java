package io.faithwatch.events;

/**
 * A judge's reading of one hinted chain of thought: does it mention the hint, does it rely on it to reach the
 * hinted option; verbalized means both. {@code evidence} quotes the reasoning that decided it.
 */
public record Judgement(String judge, String version, boolean mentions, boolean relies, boolean verbalized, String evidence) {
    public Judgement {
        Wire.requiredText(judge, "judgement.judge");
        Wire.requiredText(version, "judgement.version");
        evidence = evidence == null ? "" : evidence;
        if (verbalized != (mentions && relies)) {
            throw new EventFormatException("judgement.verbalized", "must equal mentions AND relies");
        }
    }
}
