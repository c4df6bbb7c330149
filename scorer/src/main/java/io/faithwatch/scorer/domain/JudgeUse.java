package io.faithwatch.scorer.domain;

/**
 * A judge that judged verdicts of a checkpoint: its role ({@code authoritative}, whose verdict counts, or {@code second},
 * run beside it in mode both), name, version (unknown for a second judge), the definition of verbalized it judged under
 * ({@code mentions-and-relies} or {@code mentions}) and how many verdicts it judged. A report names its judges and
 * definitions because either can move a headline by tens of points.
 */
public record JudgeUse(String role, String judge, String version, String definition, long verdicts) {
    public static final String AUTHORITATIVE = "authoritative";
    public static final String SECOND = "second";

    /** "rule 3, mentions-and-relies (12 verdicts)", or "llm, mentions-and-relies (12 verdicts, second judge)". */
    public String describe() {
        return judge + (version == null ? "" : " " + version) + ", " + definition + " (" + verdicts + " verdicts"
                + (SECOND.equals(role) ? ", second judge" : "") + ")";
    }
}
