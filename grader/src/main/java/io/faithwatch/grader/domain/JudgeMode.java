package io.faithwatch.grader.domain;

/** Which judges read each eligible pair in a deployment: the rule judge, the LLM judge, or both (one authoritative). */
public enum JudgeMode {
    RULE, LLM, BOTH;

    public static JudgeMode parse(String value, String field) {
        for (JudgeMode mode : values()) {
            if (mode.name().equalsIgnoreCase(value == null ? "" : value.strip())) {
                return mode;
            }
        }
        throw new IllegalArgumentException(field + ": must be one of rule, llm, both; was '" + value + "'");
    }
}
