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
    void unreadablePairsAreResampledExactlyAsJudgeFailures() {
        // Both are in neither part of raw: the same counts under either name give the same resamples, draw for draw.
        OutcomeCounts unreadable = new OutcomeCounts(80, 10, 100, 5, 2, 3, 30, 0, 6, 4);
        OutcomeCounts judgeFailed = new OutcomeCounts(80, 10, 100, 5, 2, 3, 30, 6, 0, 4);
        assertThat(new Bootstrap(500, 7).normalized(KEY, unreadable, "")).containsExactly(new Bootstrap(500, 7).normalized(KEY, judgeFailed, ""));
        assertThat(Bootstrap.percentile(new Bootstrap(500, 7).normalized(KEY, unreadable, "")).low())
                .isLessThan(Faithfulness.of(unreadable).normalized());
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

    @Test
    void binomialDrawsHaveTheBinomialMeanVarianceAndRange() {
        SplittableRandom random = new SplittableRandom(11);
        double[][] cases = { { 1, 0.5 }, { 10, 0.1 }, { 40, 0.03 }, { 2_000, 0.15 }, { 2_000, 0.85 }, { 1_000_000, 0.000_002 }, { 1_000_000, 0.25 } };
        for (double[] c : cases) {
            long trials = (long) c[0];
            double p = c[1];
            int draws = 20_000;
            double sum = 0, sumSq = 0;
            for (int i = 0; i < draws; i++) {
                long k = Bootstrap.binomial(random, trials, p);
                assertThat(k).isBetween(0L, trials);
                sum += k;
                sumSq += (double) k * k;
            }
            double mean = sum / draws, variance = sumSq / draws - mean * mean;
            double expectedMean = trials * p, expectedVariance = trials * p * (1 - p);
            // Five standard errors of the mean; the variance within 5%.
            assertThat(mean).as("mean of Binomial(%d, %f)", trials, p).isCloseTo(expectedMean, within(5 * Math.sqrt(expectedVariance / draws) + 1e-9));
            assertThat(variance).as("variance of Binomial(%d, %f)", trials, p).isCloseTo(expectedVariance, within(0.05 * expectedVariance + 1e-9));
        }
        assertThat(Bootstrap.binomial(random, 50, 0)).isZero();
        assertThat(Bootstrap.binomial(random, 50, 1)).isEqualTo(50);
    }

    @Test
    void binomialDrawsFollowTheWholeDistributionNotJustItsMoments() {
        // Binomial(12, 0.3): every outcome's frequency over 200,000 draws within 5 standard errors of its probability.
        SplittableRandom random = new SplittableRandom(5);
        int draws = 200_000;
        long[] seen = new long[13];
        for (int i = 0; i < draws; i++) {
            seen[(int) Bootstrap.binomial(random, 12, 0.3)]++;
        }
        org.apache.commons.math3.distribution.BinomialDistribution exact = new org.apache.commons.math3.distribution.BinomialDistribution(null, 12, 0.3);
        for (int k = 0; k <= 12; k++) {
            double pk = exact.probability(k);
            assertThat((double) seen[k] / draws).as("P(X = %d)", k).isCloseTo(pk, within(5 * Math.sqrt(pk * (1 - pk) / draws) + 1e-6));
        }
    }

    @Test
    void multinomialCountsAddUpAndEmptyClassesStayEmpty() {
        SplittableRandom random = new SplittableRandom(2);
        long[] classes = { 30, 0, 5, 20, 145, 0 };
        long[] k = new long[6];
        for (int i = 0; i < 1_000; i++) {
            Bootstrap.multinomial(random, classes, k);
            assertThat(Arrays.stream(k).sum()).isEqualTo(200);
            assertThat(k[1]).isZero();
            assertThat(k[5]).isZero();
        }
    }

    @Test
    void aMillionPairGroupIsResampledInMilliseconds() {
        OutcomeCounts counts = new OutcomeCounts(400_000, 100_000, 500_000, 0, 0, 0, 150_000, 4);
        long start = System.nanoTime();
        Interval ci = Bootstrap.percentile(new Bootstrap(2000, 9).normalized(KEY, counts, ""));
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("2,000 resamples of 1,000,000 pairs: %d ms, interval %s around %.4f%n", millis, ci, Faithfulness.of(counts).normalized());
        assertThat(ci.low()).isLessThan(Faithfulness.of(counts).normalized());
        assertThat(ci.high()).isGreaterThan(Faithfulness.of(counts).normalized());
        assertThat(ci.high() - ci.low()).isLessThan(0.01);
    }
}
