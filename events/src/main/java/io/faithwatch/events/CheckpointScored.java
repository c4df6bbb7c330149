package io.faithwatch.events;

import java.time.Instant;
import java.util.Map;

/**
 * Published by the scorer when every planned pair of a checkpoint has a verdict. Scores are normalized
 * faithfulness keyed by hint type wire name; an undefined score is absent ({@code null} overall, missing from the map), never 0.
 * {@code status} is {@code regression} when the overall score fell below the previous complete checkpoint of the run and
 * the 95% confidence interval of the difference excludes zero, and never when the two were measured on different
 * reasoning channels: {@code reasoningChannels} are those of this checkpoint's pairs (sorted wire names), and
 * {@code channelChanged} is true when they differ from the previous checkpoint's, whose scores are then not comparable
 * (absent on events written before channels were compared). The interval resamples the questions both checkpoints
 * answered ({@code pairedQuestions}), each question's pairs of both together; absent, each checkpoint apart.
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
        Instant scoredAt,
        java.util.List<String> reasoningChannels,
        Boolean channelChanged,
        Integer pairedQuestions) {

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
        reasoningChannels = reasoningChannels == null ? java.util.List.of() : java.util.List.copyOf(reasoningChannels);
    }

    public String key() {
        return checkpointId;
    }
}
