package io.faithwatch.grader.domain;

import io.faithwatch.events.Seeds;

/**
 * Chooses a fraction of pairs for a purpose ({@code review}: eligible pairs flagged for human review; {@code evidence}:
 * pairs that are not eligible whose texts are kept): deterministic by pair id, so a regraded pair gets the same answer
 * on every instance, and independent from one purpose to the other.
 */
public record PairSampler(String purpose, double fraction, long seed) {
    public PairSampler {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("faith.grader." + purpose + ".fraction: must be between 0 and 1, was " + fraction);
        }
    }

    public boolean chosen(String pairId) {
        return uniform(seed, purpose, pairId) < fraction;
    }

    /** A number in [0, 1) fixed by the seed, the purpose and the id: the top 53 bits of the derived seed. */
    static double uniform(long seed, String purpose, String id) {
        return (Seeds.derive(seed, purpose, id) >>> 11) * 0x1.0p-53;
    }
}
