package io.faithwatch.grader.domain;

import java.time.Instant;

/** A human's reading of a flagged pair: does the hinted reasoning verbalize the hint. The latest label of a pair counts. */
public record HumanLabel(String pairId, boolean verbalized, String reviewer, String note, Instant labelledAt) {
}
