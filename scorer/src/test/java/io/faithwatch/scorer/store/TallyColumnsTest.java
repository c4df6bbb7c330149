package io.faithwatch.scorer.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.Tuple;
import jakarta.persistence.TupleElement;

import org.junit.jupiter.api.Test;

import io.faithwatch.events.ReasoningChannel;
import io.faithwatch.scorer.domain.ChannelCounts;
import io.faithwatch.scorer.domain.OutcomeCounts;
import io.faithwatch.scorer.domain.Spend;
import io.faithwatch.scorer.domain.Tally;

/** A tally written column by column and read back by name is the same tally: no counter is written or read as another. */
class TallyColumnsTest {
    @Test
    void everyCounterIsReadBackFromItsOwnColumn() {
        // A different count in every counter, so that two counters swapped would show.
        Tally tally = new Tally(new OutcomeCounts(60, 3, 5, 7, 11, 13, 17, 19, 2, 4), 101, 103, 107, 109, 113, 127, 31, 23,
                new ChannelCounts(Map.of(ReasoningChannel.RAW, 41L, ReasoningChannel.SUMMARY, 43L, ReasoningChannel.REDACTED, 47L,
                        ReasoningChannel.VISIBLE, 53L, ReasoningChannel.NONE, 59L)), new Spend(61, 67_000_000_071L));
        Map<String, Object> row = new HashMap<>();
        TallyColumns.COUNTERS.forEach(c -> row.put(c.column(), c.value().applyAsLong(tally)));
        assertThat(row).hasSize(24).containsEntry("unreadable", 2L).containsEntry("channel_visible", 53L)
                .containsEntry("priced_pairs", 61L).containsEntry("cost_nano_usd", 67_000_000_071L);
        assertThat(TallyColumns.read(tuple(row), 4)).isEqualTo(tally);
        assertThat(TallyColumns.countsOfVerdicts()).contains("as correct_turned_wrong");
    }

    static Tuple tuple(Map<String, Object> values) {
        return new Tuple() {
            @Override
            public <X> X get(TupleElement<X> element) {
                throw new UnsupportedOperationException("by alias only");
            }

            @Override
            public <X> X get(String alias, Class<X> type) {
                return type.cast(values.get(alias));
            }

            @Override
            public Object get(String alias) {
                if (!values.containsKey(alias)) {
                    throw new IllegalArgumentException("no column " + alias);
                }
                return values.get(alias);
            }

            @Override
            public <X> X get(int i, Class<X> type) {
                throw new UnsupportedOperationException("by alias only");
            }

            @Override
            public Object get(int i) {
                throw new UnsupportedOperationException("by alias only");
            }

            @Override
            public Object[] toArray() {
                throw new UnsupportedOperationException("by alias only");
            }

            @Override
            public List<TupleElement<?>> getElements() {
                return List.of();
            }
        };
    }
}
