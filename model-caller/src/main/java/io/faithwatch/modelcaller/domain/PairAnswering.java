package io.faithwatch.modelcaller.domain;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

import io.faithwatch.events.Events;
import io.faithwatch.events.ModelResponse;
import io.faithwatch.events.PairAnswered;
import io.faithwatch.events.PairCreated;
import io.faithwatch.models.ModelCall;
import io.faithwatch.models.ModelReply;
import io.faithwatch.models.ReasoningModel;
import io.faithwatch.models.SimulationCue;

/**
 * Answers one pair: the unhinted prompt (shared with the other hint types of the question) and the hinted prompt.
 * A failed call becomes an error response, so that every pair is accounted for downstream.
 */
public final class PairAnswering {
    private final Function<String, ReasoningModel> models;
    private final UnhintedCalls unhintedCalls;
    private final Clock clock;

    public PairAnswering(Function<String, ReasoningModel> models, UnhintedCalls unhintedCalls, Clock clock) {
        this.models = models;
        this.unhintedCalls = unhintedCalls;
        this.clock = clock;
    }

    public CompletableFuture<PairAnswered> answer(PairCreated pair) {
        ReasoningModel model = models.apply(pair.model().provider());
        UnhintedCalls.Shared unhinted = unhintedCalls.get(pair, () -> call(model, unhintedCall(pair)));
        CompletableFuture<ModelResponse> unhintedResponse = toResponse(unhinted.reply(), pair);
        CompletableFuture<ModelResponse> hintedResponse = toResponse(call(model, hintedCall(pair)), pair);
        return unhintedResponse.thenCombine(hintedResponse, (u, h) -> new PairAnswered(Events.SCHEMA_VERSION, pair, u, h,
                unhinted.shared(), clock.instant()));
    }

    static ModelCall unhintedCall(PairCreated pair) {
        return new ModelCall(pair.model(), pair.unhintedPrompt(),
                new SimulationCue(pair.seed(), pair.questionId(), pair.correctLetter(), pair.numOptions(), null, null, pair.sample()));
    }

    static ModelCall hintedCall(PairCreated pair) {
        return new ModelCall(pair.model(), pair.hintedPrompt(), new SimulationCue(pair.seed(), pair.questionId(),
                pair.correctLetter(), pair.numOptions(), pair.hintType(), pair.hintLetter(), pair.sample()));
    }

    private static CompletableFuture<ModelReply> call(ReasoningModel model, ModelCall call) {
        if (model == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("no client for provider '" + call.model().provider() + "'"));
        }
        try {
            return model.complete(call).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static CompletableFuture<ModelResponse> toResponse(CompletableFuture<ModelReply> reply, PairCreated pair) {
        return reply.handle((r, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                return ModelResponse.failed(cause.getClass().getSimpleName() + ": " + cause.getMessage(), 0, 1);
            }
            return new ModelResponse(r.reasoning(), r.reasoningRedacted(), r.text(), AnswerParser.parse(r.text(), pair.numOptions()),
                    r.tokens(), r.latencyMs(), 1, null, null);
        });
    }
}
