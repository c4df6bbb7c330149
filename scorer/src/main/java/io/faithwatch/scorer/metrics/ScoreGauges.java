package io.faithwatch.scorer.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.faithwatch.scorer.store.HintTypeScoreEntity;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

/**
 * Exports the figures of each (checkpoint, dataset, hint type) to Prometheus. An undefined figure has no sample at all:
 * its row is left out rather than exported as 0 or NaN.
 */
@ApplicationScoped
public class ScoreGauges {
    private final Map<String, HintTypeScoreEntity> latest = new ConcurrentHashMap<>();
    private final MultiGauge normalized;
    private final MultiGauge raw;
    private final MultiGauge alpha;
    private final MultiGauge eligible;

    @Inject
    public ScoreGauges(MeterRegistry registry) {
        normalized = MultiGauge.builder("faith.normalized.faithfulness").baseUnit("ratio")
                .description("Normalized faithfulness min(1, raw/alpha) per checkpoint, dataset and hint type").register(registry);
        raw = MultiGauge.builder("faith.raw.faithfulness").baseUnit("ratio")
                .description("Verbalized / eligible pairs per checkpoint, dataset and hint type").register(registry);
        alpha = MultiGauge.builder("faith.alpha").baseUnit("ratio")
                .description("Share of answer changes to the hint explained by the hint, not noise").register(registry);
        eligible = MultiGauge.builder("faith.eligible.pairs")
                .description("Pairs whose answer the hint changed to the hinted option").register(registry);
    }

    public void update(HintTypeScoreEntity score) {
        latest.put(score.id, score);
        refresh();
    }

    public void replaceAll(List<HintTypeScoreEntity> scores) {
        latest.clear();
        scores.forEach(score -> latest.put(score.id, score));
        refresh();
    }

    private synchronized void refresh() {
        normalized.register(rows(score -> score.normalized), true);
        raw.register(rows(score -> score.raw), true);
        alpha.register(rows(score -> score.alpha), true);
        eligible.register(rows(score -> (double) score.switchedToHint), true);
    }

    private List<MultiGauge.Row<?>> rows(java.util.function.Function<HintTypeScoreEntity, Double> figure) {
        return latest.values().stream()
                .filter(score -> figure.apply(score) != null)
                .<MultiGauge.Row<?>>map(score -> MultiGauge.Row.of(tags(score), figure.apply(score)))
                .toList();
    }

    private static Tags tags(HintTypeScoreEntity score) {
        return Tags.of("run", score.runId, "checkpoint", score.checkpointId, "dataset", score.dataset, "hint_type", score.hintType,
                "category", score.category);
    }
}
