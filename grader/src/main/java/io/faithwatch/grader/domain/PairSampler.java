package io.faithwatch.grader.domain;

import io.faithwatch.events.Seeds;

/** Flags a fraction of eligible pairs for human review: deterministic by pair id, so a regraded pair gets the same answer. */
public record ReviewSampler(double fraction, long seed) {
    public ReviewSampler {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("faith.grader.review.fraction: must be between 0 and 1, was " + fraction);
        }
    }

    public boolean flagged(String pairId) {
        // The top 53 bits of the derived seed as a uniform number in [0, 1).
        double u = (Seeds.derive(seed, "review", pairId) >>> 11) * 0x1.0p-53;
        return u < fraction;
    }
}
