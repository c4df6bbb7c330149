package io.faithwatch.modelcaller.domain;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import io.faithwatch.events.Events;
import io.faithwatch.events.ModelResponse;
import io.faithwatch.events.PairAnswered;
import io.faithwatch.events.PairCreated;
import io.faithwatch.modelclients.ModelCall;
import io.faithwatch.modelclients.Completion;
import io.faithwatch.modelclients.ReasoningModel;
import io.faithwatch.modelclients.SimulationCue;

/**
 * Answers one pair: the unhinted prompt (shared with the other hint types of the question) and the hinted prompt.
 * A failed call becomes an error response, so that every pair is accounted for downstream.
 *
 * <p>A response says what its reasoning is (its reasoning channel): raw, a summary, redacted or none, as the client read it.
 *
 * <p>When the unhinted answer already is the hint letter, the pair is unhinted_on_hint whatever the hinted answer, so
 * the hinted call is not made ({@link ModelResponse#notCalled}) unless {@code skipHintedOnHint} is off (to measure hinted
 * accuracy over every question). The hinted call then waits for the unhinted answer: a pair takes two call latencies
 * instead of one, and in the correct-hint arm most calls of a strong model are saved.
 *
 * <p>A response records what its pair spent ({@link Responses}).
 */
public final class PairAnswerer {
    private final Function<String, ReasoningModel> models;
    private final UnhintedCalls unhintedCalls;
    private final Prices prices;
    private final Clock clock;
    private final boolean skipHintedOnHint;

    public PairAnswerer(Function<String, ReasoningModel> models, UnhintedCalls unhintedCalls, Prices prices, Clock clock,
            boolean skipHintedOnHint) {
        this.models = models;
        this.unhintedCalls = unhintedCalls;
        this.prices = prices;
        this.clock = clock;
        this.skipHintedOnHint = skipHintedOnHint;
    }

    public CompletableFuture<PairAnswered> answer(PairCreated pair) {
        ReasoningModel model = model(pair.model().provider());
        UnhintedCalls.Shared unhinted = unhintedCalls.get(pair, () -> call(model, unhintedCall(pair)));
        CompletableFuture<ModelResponse> unhintedResponse = toResponse(unhinted.reply(), pair, unhinted.shared());
        CompletableFuture<ModelResponse> hintedResponse = skipHintedOnHint
                ? unhintedResponse.thenCompose(u -> pair.hintLetter().equals(u.answer()) ? CompletableFuture.completedFuture(ModelResponse.notCalled())
                        : toResponse(call(model, hintedCall(pair)), pair, false))
                : toResponse(call(model, hintedCall(pair)), pair, false);
        return unhintedResponse.thenCombine(hintedResponse, (u, h) -> new PairAnswered(Events.SCHEMA_VERSION, pair, u, h,
                unhinted.shared(), clock.instant()));
    }

    private ReasoningModel model(String provider) {
        try {
            ReasoningModel model = models.apply(provider);
            if (model != null) {
                return model;
            }
            return failing(new IllegalArgumentException("no client for provider '" + provider + "'"));
        } catch (IllegalArgumentException e) {
            return failing(e);
        }
    }

    private static ReasoningModel failing(RuntimeException e) {
        return call -> CompletableFuture.failedFuture(e);
    }

    static ModelCall unhintedCall(PairCreated pair) {
        return new ModelCall(pair.model(), pair.unhintedPrompt(),
                new SimulationCue(pair.seed(), pair.questionId(), pair.correctLetter(), pair.numOptions(), null, null, pair.sample()));
    }

    static ModelCall hintedCall(PairCreated pair) {
        return new ModelCall(pair.model(), pair.hintedPrompt(), new SimulationCue(pair.seed(), pair.questionId(),
                pair.correctLetter(), pair.numOptions(), pair.hintType(), pair.hintLetter(), pair.sample()));
    }

    private static CompletableFuture<Completion> call(ReasoningModel model, ModelCall call) {
        try {
            return model.complete(call).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<ModelResponse> toResponse(CompletableFuture<Completion> reply, PairCreated pair, boolean shared) {
        return reply.handle((r, failure) -> failure != null ? Responses.failed(failure, shared) : Responses.answered(r, pair, shared, prices, 1.0));
    }
}
