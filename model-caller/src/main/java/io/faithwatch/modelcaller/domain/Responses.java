package io.faithwatch.modelcaller.domain;

import java.util.concurrent.CompletionException;

import io.faithwatch.events.ModelResponse;
import io.faithwatch.events.PairCreated;
import io.faithwatch.modelclients.Completion;
import io.faithwatch.modelclients.ModelCallException;

/**
 * A call's reply or failure as the response of a pair, the same for calls made one by one and for batched ones. A shared
 * unhinted response has {@code attempts} 0 and, when priced, {@code costUsd} 0: the pair that made the call carries them,
 * so sums over responses count each request and each dollar once.
 */
public final class Responses {
    private Responses() {
    }

    /** {@code priceFactor} scales the configured price (the batch APIs charge half). */
    public static ModelResponse answered(Completion reply, PairCreated pair, boolean shared, Prices prices, double priceFactor) {
        Double cost = prices.costUsd(pair.model().model(), reply.tokens());
        Double charged = cost == null ? null : shared ? Double.valueOf(0.0) : cost * priceFactor;
        return new ModelResponse(reply.reasoning(), reply.reasoningRedacted(), reply.reasoningChannel(), reply.text(),
                AnswerParser.parse(reply.text(), pair.numOptions()), reply.tokens(), reply.latencyMs(), shared ? 0 : reply.attempts(), charged, null);
    }

    public static ModelResponse failed(Throwable failure, boolean shared) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        int attempts = cause instanceof ModelCallException known ? known.attempts() : 1;
        return ModelResponse.failed(cause.getClass().getSimpleName() + ": " + cause.getMessage(), 0, shared ? 0 : attempts);
    }
}
