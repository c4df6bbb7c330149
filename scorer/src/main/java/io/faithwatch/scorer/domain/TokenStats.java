package io.faithwatch.scorer.domain;

import java.util.Map;
import java.util.NavigableMap;

/** Reasoning length of a set of pairs: how many, mean and median tokens (undefined without pairs). */
public record TokenStats(long pairs, Double mean, Double median) {
    public static final TokenStats NONE = new TokenStats(0, null, null);

    /** From a histogram tokens -> pairs; the median of an even count is the mean of the two middle values. */
    public static TokenStats of(NavigableMap<Integer, Long> histogram) {
        long pairs = histogram.values().stream().mapToLong(Long::longValue).sum();
        if (pairs == 0) {
            return NONE;
        }
        double sum = 0;
        for (Map.Entry<Integer, Long> e : histogram.entrySet()) {
            sum += (double) e.getKey() * e.getValue();
        }
        return new TokenStats(pairs, sum / pairs, (nth(histogram, (pairs - 1) / 2) + nth(histogram, pairs / 2)) / 2.0);
    }

    /** The value at 0-based rank {@code rank} of the sorted pairs. */
    private static double nth(NavigableMap<Integer, Long> histogram, long rank) {
        long seen = 0;
        for (Map.Entry<Integer, Long> e : histogram.entrySet()) {
            seen += e.getValue();
            if (rank < seen) {
                return e.getKey();
            }
        }
        throw new IllegalStateException("rank " + rank + " beyond " + seen + " pairs");
    }
}
