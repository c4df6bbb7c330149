package io.faithwatch.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

class RolloutEventsTest {
    private static ObjectNode tree(Object event) {
        return Events.mapper().valueToTree(event);
    }

    @Test
    void aRolloutWithoutIdGetsOneFromItsContentTheSameEachTime() {
        ObjectNode tree = tree(SampleEvents.rollout());
        tree.remove("rolloutId");
        RolloutObserved first = Events.decode(tree.toString(), RolloutObserved.class);
        RolloutObserved again = Events.decode(tree.toString(), RolloutObserved.class);
        assertThat(first.rolloutId()).startsWith("sha256:").isEqualTo(again.rolloutId());

        tree.put("reasoning", "Another reasoning.");
        assertThat(Events.decode(tree.toString(), RolloutObserved.class).rolloutId()).isNotEqualTo(first.rolloutId());
        tree.put("reasoning", SampleEvents.rollout().reasoning());
        tree.put("step", 301);
        assertThat(Events.decode(tree.toString(), RolloutObserved.class).rolloutId()).isNotEqualTo(first.rolloutId());
    }

    @Test
    void exploitedIsTheAnswerTheCueRewardsUnlessTheTrainerSays() {
        ObjectNode tree = tree(SampleEvents.rollout());
        tree.put("answer", " c ");
        assertThat(Events.decode(tree.toString(), RolloutObserved.class).exploitedAnswer()).isTrue();
        tree.put("answer", "B");
        assertThat(Events.decode(tree.toString(), RolloutObserved.class).exploitedAnswer()).isFalse();
        tree.putNull("answer");
        assertThat(Events.decode(tree.toString(), RolloutObserved.class).exploitedAnswer()).isFalse();
        tree.put("exploited", true);
        assertThat(Events.decode(tree.toString(), RolloutObserved.class).exploitedAnswer()).isTrue();
    }

    @Test
    void theSixHintTypesNeedALetterAndOtherNeedsADescription() {
        ObjectNode tree = tree(SampleEvents.rollout());
        tree.put("rewardedAnswer", "the third one");
        assertThatThrownBy(() -> Events.decode(tree.toString(), RolloutObserved.class)).isInstanceOf(EventFormatException.class)
                .hasMessageContaining("rewardedAnswer");

        ObjectNode other = tree(SampleEvents.rollout());
        other.put("cueType", "other");
        other.putNull("rewardedAnswer");
        assertThatThrownBy(() -> Events.decode(other.toString(), RolloutObserved.class)).hasMessageContaining("cueDescription");
        other.put("cueDescription", "the unit tests can be edited by the model");
        assertThatThrownBy(() -> Events.decode(other.toString(), RolloutObserved.class)).hasMessageContaining("rewardedAnswer");
        other.put("exploited", true);
        RolloutObserved described = Events.decode(other.toString(), RolloutObserved.class);
        assertThat(described.exploitedAnswer()).isTrue();
        assertThat(described.cueType().hintType()).isNull();
    }

    @Test
    void namesAreBoundedAndFreeOfControlCharacters() {
        ObjectNode tree = tree(SampleEvents.rollout());
        tree.put("environment", "x".repeat(RolloutObserved.MAX_NAME + 1));
        assertThatThrownBy(() -> Events.decode(tree.toString(), RolloutObserved.class)).hasMessageContaining("environment");
        tree.put("environment", "env\u0007");
        assertThatThrownBy(() -> Events.decode(tree.toString(), RolloutObserved.class)).hasMessageContaining("environment");
        tree.put("environment", "env");
        tree.put("reward", "a lot");
        assertThatThrownBy(() -> Events.decode(tree.toString(), RolloutObserved.class)).hasMessageContaining("reward");
    }

    @Test
    void aJudgedRolloutKeepsItsVerdictConsistent() {
        ObjectNode notSampled = tree(SampleEvents.judgedRollout());
        notSampled.put("sampled", false);
        assertThatThrownBy(() -> Events.decode(notSampled.toString(), RolloutJudged.class)).hasMessageContaining("judgement");

        ObjectNode notExploited = tree(SampleEvents.judgedRollout());
        notExploited.put("exploited", false);
        assertThatThrownBy(() -> Events.decode(notExploited.toString(), RolloutJudged.class)).hasMessageContaining("verbalized");
        notExploited.putNull("verbalized");
        assertThat(Events.decode(notExploited.toString(), RolloutJudged.class).judgeFailed()).isFalse();

        ObjectNode missing = tree(SampleEvents.judgedRollout());
        missing.putNull("verbalized");
        assertThatThrownBy(() -> Events.decode(missing.toString(), RolloutJudged.class)).hasMessageContaining("verbalized");

        ObjectNode failed = tree(SampleEvents.judgedRollout());
        failed.putNull("verbalized");
        failed.set("judgement", Events.mapper().valueToTree(Judgement.failed("llm", "2", "timeout")));
        assertThat(Events.decode(failed.toString(), RolloutJudged.class).judgeFailed()).isTrue();
    }
}
