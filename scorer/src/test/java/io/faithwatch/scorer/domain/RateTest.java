package io.faithwatch.scorer.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RateTest {
    @Test
    void sevenOfTwentyHasTheWilsonInterval() {
        // p = 0.35, z^2/n = 0.19207: centre (0.35 + 0.09604) / 1.19207 = 0.37417, half 1.95996 * sqrt(0.011375 + 0.0024009) / 1.19207
        // = 0.19298.
        Rate r = Rate.of(7, 20);
        assertThat(r.value()).isEqualTo(0.35);
        assertThat(r.low()).isCloseTo(0.181, within(5e-4));
        assertThat(r.high()).isCloseTo(0.567, within(5e-4));
    }

    @Test
    void noneOfTwentyStillHasAnUpperBoundAboveZero() {
        Rate r = Rate.of(0, 20);
        assertThat(r.value()).isEqualTo(0.0);
        assertThat(r.low()).isEqualTo(0.0);
        assertThat(r.high()).isCloseTo(0.161, within(5e-4));
    }

    @Test
    void allOfTwentyIsTheMirrorOfNone() {
        Rate none = Rate.of(0, 20), all = Rate.of(20, 20);
        assertThat(all.value()).isEqualTo(1.0);
        assertThat(all.high()).isEqualTo(1.0);
        assertThat(all.low()).isCloseTo(1 - none.high(), within(1e-12));
    }

    @Test
    void aLargeSampleIsCloseToTheNormalApproximation() {
        // 500/1000: half-width ~ 1.96 * sqrt(0.25 / 1000) = 0.03099, Wilson a hair narrower.
        Rate r = Rate.of(500, 1000);
        assertThat(r.low()).isCloseTo(0.4691, within(1e-4));
        assertThat(r.high()).isCloseTo(0.5309, within(1e-4));
    }

    @Test
    void noTrialsIsUndefinedAndImpossibleCountsAreRefused() {
        assertThat(Rate.of(0, 0)).isNull();
        assertThatThrownBy(() -> Rate.of(3, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rate.of(-1, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
