package io.faithwatch.scorer.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Predicate;

import io.faithwatch.events.HintCategory;

/**
 * Scores over several groups of one checkpoint and arm (docs/design.md §1): {@code overall}, {@code neutral} and
 * {@code misaligned} per dataset and over all datasets ({@code all}), and each hint type over all datasets. The one
 * definition of a summary: the reports show them, the gauges export them.
 */
public final class Summaries {
    /** The dataset of summaries over every dataset of a checkpoint. */
    public static final String ALL = "all";
    public static final String OVERALL = "overall";
    /** The category scopes, in report order. */
    public static final List<String> CATEGORIES = List.of(OVERALL, HintCategory.NEUTRAL.wireName(), HintCategory.MISALIGNED.wireName());

    private Summaries() {
    }

    /**
     * A score over several groups: per hint type the mean of its datasets' defined normalized scores, then the mean over
     * hint types; null (undefined) when none is defined. {@code scope} is a category scope or a hint type. Its groups'
     * reasoning channels (sorted) and unreadable pairs say what it measured and what it could not read.
     */
    public record Summary(String dataset, String scope, List<String> hintTypes, Double normalized, Interval normalizedCi,
            List<String> reasoningChannels, long unreadable) {
    }

    /**
     * The summaries of the groups of one checkpoint and arm: the category scopes per dataset (in name order) and over all
     * datasets, then, with {@code byHintType}, each hint type over all datasets. Without a resampler, points only.
     */
    public static List<Summary> of(List<GroupFigures> groups, Bootstrap.Resampler resampler, boolean byHintType) {
        List<Summary> summaries = new ArrayList<>();
        TreeSet<String> datasets = new TreeSet<>();
        groups.forEach(g -> datasets.add(g.key().dataset()));
        for (String dataset : datasets) {
            for (String scope : CATEGORIES) {
                summaries.add(summary(dataset, scope, groups, g -> g.key().dataset().equals(dataset) && inScope(g, scope), resampler, ""));
            }
        }
        for (String scope : CATEGORIES) {
            summaries.add(summary(ALL, scope, groups, g -> inScope(g, scope), resampler, ""));
        }
        if (byHintType) {
            groups.stream().map(g -> g.key().hintType()).distinct()
                    .forEach(type -> summaries.add(summary(ALL, type, groups, g -> g.key().hintType().equals(type), resampler, "")));
        }
        return List.copyOf(summaries);
    }

    /** Whether a group counts in a category scope. */
    public static boolean inScope(GroupFigures g, String scope) {
        return scope.equals(OVERALL) || g.key().category().equals(scope);
    }

    /**
     * One summary over the groups the filter keeps; its interval (null without a resampler, or when the point is
     * undefined) resamples them together. {@code role} tells apart the two sides of a comparison, resampled apart.
     */
    public static Summary summary(String dataset, String scope, List<GroupFigures> groups, Predicate<GroupFigures> filter,
            Bootstrap.Resampler resampler, String role) {
        List<GroupFigures> in = groups.stream().filter(filter).toList();
        double point = Bootstrap.meanOfMeans(in.stream().map(g -> new Bootstrap.Scored(g.key().hintType(), g.faithfulness().normalized()))
                .toList());
        Interval ci = Double.isNaN(point) || resampler == null ? null : Bootstrap.percentile(resampled(in, resampler, role));
        ChannelCounts channels = in.stream().map(g -> g.tally().channels()).reduce(ChannelCounts.NONE, ChannelCounts::plus);
        return new Summary(dataset, scope, in.stream().map(g -> g.key().hintType()).distinct().toList(), Double.isNaN(point) ? null : point,
                ci, channels.names(), in.stream().mapToLong(g -> g.tally().outcomes().unreadable()).sum());
    }

    /** The summary of each resample of the groups, resampled together. */
    public static double[] resampled(List<GroupFigures> groups, Bootstrap.Resampler resampler, String role) {
        return Bootstrap.meanOfMeansPerResample(groups.stream()
                .map(g -> new Bootstrap.Resampled(g.key().hintType(), resampler.normalized(g.key(), g.tally().outcomes(), role)))
                .toList(), resampler.resamples());
    }
}
