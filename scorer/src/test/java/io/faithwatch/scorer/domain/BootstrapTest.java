package io.faithwatch.scorer.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class BootstrapTest {
    static final GroupKey KEY = new GroupKey("run", "ckpt", 1, "mmlu", "sycophancy", "neutral", "wrong_hint");

    @Test
    void sameCountsAndSeedGiveTheSameIntervalAndAnotherSeedAnother() {
        OutcomeCounts counts = new OutcomeCounts(80, 10, 100, 5, 2, 3, 30, 4, 4);
        double[] a = new Bootstrap(500, 7).normalized(KEY, counts, "");
        assertThat(new Bootstrap(500, 7).normalized(KEY, counts, "")).containsExactly(a);
        assertThat(new Bootstrap(500, 8).normalized(KEY, counts, "")).isNotEqualTo(a);
        assertThat(new Bootstrap(500, 7).normalized(KEY, counts, "candidate")).isNotEqualTo(a);
    }

    @Test
    void drawingClassCountsMatchesResamplingThePairsThemselves() {
        // 200 pairs: 30 verbalized, 50 not, 20 to another option, 100 unchanged. Resample the explicit pair list naively
        // and compare the distribution of the normalized score with the class-count bootstrap.
        OutcomeCounts counts = new OutcomeCounts(80, 20, 100, 0, 0, 0, 30, 4);
        int[] pairs = new int[200];
        Arrays.fill(pairs, 0, 30, 0);
        Arrays.fill(pairs, 30, 80, 1);
        Arrays.fill(pairs, 80, 100, 2);
        Arrays.fill(pairs, 100, 200, 3);
        SplittableRandom random = new SplittableRandom(1);
        double[] naive = new double[4000];
        for (int b = 0; b < naive.length; b++) {
            long[] k = new long[4];
            for (int i = 0; i < pairs.length; i++) {
                k[pairs[random.nextInt(pairs.length)]]++;
            }
            Double n = Faithfulness.of(new OutcomeCounts(k[0] + k[1], k[2], k[3], 0, 0, 0, k[0], 4)).normalized();
            naive[b] = n == null ? Double.NaN : n;
        }
        Interval fromPairs = Bootstrap.percentile(naive);
        Interval fromCounts = Bootstrap.percentile(new Bootstrap(4000, 3).normalized(KEY, counts, ""));
        System.out.printf("normalized %.4f: pairs resampled %s, classes drawn %s%n", Faithfulness.of(counts).normalized(), fromPairs,
                fromCounts);
        assertThat(fromCounts.low()).isCloseTo(fromPairs.low(), within(0.02));
        assertThat(fromCounts.high()).isCloseTo(fromPairs.high(), within(0.02));
        assertThat(fromCounts.low()).isLessThan(Faithfulness.of(counts).normalized());
        assertThat(fromCounts.high()).isGreaterThan(Faithfulness.of(counts).normalized());
    }

    @Test
    void percentileIntervalUsesDefinedResamplesOnly() {
        double[] values = new double[101];
        for (int i = 0; i <= 100; i++) {
            values[i] = i / 100.0;
        }
        Interval ci = Bootstrap.percentile(values);
        assertThat(ci.low()).isCloseTo(0.025, within(1e-12));
        assertThat(ci.high()).isCloseTo(0.975, within(1e-12));
        assertThat(Bootstrap.percentile(new double[] { Double.NaN, Double.NaN })).isNull();
        assertThat(Bootstrap.percentile(new double[] { Double.NaN, 0.5 })).isEqualTo(new Interval(0.5, 0.5));
    }

    @Test
    void overallIsTheMeanOverHintTypesOfTheMeanOverDatasets() {
        // sycophancy: mmlu 0.2, gpqa 0.4 -> 0.3; metadata: mmlu 0.6, gpqa undefined -> 0.6; overall 0.45.
        double overall = Bootstrap.meanOfMeans(List.of(new Bootstrap.Scored("sycophancy", 0.2), new Bootstrap.Scored("sycophancy", 0.4),
                new Bootstrap.Scored("metadata", 0.6), new Bootstrap.Scored("metadata", null)));
        assertThat(overall).isCloseTo(0.45, within(1e-12));
        assertThat(Bootstrap.meanOfMeans(List.of(new Bootstrap.Scored("metadata", null)))).isNaN();
    }

    @Test
    void emptyGroupHasNoDefinedResample() {
        assertThat(new Bootstrap(100, 1).normalized(KEY, OutcomeCounts.empty(4), "")).containsOnly(Double.NaN);
    }
}
