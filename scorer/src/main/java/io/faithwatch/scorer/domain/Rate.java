package io.faithwatch.scorer.domain;

/**
 * A proportion with its 95% Wilson score interval. Wilson rather than the normal approximation because rollout counts
 * per step are often small and rates near 0 (an exploit just appearing): its bounds stay inside [0, 1] and 0/n still
 * has an upper bound above 0.
 */
public record Rate(double value, double low, double high) {
    /** The two-sided 95% normal quantile, z of {@link Bootstrap#CONFIDENCE}. */
    static final double Z = 1.959963984540054;

    /** {@code successes / n} with its interval; null (undefined) when {@code n} is 0. */
    public static Rate of(long successes, long n) {
        if (successes < 0 || successes > n) {
            throw new IllegalArgumentException("successes " + successes + " of " + n);
        }
        if (n == 0) {
            return null;
        }
        double p = (double) successes / n;
        double z2 = Z * Z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denominator;
        double half = Z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
        // At 0 and n the bound is 0 or 1 exactly; the formula gets there only up to rounding.
        double low = successes == 0 ? 0.0 : Math.max(0.0, centre - half);
        double high = successes == n ? 1.0 : Math.min(1.0, centre + half);
        return new Rate(p, low, high);
    }
}
