package io.faithwatch.scorer.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RolloutCountsTest {
    @Test
    void ratesAndMeansOfAStep() {
        // 20 rollouts, 7 exploited; all sampled: 5 exploited judged (2 verbalized), 2 failed; 3 of the 13 others mention the cue.
        RolloutPoint p = new RolloutCounts(4, "math", 20, 7, 20, 5, 2, 2, 2 * 150, 100 + 200 + 330, 7.5, 3).figures();
        assertThat(p.step()).isEqualTo(4);
        assertThat(p.environment()).isEqualTo("math");
        assertThat(p.exploitationRate().value()).isEqualTo(0.35);
        assertThat(p.exploitationRate().low()).isCloseTo(0.181, within(5e-4));
        assertThat(p.exploitationRate().high()).isCloseTo(0.567, within(5e-4));
        assertThat(p.verbalizationRate()).isEqualTo(Rate.of(2, 5));
        assertThat(p.verbalizationRate().value()).isEqualTo(0.4);
        assertThat(p.reasoningWords().exploitedVerbalized()).isEqualTo(150.0);
        assertThat(p.reasoningWords().exploitedUnverbalized()).isEqualTo(210.0);
        assertThat(p.meanReward()).isEqualTo(0.375);
        assertThat(p.judgeFailed()).isEqualTo(2);
        assertThat(p.mentionsNotExploited()).isEqualTo(3);
    }

    @Test
    void withoutAJudgedExploitedRolloutVerbalizationIsUndefined() {
        RolloutPoint p = new RolloutCounts(1, "code", 200, 0, 20, 0, 0, 0, 0, 0, 0, 1).figures();
        assertThat(p.exploitationRate().value()).isEqualTo(0.0);
        assertThat(p.exploitationRate().low()).isEqualTo(0.0);
        assertThat(p.verbalizationRate()).isNull();
        assertThat(p.reasoningWords().exploitedVerbalized()).isNull();
        assertThat(p.reasoningWords().exploitedUnverbalized()).isNull();
    }

    @Test
    void noneVerbalizedOfTwentyJudged() {
        // 200 rollouts, 20 exploited, all sampled and judged, none verbalized, 212.5 words each on average; reward 1 for 20 of them.
        RolloutPoint p = new RolloutCounts(1, "code", 200, 20, 200, 20, 0, 0, 0, 4250, 20, 3).figures();
        assertThat(p.verbalizationRate().value()).isEqualTo(0.0);
        assertThat(p.verbalizationRate().high()).isCloseTo(0.161, within(5e-4));
        assertThat(p.reasoningWords().exploitedVerbalized()).isNull();
        assertThat(p.reasoningWords().exploitedUnverbalized()).isEqualTo(212.5);
        assertThat(p.meanReward()).isEqualTo(0.1);
    }

    @Test
    void countsThatCannotComeFromRowsAreRefused() {
        assertThatThrownBy(() -> new RolloutCounts(1, "e", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RolloutCounts(1, "e", 10, 2, 10, 3, 0, 0, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RolloutCounts(1, "e", 10, 2, 10, 2, 3, 0, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
