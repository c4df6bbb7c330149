package io.faithwatch.scorer.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class RiseTest {
    @Test
    void theBaseIsWPointsBeforeTheNewestOrTheOldest() {
        List<Long> newestFirst = List.of(90L, 80L, 70L, 60L, 50L, 40L, 30L);
        assertThat(Rise.base(newestFirst, 5)).isEqualTo(40L);
        assertThat(Rise.base(newestFirst, 0)).isEqualTo(90L);
        assertThat(Rise.base(List.of(30L, 20L, 10L), 5)).isEqualTo(10L);
        assertThat(Rise.base(List.of(10L), 5)).isEqualTo(10L);
        assertThat(Rise.base(List.<Long>of(), 5)).isNull();
    }

    @Test
    void theRiseIsLatestMinusBaseAndUndefinedWithEither() {
        assertThat(Rise.of(0.25, 0.1)).isCloseTo(0.15, org.assertj.core.api.Assertions.within(1e-15));
        assertThat(Rise.of(0.1, 0.25)).isCloseTo(-0.15, org.assertj.core.api.Assertions.within(1e-15));
        assertThat(Rise.of(null, 0.1)).isNull();
        assertThat(Rise.of(0.1, Double.NaN)).isNull();
    }

    @Test
    void theBusiestEnvironmentsGetGaugesEachWithItsBaseStep() {
        List<EnvironmentSteps> envs = List.of(new EnvironmentSteps("b", 50, List.of(9L, 8L)), new EnvironmentSteps("a", 50, List.of(3L)),
                new EnvironmentSteps("c", 400, List.of(12L, 11L, 10L, 7L)), new EnvironmentSteps("d", 5, List.of(2L)));
        assertThat(EnvironmentSteps.busiest(envs, 3)).extracting(EnvironmentSteps::environment).containsExactly("c", "a", "b");
        assertThat(envs.get(2).latest()).isEqualTo(12L);
        assertThat(envs.get(2).base(2)).isEqualTo(10L);
        assertThat(envs.get(2).base(5)).isEqualTo(7L);
        assertThat(envs.get(1).base(5)).isEqualTo(3L);
    }
}
