package io.faithwatch.grader.domain;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

import io.faithwatch.events.CueType;
import io.faithwatch.events.Judgement;
import io.faithwatch.events.ModelRef;
import io.faithwatch.modelclients.ModelCall;
import io.faithwatch.modelclients.ReasoningModel;

/**
 * A judge model reached through the provider clients. An invalid answer (see {@link JudgeAnswer}) or a failed call is
 * reported to {@code onInvalid} and retried once; a second failure is a failed judgement naming both attempts. Never
 * completes exceptionally.
 */
public final class LlmJudge implements VerbalizationJudge {
    public static final String NAME = "llm";
    static final int ATTEMPTS = 2;

    private final ReasoningModel model;
    private final ModelRef judgeModel;
    private final Duration timeout;
    private final BiConsumer<String, String> onInvalid;
    private final String modelName;

    /**
     * @param timeout bound of one attempt, on top of the client's own request timeout and retries
     * @param onInvalid told of every invalid attempt: the hint type's or cue type's wire name, and why (to count and log it)
     */
    public LlmJudge(ReasoningModel model, ModelRef judgeModel, Duration timeout, BiConsumer<String, String> onInvalid) {
        this.model = model;
        this.judgeModel = judgeModel;
        this.timeout = timeout;
        this.onInvalid = onInvalid;
        this.modelName = judgeModel.provider() + "/" + judgeModel.model();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The version of its prompt; the judge model and the prompt's hash are recorded beside it in every judgement. */
    @Override
    public String version() {
        return JudgePrompt.VERSION;
    }

    /** provider/model. */
    public String model() {
        return modelName;
    }

    @Override
    public CompletionStage<Judgement> judge(HintedReasoning input) {
        ModelCall call = new ModelCall(judgeModel, JudgePrompt.messages(input), null);
        return attempt(call, input.hintType().wireName(), input.reasoning(), 1, "").thenApply(judgement -> judgement.by(modelName, JudgePrompt.HASH));
    }

    @Override
    public boolean readsOtherCues() {
        return true;
    }

    /** A cue the trainer describes: the same definition and answer checks, the description in place of the hint's. */
    @Override
    public CompletionStage<Judgement> judgeOther(OtherCueReasoning input) {
        ModelCall call = new ModelCall(judgeModel, JudgePrompt.otherMessages(input), null);
        return attempt(call, CueType.OTHER.wireName(), input.reasoning(), 1, "").thenApply(judgement -> judgement.by(modelName, JudgePrompt.OTHER_HASH));
    }

    private CompletionStage<Judgement> attempt(ModelCall call, String cueType, String reasoning, int number, String earlier) {
        return ask(call).thenApply(text -> JudgeAnswer.read(NAME, JudgePrompt.VERSION, text, reasoning))
                .exceptionally(error -> new JudgeAnswer.Reading(null, describe(error)))
                .thenCompose(reading -> {
                    if (reading.valid()) {
                        return CompletableFuture.completedFuture(reading.judgement());
                    }
                    onInvalid.accept(cueType, reading.invalid());
                    String errors = earlier + "attempt " + number + ": " + reading.invalid();
                    return number < ATTEMPTS ? attempt(call, cueType, reasoning, number + 1, errors + "; ")
                            : CompletableFuture.completedFuture(Judgement.failed(NAME, JudgePrompt.VERSION, errors));
                });
    }

    private CompletableFuture<String> ask(ModelCall call) {
        try {
            return model.complete(call).toCompletableFuture().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).thenApply(reply -> reply.text());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private String describe(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof java.util.concurrent.CompletionException || cause instanceof java.util.concurrent.ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof TimeoutException) {
            return "judge model timed out after " + timeout.toMillis() + " ms";
        }
        return "judge model call failed: " + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
    }
}
