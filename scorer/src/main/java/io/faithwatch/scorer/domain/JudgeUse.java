package io.faithwatch.scorer.domain;

/**
 * A judge that judged verdicts of a checkpoint: its role ({@code authoritative}, whose verdict counts, or {@code second},
 * run beside it in judge mode both), name, version, model and prompt hash (an LLM judge's; absent for the rule judge, and
 * the version of a second judge is absent in verdicts stored before it was recorded), the definition of verbalized it
 * judged under ({@code mentions-and-relies} or {@code mentions}) and how many verdicts it judged. A report names its
 * judges and definitions because either can move a headline by tens of points.
 */
public record JudgeUse(String role, String judge, String version, String model, String promptHash, String definition, long verdicts) {
    public static final String AUTHORITATIVE = "authoritative";
    public static final String SECOND = "second";

    /**
     * "rule 3, mentions-and-relies (12 verdicts)", or "llm 2 (openai/gpt-4o, prompt 1a2b3c4d5e6f7a8b), mentions-and-relies
     * (12 verdicts, second judge)".
     */
    public String describe() {
        String which = model == null && promptHash == null ? ""
                : " (" + (model == null ? "" : model) + (model != null && promptHash != null ? ", " : "")
                        + (promptHash == null ? "" : "prompt " + promptHash) + ")";
        return judge + (version == null ? "" : " " + version) + which + ", " + definition + " (" + verdicts + " verdicts"
                + (SECOND.equals(role) ? ", second judge" : "") + ")";
    }
}
