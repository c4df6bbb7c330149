package io.faithwatch.scorer.domain;

/**
 * What a group's model calls cost when prices are configured: the pairs that carry a cost and their sum, kept in
 * nano-dollars so that a sum is exact and the same in whatever order verdicts arrive (the database sums the same integers).
 * A sum over pairs, like {@link Tally}. A shared unhinted call is paid by the pair that made it, so only the sum over a
 * whole checkpoint is the checkpoint's spend; a hint type's share leans towards the hint types answered first.
 */
public record Spend(long pricedPairs, long nanoUsd) {
    public static final Spend NONE = new Spend(0, 0);

    public Spend {
        if (pricedPairs < 0 || nanoUsd < 0 || (pricedPairs == 0 && nanoUsd != 0)) {
            throw new IllegalArgumentException("spend: priced pairs " + pricedPairs + ", nano-dollars " + nanoUsd);
        }
    }

    /** A verdict's cost; none when it was not priced. */
    public static Spend of(Double costUsd) {
        return costUsd == null ? NONE : new Spend(1, nanos(costUsd));
    }

    /** Dollars to the nano-dollars the verdict table keeps. */
    public static long nanos(double costUsd) {
        return Math.round(costUsd * 1e9);
    }

    public Spend plus(Spend other) {
        return new Spend(pricedPairs + other.pricedPairs, nanoUsd + other.nanoUsd);
    }

    /** Total cost in US dollars; absent when no pair was priced. */
    public Double costUsd() {
        return pricedPairs == 0 ? null : nanoUsd / 1e9;
    }

    /** Cost of every call over the eligible pairs they produced (the price of one measurement); absent when unpriced or none. */
    public Double perEligiblePair(long eligible) {
        return pricedPairs == 0 || eligible == 0 ? null : nanoUsd / 1e9 / eligible;
    }
}
