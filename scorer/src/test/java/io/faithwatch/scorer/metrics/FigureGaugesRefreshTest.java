package io.faithwatch.scorer.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FigureGaugesRefreshTest {
    @Test
    void aQuickRefreshKeepsTheConfiguredPeriod() {
        assertThat(FigureGauges.nextRefreshMillis(5_000, 0)).isEqualTo(5_000);
        assertThat(FigureGauges.nextRefreshMillis(5_000, 400)).isEqualTo(5_000);
    }

    @Test
    void aCostlyRefreshIsFollowedByNineTimesItsDurationSoIntervalsTakeAtMostATenthOfACore() {
        assertThat(FigureGauges.nextRefreshMillis(5_000, 1_000)).isEqualTo(9_000);
        long took = 2_500;
        long pause = FigureGauges.nextRefreshMillis(1_000, took);
        assertThat((double) took / (took + pause)).isLessThanOrEqualTo(0.10);
    }
}
