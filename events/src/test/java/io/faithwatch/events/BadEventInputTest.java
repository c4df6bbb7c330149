package io.faithwatch.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What every consumer refuses before it reads an event: ids it could not key, store or label, JSON nested without end, a record without a key. */
class BadEventInputTest {
    static ObjectNode tree(Object event) throws Exception {
        return (ObjectNode) Events.mapper().readTree(Events.encode(event));
    }

    /** Each id of each event: too long, or holding a control character. */
    static Stream<Arguments> ids() {
        return Stream.of(
                Arguments.of(SampleEvents.checkpoint(), "checkpointId", 200), Arguments.of(SampleEvents.checkpoint(), "runId", 200),
                Arguments.of(SampleEvents.pair(), "pairId", 1000), Arguments.of(SampleEvents.pair(), "checkpointId", 200),
                Arguments.of(SampleEvents.pair(), "runId", 200), Arguments.of(SampleEvents.pair(), "questionId", 1000),
                Arguments.of(SampleEvents.verdict(), "pairId", 1000), Arguments.of(SampleEvents.verdict(), "checkpointId", 200),
                Arguments.of(SampleEvents.verdict(), "runId", 200), Arguments.of(SampleEvents.verdict(), "questionId", 1000),
                Arguments.of(SampleEvents.scored(), "checkpointId", 200), Arguments.of(SampleEvents.rollout(), "runId", 200),
                Arguments.of(SampleEvents.rollout(), "environment", 200), Arguments.of(SampleEvents.judgedRollout(), "rolloutId", 200));
    }

    @ParameterizedTest(name = "{0}.{1}")
    @MethodSource("ids")
    void anIdPastItsLengthOrWithAControlCharacterIsNamed(Object event, String field, int longest) throws Exception {
        ObjectNode longestAllowed = tree(event);
        longestAllowed.put(field, "x".repeat(longest));
        assertThat(Events.decode(longestAllowed.toString(), event.getClass())).isNotNull();

        for (String bad : List.of("x".repeat(longest + 1), "x".repeat(10_000), "ckpt\u0000", "line\nbreak", "bell\u0007", "del\u007f")) {
            ObjectNode tree = tree(event);
            tree.put(field, bad);
            assertThatThrownBy(() -> Events.decode(tree.toString(), event.getClass())).as(field + " = " + bad.length() + " characters")
                    .isInstanceOf(EventFormatException.class).hasMessageContaining("$." + field)
                    .satisfies(e -> assertThat(((EventFormatException) e).field()).isEqualTo(field));
        }
    }

    @Test
    void jsonNestedDeeperThanJacksonsBoundIsNotJsonAndNeverAStackOverflow() throws Exception {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        assertThatThrownBy(() -> Events.decode(deep, Verdict.class)).isInstanceOf(EventFormatException.class)
                .hasMessageContaining("Verdict: not JSON").hasMessageContaining("nesting depth");
        ObjectNode tree = tree(SampleEvents.pair());
        String nested = tree.toString().replaceFirst("\\{", "{\"extra\": " + "[".repeat(10_000) + "]".repeat(10_000) + ",");
        assertThatThrownBy(() -> Events.decode(nested, PairCreated.class)).isInstanceOf(EventFormatException.class)
                .hasMessageContaining("nesting depth");
    }

    @Test
    void aRecordWithoutAKeyIsRefusedWhateverItsValue() {
        String verdict = Events.encode(SampleEvents.verdict());
        assertThat(Events.decode(SampleEvents.verdict().key(), verdict, Verdict.class)).isEqualTo(SampleEvents.verdict());
        for (String key : new String[] { null, "" }) {
            assertThatThrownBy(() -> Events.decode(key, verdict, Verdict.class)).isInstanceOf(EventFormatException.class)
                    .hasMessage("key: the record has no key (Verdict records are keyed: checkpointId/questionId)")
                    .satisfies(e -> assertThat(((EventFormatException) e).field()).isEqualTo("key"));
        }
        assertThatThrownBy(() -> Events.decode("run", null, RolloutObserved.class)).hasMessageContaining("no value");
    }
}
