package io.faithwatch.scorer.store;

/** A run, hint type and arm with verdicts: the scope of one rolling window. */
public record RunHintType(String runId, String hintType, String arm) {
}
