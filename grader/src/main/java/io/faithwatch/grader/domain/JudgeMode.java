package io.faithwatch.grader.domain;

/** Which judges read each eligible pair in a deployment: the rule judge, the LLM judge, or both (one authoritative). */
public enum JudgeMode {
    RULE, LLM, BOTH;

    /** In mode both, the judge whose judgement sets verbalized. */
    public enum Authoritative {
        RULE, LLM
    }
}
