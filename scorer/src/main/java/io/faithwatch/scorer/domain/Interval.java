package io.faithwatch.scorer.domain;

/** A confidence interval; {@code null} where it is used means undefined. */
public record Interval(double low, double high) {

    public boolean excludesZero() {
        return low > 0 || high < 0;
    }
}
