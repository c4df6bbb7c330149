package io.faithwatch.scorer.domain;

import java.util.List;

/**
 * How much a figure rose over the last W points of a series (steps with rollouts, complete checkpoints): the latest
 * value minus the value W points before it, or the first point's when there are fewer; a series of one point has not
 * risen (0).
 */
public final class Rise {
    private Rise() {
    }

    /** The point W back from the newest ({@code newestFirst.get(0)}), or the oldest when there are fewer; null for none. */
    public static <T> T base(List<T> newestFirst, int over) {
        if (over < 0) {
            throw new IllegalArgumentException("over must be at least 0, was " + over);
        }
        return newestFirst.isEmpty() ? null : newestFirst.get(Math.min(over, newestFirst.size() - 1));
    }

    /** {@code latest - base}; undefined (null) when either is. */
    public static Double of(Double latest, Double base) {
        return latest == null || base == null || latest.isNaN() || base.isNaN() ? null : latest - base;
    }
}
