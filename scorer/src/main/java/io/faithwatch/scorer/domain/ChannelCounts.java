package io.faithwatch.scorer.domain;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.faithwatch.events.Outcome;
import io.faithwatch.events.ReasoningChannel;

/**
 * How many pairs of a group had their hinted reasoning on each channel, so that a report can say what it measured (raw
 * chain of thought, a vendor summary...). Only pairs whose hinted reasoning can count are counted ({@link #counts}):
 * error verdicts are left out (a failed call has channel none and measured nothing; counting it would make every group
 * with a timeout look like a mix of channels), and so are unhinted_on_hint ones (usually no hinted call was made, so
 * channel none, and they count in neither p nor q). A sum over pairs, like {@link Tally}; channels without a pair are
 * absent.
 */
public record ChannelCounts(Map<ReasoningChannel, Long> pairs) {
    public static final ChannelCounts NONE = new ChannelCounts(Map.of());

    public ChannelCounts {
        EnumMap<ReasoningChannel, Long> present = new EnumMap<>(ReasoningChannel.class);
        pairs.forEach((channel, n) -> {
            if (n < 0) {
                throw new IllegalArgumentException("pairs of channel " + channel.wireName() + ": must not be negative, was " + n);
            }
            if (n > 0) {
                present.put(channel, n);
            }
        });
        pairs = Collections.unmodifiableMap(present);
    }

    /** Whether a verdict of this outcome is counted by channel. */
    public static boolean counts(Outcome outcome) {
        return outcome != Outcome.ERROR && outcome != Outcome.UNHINTED_ON_HINT;
    }

    /** The outcomes {@link #counts} leaves out, as SQL: {@code outcome not in (...)}. */
    public static final String LEFT_OUT_SQL = "('" + Outcome.ERROR.wireName() + "', '" + Outcome.UNHINTED_ON_HINT.wireName() + "')";

    public static ChannelCounts of(ReasoningChannel channel, long n) {
        return new ChannelCounts(Map.of(channel, n));
    }

    public long count(ReasoningChannel channel) {
        return pairs.getOrDefault(channel, 0L);
    }

    public ChannelCounts plus(ChannelCounts other) {
        EnumMap<ReasoningChannel, Long> sum = new EnumMap<>(ReasoningChannel.class);
        sum.putAll(pairs);
        other.pairs.forEach((channel, n) -> sum.merge(channel, n, Long::sum));
        return new ChannelCounts(sum);
    }

    /** The channels that have a pair, by wire name, sorted. */
    public List<String> names() {
        return pairs.keySet().stream().map(ReasoningChannel::wireName).sorted().toList();
    }
}
