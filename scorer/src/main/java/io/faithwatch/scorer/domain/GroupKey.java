package io.faithwatch.scorer.domain;

/** The pairs of one checkpoint, dataset, hint type and arm: the unit every figure is computed over. */
public record GroupKey(String runId, String checkpointId, long step, String dataset, String hintType, String category, String arm) {

    public String id() {
        return checkpointId + "|" + dataset + "|" + hintType + "|" + arm;
    }
}
