package io.faithwatch.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.faithwatch.events.testing.PairAnsweredBuilder;

class EventContractTest {

    static Iterable<Object> events() {
        return SampleEvents.all();
    }

    static ObjectNode tree(Object event) throws Exception {
        return (ObjectNode) Events.mapper().readTree(Events.encode(event));
    }

    /** Decoding {@code tree} fails with an error that names the field; the caller checks what it says. */
    static AbstractThrowableAssert<?, ? extends Throwable> refused(JsonNode tree, Class<?> type) {
        return assertThatThrownBy(() -> Events.decode(tree.toString(), type)).isInstanceOf(EventFormatException.class);
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
            ObjectNode tree = tree(event);
            tree.remove(field);

            refused(tree, event.getClass())
                    .hasMessageContaining("'" + field + "'");
        }
    }

    @Test
    void wrongTypeIsNamed() throws Exception {
        ObjectNode tree = tree(SampleEvents.pair());
        tree.put("step", "one hundred");

        refused(tree, PairCreated.class)
                .hasMessageContaining("$.step")
                .hasMessageContaining("string found, integer expected")
                .hasMessageContaining("(was \"one hundred\")");
    }

    @Test
    void nestedWrongTypeIsNamedWithItsPath() throws Exception {
        ObjectNode tree = tree(SampleEvents.answered());
        ((ObjectNode) tree.get("hinted").get("tokens")).put("reasoning", "lots");

        refused(tree, PairAnswered.class)
                .hasMessageContaining("$.hinted.tokens.reasoning");
    }

    @Test
    void unknownHintTypeAndWrongVersionAreRejected() throws Exception {
        ObjectNode tree = tree(SampleEvents.pair());
        tree.put("hintType", "flattery");
        refused(tree, PairCreated.class).hasMessageContaining("$.hintType")
                .hasMessageContaining("(was \"flattery\")");

        ObjectNode newer = tree(SampleEvents.verdict());
        newer.put("schemaVersion", 2);
        refused(newer, Verdict.class).hasMessageContaining("$.schemaVersion");
    }

    @Test
    void unknownExtraFieldsAreTolerated() throws Exception {
        ObjectNode tree = tree(SampleEvents.verdict());
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
    void theJudgeDefinitionIsThePapersUnlessARequestNamesAnother() throws Exception {
        ObjectNode checkpoint = tree(SampleEvents.checkpoint());
        checkpoint.remove("judgeDefinition");
        assertThat(Events.decode(checkpoint.toString(), CheckpointRequested.class).judgeDefinition()).isEqualTo(JudgeDefinition.MENTIONS_AND_RELIES);
        checkpoint.put("judgeDefinition", "mentions");
        assertThat(Events.decode(checkpoint.toString(), CheckpointRequested.class).judgeDefinition()).isEqualTo(JudgeDefinition.MENTIONS);
        checkpoint.put("judgeDefinition", "mentions_only");
        refused(checkpoint, CheckpointRequested.class).hasMessageContaining("judgeDefinition");

        ObjectNode pair = tree(SampleEvents.pair());
        assertThat(pair.get("judgeDefinition").asText()).isEqualTo("mentions-and-relies");

        // Under "mentions" a mention is verbalized without reliance; under the paper's it is not.
        Judgement mentionOnly = new Judgement("rule", "3", true, false, false, "The user says C.", null);
        assertThat(mentionOnly.under(JudgeDefinition.MENTIONS).verbalized()).isTrue();
        assertThat(mentionOnly.under(JudgeDefinition.MENTIONS).under(JudgeDefinition.MENTIONS_AND_RELIES)).isEqualTo(mentionOnly);
        assertThat(Judgement.failed("llm", "1", "HTTP 500").under(JudgeDefinition.MENTIONS).verbalized()).isFalse();
        ObjectNode verdict = tree(SampleEvents.verdict());
        ((ObjectNode) verdict.get("judgement")).put("relies", false);
        refused(verdict, Verdict.class).hasMessageContaining("judgement.verbalized: must equal mentions AND relies");
        ((ObjectNode) verdict.get("judgement")).put("definition", "mentions");
        assertThat(Events.decode(verdict.toString(), Verdict.class).judgement().definition()).isEqualTo(JudgeDefinition.MENTIONS);
        ((ObjectNode) verdict.get("judgement")).put("relies", true).put("mentions", false);
        refused(verdict, Verdict.class).hasMessageContaining("judgement.verbalized: must equal mentions");
    }

    @Test
    void recordInvariantsNameTheField() throws Exception {
        ObjectNode tree = tree(SampleEvents.pair());
        tree.put("category", "misaligned");
        refused(tree, PairCreated.class)
                .hasMessageStartingWith("category: is misaligned but hint type sycophancy is neutral");

        ObjectNode verdict = tree(SampleEvents.verdict());
        verdict.putNull("verbalized");
        verdict.putNull("judgement");
        refused(verdict, Verdict.class)
                .hasMessageStartingWith("verbalized: is required for an eligible pair");

        ObjectNode letter = tree(SampleEvents.pair());
        letter.put("hintLetter", "E");
        refused(letter, PairCreated.class)
                .hasMessageStartingWith("hintLetter: must be an option letter A-D, was 'E'");
    }

    @Test
    void responsesAndVerdictsWrittenBeforeChannelsGetTheDerivedOne() throws Exception {
        ObjectNode answered = tree(SampleEvents.answered());
        ((ObjectNode) answered.get("unhinted")).remove("reasoningChannel");
        ((ObjectNode) answered.get("hinted")).remove("reasoningChannel");
        PairAnswered old = Events.decode(answered.toString(), PairAnswered.class);
        assertThat(old.unhinted().reasoningChannel()).as("reasoning given: raw").isEqualTo(ReasoningChannel.RAW);

        ((ObjectNode) answered.get("hinted")).put("reasoning", "").put("reasoningRedacted", true);
        assertThat(Events.decode(answered.toString(), PairAnswered.class).hinted().reasoningChannel()).isEqualTo(ReasoningChannel.REDACTED);
        ((ObjectNode) answered.get("hinted")).put("reasoning", " ").put("reasoningRedacted", false);
        assertThat(Events.decode(answered.toString(), PairAnswered.class).hinted().reasoningChannel()).isEqualTo(ReasoningChannel.NONE);
        ((ObjectNode) answered.get("hinted")).put("reasoning", "Some thoughts.").put("reasoningRedacted", true);
        assertThat(Events.decode(answered.toString(), PairAnswered.class).hinted().reasoningChannel())
                .as("a readable part beside a redacted block is read").isEqualTo(ReasoningChannel.RAW);
        assertThat(ModelResponse.failed("HTTP 503", 10, 3).reasoningChannel()).isEqualTo(ReasoningChannel.NONE);

        ObjectNode verdict = tree(SampleEvents.verdict());
        verdict.remove("reasoningChannel");
        assertThat(Events.decode(verdict.toString(), Verdict.class).reasoningChannel()).isEqualTo(ReasoningChannel.RAW);
        ObjectNode failed = tree(io.faithwatch.events.testing.VerdictBuilder.verdict("c", HintType.SYCOPHANCY, Outcome.ERROR).build());
        failed.remove("reasoningChannel");
        assertThat(failed.get("error").asText()).startsWith(Verdict.HINTED_FAILED);
        assertThat(Events.decode(failed.toString(), Verdict.class).reasoningChannel()).as("the hinted call failed").isEqualTo(ReasoningChannel.NONE);
    }

    @Test
    void aChannelThatContradictsTheResponseIsNamed() throws Exception {
        assertThatThrownBy(() -> new ModelResponse("", false, ReasoningChannel.RAW, "", null, null, 0, 1, null, "HTTP 503"))
                .isInstanceOf(EventFormatException.class).hasMessage("reasoningChannel: must be none when the call failed, was raw");
        assertThatThrownBy(() -> new ModelResponse("I think C.", true, ReasoningChannel.REDACTED, "Answer: (C)", "C", null, 0, 1, null, null))
                .isInstanceOf(EventFormatException.class).hasMessage("reasoningChannel: is redacted but the reasoning is not blank");

        ObjectNode answered = tree(SampleEvents.answered());
        ((ObjectNode) answered.get("hinted")).put("reasoningChannel", "thoughts");
        refused(answered, PairAnswered.class).hasMessageContaining("$.hinted.reasoningChannel").hasMessageContaining("(was \"thoughts\")");
        assertThatThrownBy(() -> ReasoningChannel.fromWire("thoughts"))
                .hasMessage("reasoningChannel: unknown value 'thoughts' (expected one of raw, summary, redacted, visible, none)");
    }

    @Test
    void aHintedCallIsLeftOutOnlyWhenTheUnhintedAnswerIsTheHintLetter() throws Exception {
        PairAnswered onHint = PairAnsweredBuilder.answered(SampleEvents.pair()).unhinted("C", "C, clearly.").hinted(ModelResponse.notCalled())
                .build();
        assertThat(onHint.hinted().skipped()).isTrue();
        assertThat(onHint.hinted().attempts()).isZero();
        assertThat(Events.decode(Events.encode(onHint), PairAnswered.class)).isEqualTo(onHint);
        assertThat(tree(onHint).get("hinted").get("skipped").asBoolean()).isTrue();

        assertThatThrownBy(() -> PairAnsweredBuilder.answered(SampleEvents.pair()).unhinted("A", "A.").hinted(ModelResponse.notCalled()).build())
                .isInstanceOf(EventFormatException.class)
                .hasMessage("hinted.skipped: a hinted call may be left out only when the unhinted answer is the hint letter C, was A");
        assertThatThrownBy(() -> PairAnsweredBuilder.answered(SampleEvents.pair()).unhinted(ModelResponse.notCalled()).build())
                .isInstanceOf(EventFormatException.class).hasMessage("unhinted.skipped: the unhinted call is always made");
        assertThatThrownBy(() -> new ModelResponse("", false, ReasoningChannel.NONE, "", "C", null, 0, 0, null, null, true))
                .isInstanceOf(EventFormatException.class).hasMessageStartingWith("skipped: a response whose call was not made has no error, answer");

        ObjectNode old = tree(SampleEvents.answered());
        ((ObjectNode) old.get("hinted")).remove("skipped");
        assertThat(Events.decode(old.toString(), PairAnswered.class).hinted().skipped()).as("responses written before were all made").isFalse();

        ObjectNode verdict = tree(io.faithwatch.events.testing.VerdictBuilder.verdict("c", HintType.SYCOPHANCY, Outcome.UNCHANGED).cost(0.004).build());
        assertThat(Events.decode(verdict.toString(), Verdict.class).costUsd()).isEqualTo(0.004);
        verdict.remove("costUsd");
        assertThat(Events.decode(verdict.toString(), Verdict.class).costUsd()).as("unpriced or written before").isNull();
        verdict.put("costUsd", -1.0);
        refused(verdict, Verdict.class).hasMessageContaining("costUsd");
    }

    @Test
    void anEligiblePairWithRedactedReasoningIsUnreadableNeverNotVerbalized() throws Exception {
        Verdict unreadable = io.faithwatch.events.testing.VerdictBuilder.verdict("c", HintType.SYCOPHANCY, Outcome.SWITCHED_TO_HINT)
                .reasoningChannel(ReasoningChannel.REDACTED).build();
        assertThat(unreadable.unreadable()).isTrue();
        assertThat(unreadable.judgeFailed()).isFalse();
        assertThat(unreadable.verbalized()).isNull();
        assertThat(Events.decode(Events.encode(unreadable), Verdict.class)).isEqualTo(unreadable);
        assertThat(io.faithwatch.events.testing.VerdictBuilder.verdict("c", HintType.SYCOPHANCY, Outcome.UNCHANGED)
                .reasoningChannel(ReasoningChannel.REDACTED).build().unreadable()).as("only an eligible pair is unreadable").isFalse();

        Judgement notVerbalized = new Judgement("rule", "4", false, false, false, "", null);
        assertThatThrownBy(() -> io.faithwatch.events.testing.VerdictBuilder.verdict("c", HintType.SYCOPHANCY, Outcome.SWITCHED_TO_HINT)
                .reasoningChannel(ReasoningChannel.REDACTED).verbalized(false, notVerbalized).build())
                .isInstanceOf(EventFormatException.class)
                .hasMessage("verbalized: must be absent for an eligible pair whose hinted reasoning is redacted (unreadable)");
        assertThatThrownBy(() -> io.faithwatch.events.testing.VerdictBuilder.verdict("c", HintType.SYCOPHANCY, Outcome.SWITCHED_TO_HINT)
                .reasoningChannel(ReasoningChannel.REDACTED).verbalized(null, Judgement.failed("llm", "2", "HTTP 500")).build())
                .isInstanceOf(EventFormatException.class)
                .hasMessage("judgement: must be absent for an eligible pair whose hinted reasoning is redacted (unreadable)");
        assertThatThrownBy(() -> io.faithwatch.events.testing.VerdictBuilder.verdict("c", HintType.SYCOPHANCY, Outcome.SWITCHED_TO_HINT)
                .reasoningChannel(ReasoningChannel.RAW).build())
                .isInstanceOf(EventFormatException.class)
                .hasMessageStartingWith("verbalized: is required for an eligible pair unless its judgement failed or its hinted reasoning is redacted");

        ObjectNode judged = tree(SampleEvents.verdict());
        judged.put("reasoningChannel", "redacted");
        refused(judged, Verdict.class).hasMessageContaining("$.verbalized").hasMessageContaining("$.judgement")
                .hasMessageContaining("$.otherJudgement");
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
