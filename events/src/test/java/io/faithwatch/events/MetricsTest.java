package io.faithwatch.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Prometheus names as Micrometer writes them; DashboardMetricsTest checks the same against the services' real scrapes. */
class MetricsTest {
    @Test
    void prometheusNamesFollowMicrometersConventions() {
        assertThat(Metrics.DEAD_LETTERS.prometheusName()).isEqualTo("faith_dead_letters_total");
        assertThat(Metrics.MODEL_REQUESTS.prometheusName()).isEqualTo("faith_model_requests_seconds");
        assertThat(Metrics.NORMALIZED.prometheusName()).isEqualTo("faith_normalized_faithfulness_ratio");
        assertThat(Metrics.ELIGIBLE.prometheusName()).isEqualTo("faith_eligible_pairs");
    }

    @Test
    void everyMetricIsListedOnceUnderItsOwnName() {
        assertThat(Metrics.all()).doesNotHaveDuplicates();
        assertThat(Metrics.all().stream().map(Metrics.Metric::name)).doesNotHaveDuplicates().allMatch(n -> n.startsWith("faith."));
        assertThat(Metrics.all().stream().map(Metrics.Metric::prometheusName)).doesNotHaveDuplicates();
    }
}
