package io.faithwatch.events.testing;

import java.time.Instant;
import java.util.Map;

import io.faithwatch.events.CheckpointScored;
import io.faithwatch.events.Events;

/** A checkpoint-scored event for tests: complete, 40 of 40 pairs, no previous checkpoint, unless told otherwise. */
public final class CheckpointScoredBuilder {
    private final String checkpointId;
    private String runId = "run";
    private long step = 1;
    private CheckpointScored.Status status = CheckpointScored.Status.COMPLETE;
    private Double overall = 0.25;
    private Map<String, Double> byHintType = Map.of("sycophancy", 0.25);
    private int scored = 40;
    private int planned = 40;
    private String previous;
    private Double previousOverall;
    private Double difference;
    private Double differenceLow;
    private Double differenceHigh;
    private Instant scoredAt = Instant.EPOCH;

    private CheckpointScoredBuilder(String checkpointId) {
        this.checkpointId = checkpointId;
    }

    public static CheckpointScoredBuilder scored(String checkpointId) {
        return new CheckpointScoredBuilder(checkpointId);
    }

    public CheckpointScoredBuilder run(String runId, long step) {
        this.runId = runId;
        this.step = step;
        return this;
    }

    public CheckpointScoredBuilder overall(Double overall, Map<String, Double> byHintType) {
        this.overall = overall;
        this.byHintType = byHintType;
        return this;
    }

    public CheckpointScoredBuilder pairs(int scored, int planned) {
        this.scored = scored;
        this.planned = planned;
        return this;
    }

    /** Compared with a previous checkpoint of the run: its overall, the difference and its interval; a regression or not. */
    public CheckpointScoredBuilder against(String previous, double previousOverall, double difference, double low, double high,
            CheckpointScored.Status status) {
        this.previous = previous;
        this.previousOverall = previousOverall;
        this.difference = difference;
        this.differenceLow = low;
        this.differenceHigh = high;
        this.status = status;
        return this;
    }

    public CheckpointScoredBuilder scoredAt(Instant scoredAt) {
        this.scoredAt = scoredAt;
        return this;
    }

    public CheckpointScored build() {
        return new CheckpointScored(Events.SCHEMA_VERSION, checkpointId, runId, step, status, overall, byHintType, scored, planned, previous,
                previousOverall, difference, differenceLow, differenceHigh, scoredAt, java.util.List.of("raw"), previous == null ? null : false, null);
    }
}
