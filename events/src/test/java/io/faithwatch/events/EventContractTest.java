package io.faithwatch.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

class EventContractTest {

    static Iterable<Object> events() {
        return SampleEvents.all();
    }

    @ParameterizedTest
    @MethodSource("events")
    void roundTripsThroughJacksonAndFollowsItsSchema(Object event) throws Exception {
        String json = Events.encode(event);

        assertThat(Events.schema(event.getClass()).validate(Events.mapper().readTree(json))).isEmpty();
        assertThat(Events.decode(json, event.getClass())).isEqualTo(event);
    }

    @ParameterizedTest
    @MethodSource("events")
    void schemaDescribesEveryRecordComponentAndRequiresTheVersion(Object event) throws Exception {
        JsonNode schema = Events.mapper().readTree(Events.schemaText(event.getClass()));
        Set<String> components = new TreeSet<>();
        Arrays.stream(event.getClass().getRecordComponents()).forEach(c -> components.add(c.getName()));
        Set<String> described = new TreeSet<>();
        schema.get("properties").fieldNames().forEachRemaining(described::add);

        assertThat(described).isEqualTo(components);
        assertThat(schema.get("required").toString()).contains("\"schemaVersion\"");
    }

    @ParameterizedTest
    @MethodSource("events")
    void missingRequiredFieldIsNamed(Object event) throws Exception {
        JsonNode schema = Events.mapper().readTree(Events.schemaText(event.getClass()));
        for (Iterator<JsonNode> it = schema.get("required").elements(); it.hasNext();) {
            String field = it.next().asText();
            ObjectNode tree = (ObjectNode) Events.mapper().readTree(Events.encode(event));
            tree.remove(field);

            assertThatThrownBy(() -> Events.decode(tree.toString(), event.getClass()))
                    .isInstanceOf(EventFormatException.class)
                    .hasMessageContaining("'" + field + "'");
        }
    }

    @Test
    void wrongTypeIsNamed() throws Exception {
        ObjectNode tree = (ObjectNode) Events.mapper().readTree(Events.encode(SampleEvents.pair()));
        tree.put("step", "one hundred");

        assertThatThrownBy(() -> Events.decode(tree.toString(), PairCreated.class))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("$.step")
                .hasMessageContaining("string found, integer expected")
                .hasMessageContaining("(was \"one hundred\")");
    }

    @Test
    void nestedWrongTypeIsNamedWithItsPath() throws Exception {
        ObjectNode tree = (ObjectNode) Events.mapper().readTree(Events.encode(SampleEvents.answered()));
        ((ObjectNode) tree.get("hinted").get("tokens")).put("reasoning", "lots");

        assertThatThrownBy(() -> Events.decode(tree.toString(), PairAnswered.class))
                .hasMessageContaining("$.hinted.tokens.reasoning");
    }

    @Test
    void unknownHintTypeAndWrongVersionAreRejected() throws Exception {
        ObjectNode tree = (ObjectNode) Events.mapper().readTree(Events.encode(SampleEvents.pair()));
        tree.put("hintType", "flattery");
        assertThatThrownBy(() -> Events.decode(tree.toString(), PairCreated.class)).hasMessageContaining("$.hintType")
                .hasMessageContaining("(was \"flattery\")");

        ObjectNode newer = (ObjectNode) Events.mapper().readTree(Events.encode(SampleEvents.verdict()));
        newer.put("schemaVersion", 2);
        assertThatThrownBy(() -> Events.decode(newer.toString(), Verdict.class)).hasMessageContaining("$.schemaVersion");
    }

    @Test
    void unknownExtraFieldsAreTolerated() throws Exception {
        ObjectNode tree = (ObjectNode) Events.mapper().readTree(Events.encode(SampleEvents.verdict()));
        tree.put("judgeCostUsd", 0.002);
        ((ObjectNode) tree.get("judgement")).put("latencyMs", 12);

        assertThat(Events.decode(tree.toString(), Verdict.class)).isEqualTo(SampleEvents.verdict());
    }

    @Test
    void notJsonIsAClearError() {
        assertThatThrownBy(() -> Events.decode("{oops", Verdict.class)).hasMessageStartingWith("Verdict: not JSON");
        assertThatThrownBy(() -> Events.decode("[1,2]", Verdict.class)).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> Events.decode(null, Verdict.class)).hasMessageContaining("no value");
    }

    @Test
    void recordInvariantsNameTheField() throws Exception {
        ObjectNode tree = (ObjectNode) Events.mapper().readTree(Events.encode(SampleEvents.pair()));
        tree.put("category", "misaligned");
        assertThatThrownBy(() -> Events.decode(tree.toString(), PairCreated.class))
                .isInstanceOf(EventFormatException.class)
                .hasMessageStartingWith("category: is misaligned but hint type sycophancy is neutral");

        ObjectNode verdict = (ObjectNode) Events.mapper().readTree(Events.encode(SampleEvents.verdict()));
        verdict.putNull("verbalized");
        verdict.putNull("judgement");
        assertThatThrownBy(() -> Events.decode(verdict.toString(), Verdict.class))
                .hasMessageStartingWith("verbalized: is required for an eligible pair");

        ObjectNode letter = (ObjectNode) Events.mapper().readTree(Events.encode(SampleEvents.pair()));
        letter.put("hintLetter", "E");
        assertThatThrownBy(() -> Events.decode(letter.toString(), PairCreated.class))
                .hasMessageStartingWith("hintLetter: must be an option letter A-D, was 'E'");
    }

    @Test
    void allPairsOfOneQuestionShareAKey() {
        PairCreated pair = SampleEvents.pair();
        assertThat(pair.key()).isEqualTo("ckpt-100/mmlu:anatomy:7");
        assertThat(SampleEvents.verdict().key()).isEqualTo(pair.key());
        assertThat(SampleEvents.answered().key()).isEqualTo(pair.key());
    }

    @Test
    void everyHintTypeHasItsCategory() {
        assertThat(Arrays.stream(HintType.values()).filter(t -> t.category() == HintCategory.MISALIGNED))
                .containsExactly(HintType.GRADER_HACKING, HintType.UNETHICAL_INFORMATION);
        assertThat(HintType.fromWire("visual_pattern")).isEqualTo(HintType.VISUAL_PATTERN);
        assertThatThrownBy(() -> HintType.fromWire("flattery"))
                .hasMessage("hintType: unknown value 'flattery' (expected one of sycophancy, consistency, visual_pattern, metadata, grader_hacking, unethical_information)");
    }

    @Test
    void deadLetterTopicsFollowTheirInputs() {
        assertThat(Topics.all()).contains(Topics.PAIRS, "faith.pairs.dlq", "faith.verdicts.dlq").doesNotHaveDuplicates();
    }

    @Test
    void theHintTypesWireNamesListThemAll() {
        assertThat(HintType.WIRE_NAMES).isEqualTo(java.util.Arrays.stream(HintType.values()).map(HintType::wireName)
                .collect(java.util.stream.Collectors.joining(", ")));
    }
}
