package io.faithwatch.modelcaller.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.faithwatch.events.ModelRef;
import io.faithwatch.events.PairCreated;

/**
 * What one partition of the batched-pairs log says: pairs waiting for a batch, batches submitted and not ended with
 * their pairs, and pairs answered lately. Rebuilt by reading the log from its beginning; the log's order (a pair's record
 * before the batch that holds it, a batch's record before its end) is all it relies on.
 *
 * <p>Pairs answered lately are remembered because a pair acknowledged shortly before its instance died comes again (its
 * offset was not committed yet), possibly after its batch ended: recorded again then, it would go into a second, paid
 * batch. The log keeps a deleted record's tombstone for a day at least, so a rebuilt book knows them too.
 */
public final class BatchBook {
    private final Map<String, PairCreated> waiting = new LinkedHashMap<>();
    private final Map<String, Instant> waitingSince = new HashMap<>();
    private final Map<String, SubmittedBatch> open = new LinkedHashMap<>();
    private final Map<String, PairCreated> inBatch = new HashMap<>();
    /** Pair ids answered lately and when, oldest first. */
    private final LinkedHashMap<String, Instant> answered = new LinkedHashMap<>();

    /**
     * A pair recorded for batching; a pair already in an open batch (recorded again on redelivery) stays there. Returns
     * false, keeping nothing, for a pair answered lately: its record is one of a redelivery and is to be deleted again.
     */
    public boolean pairRecorded(PairCreated pair, Instant now) {
        if (answered.containsKey(pair.pairId())) {
            return false;
        }
        if (!inBatch.containsKey(pair.pairId())) {
            waiting.put(pair.pairId(), pair);
            waitingSince.putIfAbsent(pair.pairId(), now);
        }
        return true;
    }

    /** A pair answered at {@code at} (its record deleted). */
    public void pairDone(String pairId, Instant at) {
        waiting.remove(pairId);
        waitingSince.remove(pairId);
        inBatch.remove(pairId);
        answered.remove(pairId);
        answered.put(pairId, at);
    }

    /** Forgets the pairs answered before {@code cutoff}: a redelivery comes within minutes of its pair's answer. */
    public void forgetAnsweredBefore(Instant cutoff) {
        var oldest = answered.entrySet().iterator();
        while (oldest.hasNext() && oldest.next().getValue().isBefore(cutoff)) {
            oldest.remove();
        }
    }

    /** A batch submitted: its pairs wait for it, no longer for a batch. */
    public void batchRecorded(SubmittedBatch batch) {
        open.put(batch.batchId(), batch);
        for (String pairId : batch.pairIds()) {
            PairCreated pair = waiting.remove(pairId);
            waitingSince.remove(pairId);
            if (pair != null) {
                inBatch.put(pairId, pair);
            }
        }
    }

    /** A batch ended and answered (its record deleted). */
    public void batchDone(String batchId) {
        open.remove(batchId);
    }

    /**
     * The groups of waiting pairs to submit now, one model each, at most {@code maxPairs} pairs each: a model's pairs once
     * the first of them has waited {@code linger} (more pairs of its checkpoint may come meanwhile) or once they fill a batch.
     */
    public List<List<PairCreated>> due(Instant now, Duration linger, int maxPairs) {
        Map<ModelRef, List<PairCreated>> byModel = new LinkedHashMap<>();
        Map<ModelRef, Instant> oldest = new HashMap<>();
        waiting.values().forEach(pair -> {
            byModel.computeIfAbsent(pair.model(), m -> new ArrayList<>()).add(pair);
            oldest.merge(pair.model(), waitingSince.get(pair.pairId()), (a, b) -> a.isBefore(b) ? a : b);
        });
        List<List<PairCreated>> due = new ArrayList<>();
        byModel.forEach((model, pairs) -> {
            boolean lingered = !oldest.get(model).plus(linger).isAfter(now);
            for (int from = 0; from < pairs.size(); from += maxPairs) {
                List<PairCreated> group = pairs.subList(from, Math.min(pairs.size(), from + maxPairs));
                if (lingered || group.size() == maxPairs) {
                    due.add(List.copyOf(group));
                }
            }
        });
        return due;
    }

    /** The pairs of an open batch that are still to be answered, in the batch's order. */
    public List<PairCreated> pairsOf(SubmittedBatch batch) {
        return batch.pairIds().stream().map(inBatch::get).filter(java.util.Objects::nonNull).toList();
    }

    public Collection<SubmittedBatch> open() {
        return List.copyOf(open.values());
    }

    public int waitingPairs() {
        return waiting.size();
    }

    public int batchedPairs() {
        return inBatch.size();
    }

    public int answeredPairs() {
        return answered.size();
    }
}
