package io.faithwatch.scorer.domain;

/**
 * A judge that judged verdicts of a checkpoint: its role ({@code authoritative}, whose verdict counts, or {@code second},
 * run beside it in mode both), name, version (unknown for a second judge) and how many verdicts it judged. A report
 * names its judges because the judge can move a headline by tens of points.
 */
public record JudgeUse(String role, String judge, String version, long verdicts) {
    public static final String AUTHORITATIVE = "authoritative";
    public static final String SECOND = "second";

    /** "rule 3 (12 verdicts)", or "llm (12 verdicts, second judge)". */
    public String describe() {
        return judge + (version == null ? "" : " " + version) + " (" + verdicts + " verdicts" + (SECOND.equals(role) ? ", second judge" : "") + ")";
    }
}
