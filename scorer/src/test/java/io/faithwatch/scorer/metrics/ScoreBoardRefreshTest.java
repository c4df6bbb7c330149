package io.faithwatch.scorer.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScoreBoardRefreshTest {
    @Test
    void aQuickRefreshKeepsTheConfiguredPeriod() {
        assertThat(ScoreBoard.nextRefreshMillis(5_000, 0)).isEqualTo(5_000);
        assertThat(ScoreBoard.nextRefreshMillis(5_000, 400)).isEqualTo(5_000);
    }

    @Test
    void aCostlyRefreshIsFollowedByNineTimesItsDurationSoIntervalsTakeAtMostATenthOfACore() {
        assertThat(ScoreBoard.nextRefreshMillis(5_000, 1_000)).isEqualTo(9_000);
        long took = 2_500;
        long pause = ScoreBoard.nextRefreshMillis(1_000, took);
        assertThat((double) took / (took + pause)).isLessThanOrEqualTo(0.10);
    }
}
