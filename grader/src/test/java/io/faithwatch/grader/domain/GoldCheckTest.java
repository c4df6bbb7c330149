package io.faithwatch.grader.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.faithwatch.events.HintType;
import io.faithwatch.events.JudgeDefinition;
import io.faithwatch.events.Judgement;

class GoldCheckTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

    /** A judge that answers from a script keyed by the reasoning: what it reads, it says. */
    static final class ScriptedJudge implements VerbalizationJudge {
        final Function<HintedReasoning, CompletionStage<Judgement>> script;
        volatile boolean versionBroken;

        ScriptedJudge(Function<HintedReasoning, CompletionStage<Judgement>> script) {
            this.script = script;
        }

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public String version() {
            if (versionBroken) {
                throw new IllegalStateException("version unreadable");
            }
            return "7";
        }

        @Override
        public CompletionStage<Judgement> judge(HintedReasoning input) {
            return script.apply(input);
        }
    }

    static Judgement reading(boolean mentions, boolean relies) {
        return new Judgement("scripted", "7", mentions, relies, mentions && relies, mentions ? "x" : "", null);
    }

    static GoldSet.Case gold(String id, HintType type, boolean verbalized, Boolean mentions) {
        return new GoldSet.Case(id, "clear", new HintedReasoning(type, "C", List.of(), id), verbalized, mentions);
    }

    /**
     * Labels and the scripted judge's readings. Judged: a-f. Verbalized table [label][judge]: yes/yes a b, yes/no c, no/no
     * d e, no/yes f: agreement 4/6, both say yes half of the time so chance is 1/2 and kappa (4/6 - 1/2) / (1/2) = 1/3.
     * Mentions, over the cases with a mentions label (a-e): e disagrees, 4/5. g failed, h threw: no votes.
     */
    static final List<GoldSet.Case> CASES = List.of(
            gold("a", HintType.SYCOPHANCY, true, true),
            gold("b", HintType.SYCOPHANCY, true, true),
            gold("c", HintType.SYCOPHANCY, true, true),
            gold("d", HintType.METADATA, false, false),
            gold("e", HintType.METADATA, false, true),
            gold("review/f", HintType.METADATA, false, null),
            gold("g", HintType.METADATA, true, true),
            gold("h", HintType.SYCOPHANCY, false, false));

    static final Map<String, Function<String, CompletionStage<Judgement>>> ANSWERS = Map.of(
            "a", id -> CompletableFuture.completedFuture(reading(true, true)),
            "b", id -> CompletableFuture.completedFuture(reading(true, true)),
            "c", id -> CompletableFuture.completedFuture(reading(true, false)),
            "d", id -> CompletableFuture.completedFuture(reading(false, false)),
            "e", id -> CompletableFuture.completedFuture(reading(false, false)),
            "review/f", id -> CompletableFuture.completedFuture(reading(true, true)),
            "g", id -> CompletableFuture.completedFuture(Judgement.failed("scripted", "7", "attempt 1: timeout; attempt 2: timeout")),
            "h", id -> CompletableFuture.failedFuture(new IllegalStateException("connection refused")));

    static ScriptedJudge scripted() {
        return new ScriptedJudge(input -> ANSWERS.get(input.reasoning()).apply(input.reasoning()));
    }

    @Test
    void agreementAndKappaOnVerbalizedAndAgreementOnMentionsAreExactAndFailedJudgementsAreNoVotes() {
        GoldCheck check = new GoldCheck(scripted(), 8, CLOCK);

        GoldCheck.Figures figures = check.check(CASES);

        assertThat(figures.judge()).isEqualTo("scripted");
        assertThat(figures.version()).isEqualTo("7");
        assertThat(figures.checkedAt()).isEqualTo(CLOCK.instant());
        assertThat(figures.cases()).as("judged cases, failed ones excluded").isEqualTo(6);
        assertThat(figures.failed()).isEqualTo(2);
        assertThat(figures.agreement()).isCloseTo(4.0 / 6, within(1e-12));
        assertThat(figures.kappa()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(figures.mentionsCases()).as("the review case has no mentions label").isEqualTo(5);
        assertThat(figures.mentionsAgreement()).isCloseTo(0.8, within(1e-12));
        assertThat(figures.disagreements()).containsExactly("c", "review/f");
        assertThat(figures.firstFailure()).startsWith("g: ").contains("timeout");
        assertThat(figures.byHintType()).containsOnlyKeys(HintType.SYCOPHANCY, HintType.METADATA);
        assertThat(figures.byHintType().get(HintType.SYCOPHANCY).compared()).isEqualTo(3);
        assertThat(figures.byHintType().get(HintType.SYCOPHANCY).agreement()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(figures.byHintType().get(HintType.METADATA).compared()).isEqualTo(3);
        assertThat(figures.model()).as("the scripted judge names no model").isNull();
        assertThat(check.latest()).contains(figures);
        assertThat(check.latest(GoldCheck.Figures::kappa)).isCloseTo(1.0 / 3, within(1e-12));
    }

    @Test
    void aReadingUnderTheLooserDefinitionIsHeldToThePapers() {
        // Mentions without relying: verbalized under "mentions", not under the paper's definition the labels use.
        Judgement loose = new Judgement("scripted", "7", true, false, true, "x", null, JudgeDefinition.MENTIONS);
        GoldCheck check = new GoldCheck(new ScriptedJudge(input -> CompletableFuture.completedFuture(loose)), 8, CLOCK);

        GoldCheck.Figures figures = check.check(List.of(gold("x", HintType.SYCOPHANCY, false, true)));

        assertThat(figures.agreement()).isEqualTo(1.0);
        assertThat(figures.mentionsAgreement()).isEqualTo(1.0);
    }

    @Test
    void figuresAreUndefinedBeforeTheFirstCheckAndWhenNothingWasJudged() {
        GoldCheck check = new GoldCheck(scripted(), 8, CLOCK);
        assertThat(check.latest()).isEmpty();
        assertThat(check.latest(GoldCheck.Figures::agreement)).isNaN();

        GoldCheck.Figures none = check.check(List.of());
        assertThat(none.cases()).isZero();
        assertThat(none.agreement()).isNaN();
        assertThat(none.kappa()).isNaN();
        assertThat(none.mentionsAgreement()).isNaN();

        GoldCheck.Figures allFailed = check.check(List.of(gold("g", HintType.METADATA, true, true), gold("h", HintType.SYCOPHANCY, false, false)));
        assertThat(allFailed.cases()).isZero();
        assertThat(allFailed.failed()).isEqualTo(2);
        assertThat(allFailed.agreement()).as("no vote: undefined, not 0").isNaN();
    }

    @Test
    void aCheckThatThrowsLeavesThePreviousFigures() {
        ScriptedJudge judge = scripted();
        GoldCheck check = new GoldCheck(judge, 8, CLOCK);
        GoldCheck.Figures first = check.check(CASES);

        judge.versionBroken = true;
        assertThatThrownBy(() -> check.check(CASES)).hasMessageContaining("version unreadable");

        assertThat(check.latest()).contains(first);
    }

    @Test
    void noMoreThanMaxInFlightJudgeCallsAreOutAndEachAnswerLetsTheNextOneGo() {
        ConcurrentLinkedQueue<CompletableFuture<Judgement>> pending = new ConcurrentLinkedQueue<>();
        AtomicInteger out = new AtomicInteger();
        AtomicInteger mostOut = new AtomicInteger();
        AtomicInteger asked = new AtomicInteger();
        ScriptedJudge judge = new ScriptedJudge(input -> {
            asked.incrementAndGet();
            mostOut.accumulateAndGet(out.incrementAndGet(), Math::max);
            CompletableFuture<Judgement> answer = new CompletableFuture<>();
            pending.add(answer);
            return answer;
        });
        List<GoldSet.Case> cases = IntStream.range(0, 30).mapToObj(i -> gold("case-" + i, HintType.CONSISTENCY, i % 2 == 0, i % 2 == 0)).toList();

        CompletableFuture<GoldCheck.Figures> run = new GoldCheck(judge, 8, CLOCK).run(cases).toCompletableFuture();

        assertThat(asked.get()).as("calls started before any answer").isEqualTo(8);
        int answered = 0;
        while (!pending.isEmpty()) {
            assertThat(run).isNotDone();
            CompletableFuture<Judgement> next = pending.poll();
            out.decrementAndGet();
            // Answered from another thread, as an HTTP client would.
            boolean even = answered++ % 2 == 0;
            CompletableFuture.runAsync(() -> next.complete(reading(even, even))).join();
            assertThat(out.get()).isLessThanOrEqualTo(8);
        }
        assertThat(asked.get()).isEqualTo(30);
        assertThat(mostOut.get()).isEqualTo(8);
        GoldCheck.Figures figures = run.join();
        assertThat(figures.cases()).isEqualTo(30);
        assertThat(figures.agreement()).isEqualTo(1.0);
        assertThat(figures.kappa()).isEqualTo(1.0);
    }

    @Test
    void aJudgeThatAnswersAtOnceDoesNotDeepenTheStackWithEveryCase() {
        // 50,000 immediate answers: a recursion per answer would overflow the stack.
        List<GoldSet.Case> cases = IntStream.range(0, 50_000).mapToObj(i -> gold("case-" + i, HintType.METADATA, false, false)).toList();
        GoldCheck check = new GoldCheck(new ScriptedJudge(input -> CompletableFuture.completedFuture(reading(false, false))), 8, CLOCK);

        assertThat(check.check(cases).cases()).isEqualTo(50_000);
    }

    @Test
    void aJudgeThatThrowsInsteadOfAnsweringFailsThatCaseOnly() {
        List<GoldSet.Case> cases = new ArrayList<>(CASES.subList(0, 2));
        cases.add(gold("boom", HintType.SYCOPHANCY, true, true));
        GoldCheck check = new GoldCheck(new ScriptedJudge(input -> {
            if (input.reasoning().equals("boom")) {
                throw new IllegalArgumentException("cannot read it");
            }
            return CompletableFuture.completedFuture(reading(true, true));
        }), 8, CLOCK);

        GoldCheck.Figures figures = check.check(cases);

        assertThat(figures.cases()).isEqualTo(2);
        assertThat(figures.failed()).isEqualTo(1);
        assertThat(figures.firstFailure()).startsWith("boom: ").contains("cannot read it");
    }

    @Test
    void badSettingsAreRefusedNamingThem() {
        assertThatThrownBy(() -> new GoldCheck(scripted(), 0, CLOCK)).hasMessageContaining("maxInFlight").hasMessageContaining("0");
    }
}
