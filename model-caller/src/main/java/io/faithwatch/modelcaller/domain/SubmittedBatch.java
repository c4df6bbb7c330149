package io.faithwatch.modelcaller.domain;

import java.time.Instant;
import java.util.List;

import io.faithwatch.events.ModelRef;

/** A batch a provider took: its id there, the model, the pairs whose calls it holds, when it was submitted. */
public record SubmittedBatch(String batchId, ModelRef model, List<String> pairIds, Instant submittedAt) {
    public SubmittedBatch {
        if (batchId == null || batchId.isBlank()) {
            throw new IllegalArgumentException("batchId: must be the provider's batch id, was '" + batchId + "'");
        }
        pairIds = List.copyOf(pairIds);
    }
}
