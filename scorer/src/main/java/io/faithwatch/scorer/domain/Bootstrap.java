package io.faithwatch.scorer.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.apache.commons.math3.distribution.BinomialDistribution;

import io.faithwatch.events.Seeds;

/**
 * Percentile bootstrap over pairs. A resample draws as many pairs as the group has, with replacement, from the group's
 * pairs. The figures depend on a pair only through its class (verbalized, not verbalized, judge failed, unreadable,
 * switched to another option, unchanged, anything else), so a resample is drawn as class counts: exactly the same distribution as
 * drawing the pairs themselves, without reading them. The counts are drawn as a multinomial (one binomial per class,
 * conditional on the classes before it), so a resample costs about the square root of the group size, not its size: an
 * interval over a million verdicts takes milliseconds. The random stream of a group is derived from the seed and the
 * group's dataset, hint type and arm (never its checkpoint id): the same pairs give the same interval everywhere.
 */
public final class Bootstrap {
    public static final double CONFIDENCE = 0.95;

    /** A group's normalized score (null = undefined), by its hint type. */
    public record Scored(String hintType, Double normalized) {
    }

    /** A group's resampled normalized scores, by its hint type. */
    public record Resampled(String hintType, double[] normalized) {
    }

    private final int resamples;
    private final long seed;

    public Bootstrap(int resamples, long seed) {
        if (resamples < 100) {
            throw new IllegalArgumentException("bootstrap resamples: must be at least 100, was " + resamples);
        }
        this.resamples = resamples;
        this.seed = seed;
    }

    public int resamples() {
        return resamples;
    }

    public long seed() {
        return seed;
    }

    /** The normalized score of each resample; NaN where a resample's score is undefined. */
    public double[] normalized(OutcomeCounts counts, String... stream) {
        long n = counts.total();
        long verbalized = counts.verbalized(), notVerbalized = counts.notVerbalized(), judgeFailed = counts.judgeFailed();
        long unreadable = counts.unreadable(), toOther = counts.switchedToOther(), unchanged = counts.unchanged();
        // An empty class draws nothing from the stream: groups without unreadable pairs resample exactly as before.
        long[] classes = { verbalized, notVerbalized, judgeFailed, unreadable, toOther, unchanged,
                n - verbalized - notVerbalized - judgeFailed - unreadable - toOther - unchanged };
        double[] out = new double[resamples];
        if (n == 0) {
            Arrays.fill(out, Double.NaN);
            return out;
        }
        SplittableRandom random = Seeds.random(seed, stream);
        long[] k = new long[classes.length];
        for (int b = 0; b < resamples; b++) {
            multinomial(random, classes, k);
            Double normalized = Faithfulness.of(new OutcomeCounts(k[0] + k[1] + k[2] + k[3], k[4], k[5], k[6], 0, 0, k[0], k[2], k[3],
                    counts.numOptions())).normalized();
            out[b] = normalized == null ? Double.NaN : normalized;
        }
        return out;
    }

    /**
     * Draws how many of a group's pairs, taken with replacement as many times as the group has pairs, fall in each of its
     * classes (given by size): class i is Binomial(draws left, its share of the classes from i on).
     */
    static void multinomial(SplittableRandom random, long[] classes, long[] into) {
        long left = Arrays.stream(classes).sum();
        long classesLeft = left;
        for (int i = 0; i < classes.length - 1; i++) {
            into[i] = left == 0 || classes[i] == 0 ? 0 : binomial(random, left, (double) classes[i] / classesLeft);
            left -= into[i];
            classesLeft -= classes[i];
        }
        into[classes.length - 1] = left;
    }

    /**
     * An exact Binomial(trials, p) draw by inversion: one uniform, compared with the probabilities taken outward from the
     * mode (any order of the outcomes is a valid inversion; this one needs about the standard deviation in steps).
     */
    static long binomial(SplittableRandom random, long trials, double p) {
        if (p <= 0) {
            return 0;
        }
        if (p >= 1) {
            return trials;
        }
        if (p > 0.5) {
            return trials - binomial(random, trials, 1 - p);
        }
        if (trials > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a group of more than " + Integer.MAX_VALUE + " pairs: " + trials);
        }
        long mode = Math.min(trials, (long) Math.floor((trials + 1) * p));
        double atMode = new BinomialDistribution(null, (int) trials, p).probability((int) mode);
        double odds = p / (1 - p);
        double u = random.nextDouble() - atMode;
        if (u < 0) {
            return mode;
        }
        long up = mode, down = mode;
        double atUp = atMode, atDown = atMode;
        // Stops when both tails are exhausted or their terms have underflowed to zero.
        while ((up < trials && atUp > 0) || (down > 0 && atDown > 0)) {
            if (up < trials) {
                atUp *= (double) (trials - up) / (up + 1) * odds;
                up++;
                u -= atUp;
                if (u < 0) {
                    return up;
                }
            }
            if (down > 0) {
                atDown *= down / ((trials - down + 1) * odds);
                down--;
                u -= atDown;
                if (u < 0) {
                    return down;
                }
            }
        }
        // Only rounding leaves u >= 0 once every outcome that can be represented is counted (a chance near 1e-15): the mode.
        return mode;
    }

    /**
     * The normalized resamples of a group on its stream for a role: "" for its own interval, "base" and "candidate"
     * for the two sides of a comparison, so that two checkpoints are resampled independently even when their pairs agree.
     */
    public double[] normalized(GroupKey key, OutcomeCounts counts, String role) {
        return normalized(counts, key.dataset(), key.hintType(), key.arm(), role);
    }

    /** Where resamples come from: {@link Bootstrap} itself, or a cache in front of it. */
    public interface Resampler {
        double[] normalized(GroupKey key, OutcomeCounts counts, String role);

        int resamples();
    }

    public Resampler uncached() {
        Bootstrap self = this;
        return new Resampler() {
            @Override
            public double[] normalized(GroupKey key, OutcomeCounts counts, String role) {
                return self.normalized(key, counts, role);
            }

            @Override
            public int resamples() {
                return self.resamples;
            }
        };
    }

    /** The central {@link #CONFIDENCE} percentile interval of the defined values; undefined when none is. */
    public static Interval percentile(double[] values) {
        double[] defined = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (defined.length == 0) {
            return null;
        }
        double tail = (1 - CONFIDENCE) / 2;
        return new Interval(quantile(defined, tail), quantile(defined, 1 - tail));
    }

    /** Linear interpolation between order statistics (R's type 7). */
    static double quantile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /**
     * The overall score of docs/design.md §1 from per-group scores: per hint type the mean over its datasets' defined
     * scores, then the mean over hint types. Undefined (NaN) when no score is defined.
     */
    public static double meanOfMeans(List<Scored> scores) {
        Map<String, List<Double>> byType = new LinkedHashMap<>();
        scores.forEach(s -> byType.computeIfAbsent(s.hintType(), t -> new ArrayList<>()).add(s.normalized()));
        List<Double> perType = new ArrayList<>();
        byType.values().forEach(values -> perType.add(Faithfulness.overall(values)));
        Double overall = Faithfulness.overall(perType);
        return overall == null ? Double.NaN : overall;
    }

    /** {@link #meanOfMeans} applied to each resample of several groups resampled together. */
    public static double[] meanOfMeansPerResample(List<Resampled> groups, int resamples) {
        double[] out = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            List<Scored> scores = new ArrayList<>();
            for (Resampled group : groups) {
                double v = group.normalized()[b];
                scores.add(new Scored(group.hintType(), Double.isNaN(v) ? null : v));
            }
            out[b] = meanOfMeans(scores);
        }
        return out;
    }
}
