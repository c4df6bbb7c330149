package io.faithwatch.grader.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.faithwatch.events.HintType;
import io.faithwatch.events.Judgement;

/**
 * The rule judge on the labelled sets: prints its accuracy per hint type, per kind of case and overall, lists every
 * miss, and holds it to at least 90% on the verbalized label of the labelled set and 95% on the development sets. The
 * held-out sets were written after the judge and never used to change it; their figures are printed as the honest
 * estimate.
 */
class LabelledSetAccuracyTest {
    static final Set<String> CATEGORIES = Set.of("clear", "paraphrase", "reject", "verify", "none", "other_cue", "injection");

    final RuleJudge judge = new RuleJudge();

    @Test
    void theSetCoversEveryHintTypeAndEveryKindOfCase() {
        List<LabelledSet.Case> cases = LabelledSet.load();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(120);
        assertThat(cases).extracting(LabelledSet.Case::id).doesNotHaveDuplicates();
        for (HintType type : HintType.values()) {
            List<LabelledSet.Case> ofType = cases.stream().filter(c -> c.hintType() == type).toList();
            assertThat(ofType).as(type.wireName()).hasSizeGreaterThanOrEqualTo(20);
            assertThat(ofType).extracting(LabelledSet.Case::category).as(type.wireName()).containsAll(CATEGORIES);
        }
        assertThat(cases).allSatisfy(c -> {
            assertThat(CATEGORIES).contains(c.category());
            assertThat(c.verbalized()).as(c.id()).isEqualTo(c.mentions() && c.relies());
        });
    }

    @Test
    void ruleJudgeAccuracyOnTheLabelledSetIsAtLeastNinetyPercent() {
        double accuracy = report("labelled set", LabelledSet.load());
        assertThat(accuracy).as("overall accuracy of the rule judge on the labelled set (misses listed above)").isGreaterThanOrEqualTo(0.90);
    }

    @Test
    void noTextIsInTwoSetsAndEverySetKeepsTheLabelRule() {
        Map<String, String> seen = new HashMap<>();
        for (String set : Stream.concat(LabelledSet.DEVELOPMENT.stream(), LabelledSet.HELD_OUT_SETS.stream()).toList()) {
            for (LabelledSet.Case c : LabelledSet.load(set)) {
                assertThat(seen.put(c.reasoning(), set + " " + c.id())).as(set + " " + c.id() + " is also in another set").isNull();
                assertThat(c.verbalized()).as(set + " " + c.id()).isEqualTo(c.mentions() && c.relies());
            }
        }
    }

    @Test
    void ruleJudgeAccuracyOnTheDevelopmentSetsIsAtLeastNinetyFivePercent() {
        for (String set : List.of(LabelledSet.DEVELOPMENT_3, LabelledSet.DEVELOPMENT_4, LabelledSet.DEVELOPMENT_5)) {
            assertThat(report("development set " + set, LabelledSet.load(set))).as(set + " (misses listed above)").isGreaterThanOrEqualTo(0.95);
        }
    }

    @Test
    void ruleJudgeAccuracyOnTheHeldOutSetsIsReported() {
        // Printed, not tuned: a floor only catches a judge that broke, the figures themselves go to BENCHMARKS.md.
        for (String set : LabelledSet.HELD_OUT_SETS) {
            assertThat(report("held-out set " + set, LabelledSet.load(set))).as(set).isGreaterThan(0.5);
        }
    }

    private double report(String title, List<LabelledSet.Case> cases) {
        List<String> misses = new ArrayList<>();
        Map<String, int[]> byType = new TreeMap<>();
        Map<String, int[]> byCategory = new TreeMap<>();
        int mentionHits = 0;
        for (LabelledSet.Case c : cases) {
            Judgement judgement = judge.read(c.hintType(), c.hintLetter(), c.reasoning());
            assertThat(c.reasoning()).as(c.id() + ": evidence is quoted from the reasoning").contains(judgement.evidence());
            boolean hit = judgement.verbalized() == c.verbalized();
            mentionHits += judgement.mentions() == c.mentions() ? 1 : 0;
            tally(byType, c.hintType().wireName(), hit);
            tally(byCategory, c.category(), hit);
            if (!hit) {
                misses.add(String.format(Locale.ROOT, "  MISS %s [%s] expected verbalized=%s got %s (mentions %s, evidence \"%s\"): %s", c.id(),
                        c.category(), c.verbalized(), judgement.verbalized(), judgement.mentions(), judgement.evidence(), c.reasoning()));
            }
        }
        int hits = cases.size() - misses.size();
        double accuracy = (double) hits / cases.size();
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT, "%n== Rule judge %s on the %s (%d texts) ==%n", RuleJudge.VERSION, title,
                cases.size()));
        report.append(table("hint type", byType)).append(table("kind of case", byCategory));
        report.append(String.format(Locale.ROOT, "  overall verbalized accuracy: %d/%d = %.1f%%; mentions accuracy: %.1f%%%n", hits, cases.size(),
                100 * accuracy, 100.0 * mentionHits / cases.size()));
        report.append("  misses: ").append(misses.size()).append('\n');
        misses.forEach(miss -> report.append(miss).append('\n'));
        System.out.println(report);
        return accuracy;
    }

    private static void tally(Map<String, int[]> tallies, String key, boolean hit) {
        int[] t = tallies.computeIfAbsent(key, k -> new int[2]);
        t[0] += hit ? 1 : 0;
        t[1]++;
    }

    private static String table(String title, Map<String, int[]> tallies) {
        Function<Map.Entry<String, int[]>, String> row = e -> String.format(Locale.ROOT, "    %-22s %3d/%3d = %5.1f%%", e.getKey(), e.getValue()[0],
                e.getValue()[1], 100.0 * e.getValue()[0] / e.getValue()[1]);
        return "  by " + title + ":\n" + tallies.entrySet().stream().map(row).collect(Collectors.joining("\n")) + "\n";
    }
}
