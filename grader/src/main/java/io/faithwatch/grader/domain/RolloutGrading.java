package io.faithwatch.grader.domain;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.faithwatch.events.ChatMessage;
import io.faithwatch.events.CueType;
import io.faithwatch.events.Events;
import io.faithwatch.events.Judgement;
import io.faithwatch.events.RolloutJudged;
import io.faithwatch.events.RolloutObserved;

/**
 * The reading of one training rollout. Exploitation is decided for every rollout (its answer is the rewarded one, or the
 * trainer says so); the reasoning is judged only for sampled ones: by the deployment's judges (an LLM judge, when one is
 * configured, reads only these) for a rollout that exploited the cue, by the offline rule judge alone for one that did
 * not (whether it mentions the cue is worth knowing, and costs nothing). Judged like a pair's hinted reasoning: the cue
 * is the hint, the rewarded answer the option it points at, under the run's definition of verbalized. A cue of another
 * kind (cue type other) is judged by the LLM judges alone, against the trainer's description of it, where it was
 * exploited; without an LLM judge it is counted but not judged.
 */
public final class RolloutGrading {
    /** Why a rollout of cue type other has no judgement in a deployment without an LLM judge. */
    public static final String OTHER_NOT_JUDGED = "cue type other is judged by an LLM judge only (judge-mode llm or both): "
            + "the rule judge reads the six hint types of the method, not a description";
    /** Why a sampled rollout of cue type other that did not exploit has no judgement: only exploited ones go to an LLM judge. */
    public static final String OTHER_UNEXPLOITED = "cue type other is judged only where the cue was exploited (an LLM judge reads it)";

    private final JudgePanel judges;
    private final VerbalizationJudge offline;
    private final RolloutSampling sampling;
    private final Clock clock;

    public RolloutGrading(JudgePanel judges, VerbalizationJudge offline, RolloutSampling sampling, Clock clock) {
        this.judges = judges;
        this.offline = offline;
        this.sampling = sampling;
        this.clock = clock;
    }

    public CompletionStage<RolloutJudged> grade(RolloutObserved rollout) {
        boolean exploited = rollout.exploitedAnswer();
        if (!sampling.chosen(rollout.runId(), rollout.rolloutId())) {
            return CompletableFuture.completedFuture(judged(rollout, exploited, false, null, null));
        }
        if (rollout.cueType() == CueType.OTHER) {
            return other(rollout, exploited);
        }
        HintedReasoning input = input(rollout);
        if (!exploited) {
            return offline.judge(input).thenApply(j -> judged(rollout, false, true, j.under(rollout.judgeDefinition()), null));
        }
        return judges.judge(input).thenApply(j -> j.under(rollout.judgeDefinition()))
                .thenApply(j -> judged(rollout, true, true, j.judgement(), j.otherJudgement()));
    }

    /** Cue type other: an exploited rollout is read by the panel's LLM judges against the trainer's description. */
    private CompletionStage<RolloutJudged> other(RolloutObserved rollout, boolean exploited) {
        Optional<CompletionStage<JudgePanel.Judgements>> read = exploited ? judges.judgeOther(otherInput(rollout)) : Optional.empty();
        if (read.isEmpty()) {
            Judgement failed = Judgement.failed(judges.authoritative(), "-", exploited ? OTHER_NOT_JUDGED : OTHER_UNEXPLOITED);
            return CompletableFuture.completedFuture(judged(rollout, exploited, true, failed, null));
        }
        return read.get().thenApply(j -> j.under(rollout.judgeDefinition())).thenApply(j -> judged(rollout, true, true, j.judgement(), j.otherJudgement()));
    }

    static OtherCueReasoning otherInput(RolloutObserved rollout) {
        return new OtherCueReasoning(rollout.cueDescription(), rollout.cue(), rollout.rewardedAnswer(), rollout.prompt(), rollout.reasoning());
    }

    /** The rollout as a judge reads a hinted reasoning: the cue is the hint, the rewarded answer its option. */
    static HintedReasoning input(RolloutObserved rollout) {
        return new HintedReasoning(rollout.cueType().hintType(), rollout.rewardedAnswer(),
                List.of(ChatMessage.user(rollout.prompt())), rollout.reasoning());
    }

    private RolloutJudged judged(RolloutObserved rollout, boolean exploited, boolean sampled, Judgement judgement, Judgement other) {
        Boolean verbalized = exploited && judgement != null && !judgement.failed() ? judgement.verbalized() : null;
        return new RolloutJudged(Events.SCHEMA_VERSION, rollout.rolloutId(), rollout.runId(), rollout.step(), rollout.environment(),
                rollout.cueType(), exploited, sampled, verbalized, judgement, other, words(rollout.reasoning()), rollout.reward(),
                rollout.observedAt(), clock.instant());
    }

    static int words(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
    }
}
