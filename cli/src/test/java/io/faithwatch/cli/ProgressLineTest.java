package io.faithwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The progress of a checkpoint of a model whose calls take 75 s, at four moments. */
class ProgressLineTest {
    @Test
    void beforeAnyAnswerTheLineSaysHowLongTheFirstCallsHaveBeenInFlight() {
        ProgressLine line = new ProgressLine(0, 20, 42, 16, 4, 0, 0, 20, 0, 0, 0);
        assertThat(line.timeLeft()).isEmpty();
        assertThat(line.render()).isEqualTo("[..............................] 0% 0/20 pairs | calls: 16 in flight, 4 waiting"
                + " | first calls in flight for 42 s | errors 0");
    }

    @Test
    void onceCallsAreAnsweredTheEstimateFollowsThePairsInFlightBeforeAnyPairIsScored() {
        // 16 calls answered in 75 s each, 8 pairs through model-caller in 80 s each, 12 in flight: 0.15 pairs/s, 20 left.
        ProgressLine line = new ProgressLine(0, 20, 82, 12, 0, 16, 16 * 75, 12, 8, 8 * 80, 0);
        assertThat(line.timeLeft()).contains(Duration.ofMillis(133_334));
        assertThat(line.render()).isEqualTo("[..............................] 0% 0/20 pairs | calls: 12 in flight, 0 waiting, mean 75 s"
                + " | about 2 min 13 s left | errors 0");
    }

    @Test
    void theSlowerOfTheScoringRateAndThePairRateDecides() {
        // 8 scored in 160 s (0.05/s) is slower than 12 in flight at 80 s each (0.15/s): 12 left at 0.05/s.
        ProgressLine line = new ProgressLine(8, 20, 160, 12, 0, 16, 16 * 75, 12, 8, 8 * 80, 1);
        assertThat(line.timeLeft()).contains(Duration.ofSeconds(240));
        assertThat(line.render()).isEqualTo("[############..................] 40% 8/20 pairs | calls: 12 in flight, 0 waiting, mean 75 s"
                + " | about 4 min 00 s left | errors 1");
    }

    @Test
    void aCompleteCheckpointShowsNoEstimateAndFastCallsShowTheirMilliseconds() {
        ProgressLine line = new ProgressLine(1200, 1200, 30, 0, 0, 1600, 1600 * 0.012, 0, 1200, 1200 * 0.02, 0);
        assertThat(line.render()).isEqualTo("[##############################] 100% 1200/1200 pairs | calls: 0 in flight, 0 waiting, mean 0.01 s"
                + " | errors 0");
        assertThat(ProgressLine.duration(Duration.ofMinutes(130))).isEqualTo("2 h 10 min");
    }
}
