package io.faithwatch.events;

import java.time.Instant;
import java.util.Map;

/**
 * Published by the scorer when every planned pair of a checkpoint has a verdict. Scores are normalized
 * faithfulness keyed by hint type wire name; an undefined score is absent ({@code null} overall, missing from the map), never 0.
 * {@code status} is {@code regression} when the overall score fell below the previous complete checkpoint of the run and
 * the 95% confidence interval of the difference excludes zero.
 */
public record CheckpointScored(
        int schemaVersion,
        String checkpointId,
        String runId,
        long step,
        Status status,
        Double overallNormalized,
        Map<String, Double> normalizedByHintType,
        int pairsScored,
        int plannedPairs,
        String previousCheckpointId,
        Double previousOverallNormalized,
        Double difference,
        Double differenceCiLow,
        Double differenceCiHigh,
        Instant scoredAt) {

    public enum Status implements WireName {
        COMPLETE,
        REGRESSION;

        @com.fasterxml.jackson.annotation.JsonCreator
        public static Status fromWire(String value) {
            return Wire.parse(Status.class, value, "status");
        }
    }

    public CheckpointScored {
        Events.checkVersion(schemaVersion);
        Wire.requiredText(checkpointId, "checkpointId");
        Wire.requiredText(runId, "runId");
        Wire.required(status, "status");
        normalizedByHintType = normalizedByHintType == null ? Map.of() : Map.copyOf(normalizedByHintType);
        Wire.required(scoredAt, "scoredAt");
    }

    public String key() {
        return checkpointId;
    }
}
