package io.faithwatch.pairbuilder.domain;

import java.util.Optional;

/**
 * Whether a checkpoint request is new, the same as one already taken, or other content under an id already taken: the
 * one rule by which REST intake and the Kafka intake decide "already known". A checkpoint that failed to plan is not
 * known: it may be submitted again, with the same content (a bank file since fixed) or another.
 */
public enum Admission {
    /** Never taken, or taken and failed: publish it (REST), plan and publish its pairs (Kafka). */
    NEW,
    /** The same content as a checkpoint taken: nothing is published twice. */
    SAME,
    /** Other content under the id of a checkpoint taken: refused (409 over REST, dead letter on Kafka). */
    CONFLICT;

    public static Admission of(Optional<CheckpointStatus> known, String contentHash) {
        if (known.isEmpty() || known.get().state() == CheckpointStatus.State.FAILED) {
            return NEW;
        }
        return known.get().contentHash().equals(contentHash) ? SAME : CONFLICT;
    }
}
