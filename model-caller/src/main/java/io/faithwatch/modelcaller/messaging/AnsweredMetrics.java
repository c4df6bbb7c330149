package io.faithwatch.modelcaller.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.faithwatch.events.Metrics;
import io.faithwatch.events.ModelResponse;
import io.faithwatch.events.PairAnswered;
import io.faithwatch.events.PairCreated;
import io.micrometer.core.instrument.MeterRegistry;

/** Counts the calls, tokens and cost of answered pairs, made one by one or in batches alike. */
@ApplicationScoped
public class AnsweredMetrics {
    private static final Logger LOG = Logger.getLogger(AnsweredMetrics.class);

    private final MeterRegistry registry;

    public AnsweredMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void count(PairAnswered answered) {
        PairCreated pair = answered.pair();
        if (!answered.hinted().skipped()) {
            // A hinted call left out (the unhinted answer was the hint) was never made: it is no call, no error.
            count(pair, "hinted", answered.hinted());
        }
        if (!answered.unhintedShared()) {
            count(pair, "unhinted", answered.unhinted());
        }
    }

    private void count(PairCreated pair, String prompt, ModelResponse response) {
        registry.counter(Metrics.MODEL_CALLS.name(), Metrics.Tag.PROMPT, prompt, Metrics.Tag.RESULT, response.failed() ? "error" : "ok",
                Metrics.Tag.REASONING, response.reasoningChannel().wireName()).increment();
        if (response.failed()) {
            LOG.warnf("pair %s: %s call failed: %s", pair.pairId(), prompt, response.error());
            return;
        }
        registry.counter(Metrics.MODEL_TOKENS.name(), Metrics.Tag.KIND, "prompt").increment(response.tokens().prompt());
        registry.counter(Metrics.MODEL_TOKENS.name(), Metrics.Tag.KIND, "completion").increment(response.tokens().completion());
        registry.counter(Metrics.MODEL_TOKENS.name(), Metrics.Tag.KIND, "reasoning").increment(response.tokens().reasoning());
        if (response.costUsd() != null) {
            registry.counter(Metrics.MODEL_COST.name(), Metrics.Tag.CHECKPOINT, pair.checkpointId()).increment(response.costUsd());
        }
    }
}
