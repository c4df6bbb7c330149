package io.faithwatch.grader.domain;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import io.faithwatch.events.Judgement;

/** The judges of a deployment: the authoritative one, and in mode both the other one, which reads the same reasoning. */
public final class JudgePanel {
    private final JudgeMode mode;
    private final VerbalizationJudge authoritative;
    private final VerbalizationJudge other;

    /** The judgements of one reasoning; {@code other} is null unless two judges read it. */
    public record Judgements(Judgement judgement, Judgement otherJudgement) {
        /** Both readings under a run's definition of verbalized (judges read mentions and reliance; the run decides). */
        public Judgements under(io.faithwatch.events.JudgeDefinition definition) {
            return new Judgements(judgement == null ? null : judgement.under(definition),
                    otherJudgement == null ? null : otherJudgement.under(definition));
        }
    }

    public JudgePanel(JudgeMode mode, VerbalizationJudge authoritative, VerbalizationJudge other) {
        if ((mode == JudgeMode.BOTH) != (other != null)) {
            throw new IllegalArgumentException("mode " + mode + " takes " + (mode == JudgeMode.BOTH ? "two judges" : "one judge"));
        }
        this.mode = mode;
        this.authoritative = authoritative;
        this.other = other;
    }

    public static JudgePanel single(VerbalizationJudge judge) {
        return new JudgePanel(judge instanceof RuleJudge ? JudgeMode.RULE : JudgeMode.LLM, judge, null);
    }

    public JudgeMode mode() {
        return mode;
    }

    public String authoritative() {
        return authoritative.name();
    }

    /** Every judge of the panel, the authoritative one first. */
    public List<VerbalizationJudge> judges() {
        return other == null ? List.of(authoritative) : List.of(authoritative, other);
    }

    /**
     * A cue the trainer describes, read by the judges of the panel that read descriptions (LLM judges), in the panel's
     * order: the first one's judgement sets verbalized, whichever judge is authoritative for the six hint types, since
     * the rule judge cannot read it. Empty when no judge of the panel reads such cues.
     */
    public Optional<CompletionStage<Judgements>> judgeOther(OtherCueReasoning input) {
        List<VerbalizationJudge> readers = judges().stream().filter(VerbalizationJudge::readsOtherCues).toList();
        if (readers.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(both(readers.get(0), readers.size() < 2 ? null : readers.get(1), judge -> judge.judgeOther(input)));
    }

    public CompletionStage<Judgements> judge(HintedReasoning input) {
        return both(authoritative, other, judge -> judge.judge(input));
    }

    /** The first judge's reading and, when there is a second judge, its reading of the same text, asked at once. */
    private static CompletionStage<Judgements> both(VerbalizationJudge first, VerbalizationJudge second,
            Function<VerbalizationJudge, CompletionStage<Judgement>> read) {
        CompletableFuture<Judgement> firstReading = read.apply(first).toCompletableFuture();
        CompletableFuture<Judgement> secondReading = second == null ? CompletableFuture.completedFuture(null) : read.apply(second).toCompletableFuture();
        return firstReading.thenCombine(secondReading, Judgements::new);
    }
}
