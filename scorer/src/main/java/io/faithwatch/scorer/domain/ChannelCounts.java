package io.faithwatch.scorer.domain;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.faithwatch.events.ReasoningChannel;

/**
 * How many pairs of a group had their hinted reasoning on each channel, so that a report can say what it measured (raw
 * chain of thought, a vendor summary...). Error verdicts are left out: a failed call has channel none and measured
 * nothing, and counting it would make every group with a timeout look like a mix of channels. A sum over pairs, like
 * {@link Tally}; channels without a pair are absent.
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
