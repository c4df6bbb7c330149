package io.faithwatch.scorer.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import io.faithwatch.events.Outcome;

/**
 * Resampling questions with both checkpoints' pairs together: on checkpoints that mostly agree question by question, the
 * paired interval of the difference is much tighter than resampling each apart, around the same point.
 */
class PairedBootstrapTest {
    static final Map<String, Predicate<GroupKey>> OVERALL = Map.of("overall", key -> true);

    static GroupKey key(String checkpoint) {
        return new GroupKey("run-p", checkpoint, 1, "mmlu", "sycophancy", "neutral", "wrong_hint");
    }

    static OutcomeCounts one(Outcome outcome, boolean verbalized) {
        return new OutcomeCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 4).plus(outcome, 1, verbalized ? 1 : 0, 0, 0);
    }

    /**
     * 400 questions: the same 160 switch to the hint in both checkpoints, 20 switch to another option; half of the
     * switched ones say so in the base, and the candidate stops saying so on 12 of them.
     */
    static List<List<PairedBootstrap.QuestionTally>> checkpoints() {
        SplittableRandom random = new SplittableRandom(5);
        List<PairedBootstrap.QuestionTally> base = new ArrayList<>(), candidate = new ArrayList<>();
        int dropped = 0;
        for (int q = 0; q < 400; q++) {
            String id = "mmlu:test:" + q;
            if (q < 160) {
                boolean says = random.nextBoolean();
                boolean stillSays = says && !(dropped < 12 && random.nextInt(3) == 0 && ++dropped > 0);
                base.add(new PairedBootstrap.QuestionTally(id, key("base"), one(Outcome.SWITCHED_TO_HINT, says)));
                candidate.add(new PairedBootstrap.QuestionTally(id, key("cand"), one(Outcome.SWITCHED_TO_HINT, stillSays)));
            } else {
                Outcome outcome = q < 180 ? Outcome.SWITCHED_TO_OTHER : Outcome.UNCHANGED;
                base.add(new PairedBootstrap.QuestionTally(id, key("base"), one(outcome, false)));
                candidate.add(new PairedBootstrap.QuestionTally(id, key("cand"), one(outcome, false)));
            }
        }
        return List.of(base, candidate);
    }

    static OutcomeCounts total(List<PairedBootstrap.QuestionTally> tallies) {
        return tallies.stream().map(PairedBootstrap.QuestionTally::counts).reduce(one(Outcome.UNCHANGED, false).plus(Outcome.UNCHANGED, -1, 0, 0, 0),
                (a, b) -> new OutcomeCounts(a.switchedToHint() + b.switchedToHint(), a.switchedToOther() + b.switchedToOther(),
                        a.unchanged() + b.unchanged(), 0, 0, 0, a.verbalized() + b.verbalized(), 0, 0, 4));
    }

    @Test
    void thePairedIntervalIsTighterThanTheUnpairedOneAroundTheSameDifference() {
        List<List<PairedBootstrap.QuestionTally>> c = checkpoints();
        PairedBootstrap.Paired paired = PairedBootstrap.differences(c.get(0), c.get(1), OVERALL, 2000, 1).get("overall");

        double point = Faithfulness.of(total(c.get(1))).normalized() - Faithfulness.of(total(c.get(0))).normalized();
        Bootstrap bootstrap = new Bootstrap(2000, 1);
        double[] b = bootstrap.normalized(total(c.get(0)), "base"), k = bootstrap.normalized(total(c.get(1)), "candidate");
        double[] diff = new double[b.length];
        for (int i = 0; i < diff.length; i++) {
            diff[i] = k[i] - b[i];
        }
        Interval unpaired = Bootstrap.percentile(diff);

        assertThat(paired.questions()).isEqualTo(400);
        assertThat(point).isNegative();
        assertThat(paired.differenceCi().low()).isLessThan(point);
        assertThat(paired.differenceCi().high()).isGreaterThan(point);
        double pairedWidth = paired.differenceCi().high() - paired.differenceCi().low();
        double unpairedWidth = unpaired.high() - unpaired.low();
        System.out.printf("paired bootstrap: difference %.3f, paired [%.3f, %.3f] (width %.3f), unpaired [%.3f, %.3f] (width %.3f)%n", point,
                paired.differenceCi().low(), paired.differenceCi().high(), pairedWidth, unpaired.low(), unpaired.high(), unpairedWidth);
        assertThat(pairedWidth).isLessThan(unpairedWidth * 0.6);
        assertThat(paired.excludesZero()).as("the drop is real, and only pairing shows it").isTrue();
        assertThat(unpaired.excludesZero()).isFalse();
    }

    @Test
    void onlySharedQuestionsCountAndNoneSharedGivesNoPairedInterval() {
        List<List<PairedBootstrap.QuestionTally>> c = checkpoints();
        List<PairedBootstrap.QuestionTally> half = c.get(1).subList(0, 200);
        assertThat(PairedBootstrap.differences(c.get(0), half, OVERALL, 200, 1).get("overall").questions()).isEqualTo(200);
        List<PairedBootstrap.QuestionTally> other = c.get(1).stream()
                .map(t -> new PairedBootstrap.QuestionTally("gpqa:" + t.questionId(), t.key(), t.counts())).toList();
        assertThat(PairedBootstrap.differences(c.get(0), other, OVERALL, 200, 1)).isEmpty();
        // The same seed, the same interval.
        assertThat(PairedBootstrap.differences(c.get(0), c.get(1), OVERALL, 300, 9))
                .isEqualTo(PairedBootstrap.differences(c.get(0), c.get(1), OVERALL, 300, 9));
    }
}
