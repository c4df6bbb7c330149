package io.faithwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The name extraction behind {@link DashboardMetricsTest}: it must find every metric and nothing else. */
class PromQlTest {
    @Test
    void findsMetricsButNotFunctionsLabelsKeywordsOrGrafanaVariables() {
        assertThat(PromQl.metricNames("sum by (hint_type, run) (rate(faith_model_calls_total{result=\"error\",run=~\"$run\"}[$__rate_interval]))"
                + " / on (run) group_left sum without (le) (faith_x_ratio offset 1h) > bool 0.5 and ignoring(a) up"))
                .containsExactlyInAnyOrder("faith_model_calls_total", "faith_x_ratio", "up");
        assertThat(PromQl.metricNames("histogram_quantile(0.95, sum by (le) (rate(http_server_requests_seconds_bucket[5m])))"))
                .containsExactly("http_server_requests_seconds_bucket");
        assertThat(PromQl.metricNames("label_values(faith_normalized_faithfulness_ratio{run=\"${run}\"}, checkpoint)"))
                .containsExactly("faith_normalized_faithfulness_ratio");
        assertThat(PromQl.metricNames("label_values(faith_eligible_pairs{run=\"$run\",checkpoint=\"$checkpoint\"}, dataset)"))
                .containsExactly("faith_eligible_pairs");
        assertThat(PromQl.metricNames("faith:overall_floor:ratio < 1e-3 unless vector(1)")).containsExactly("faith:overall_floor:ratio");
        assertThat(PromQl.metricNames("count(x{a='}'})")).containsExactly("x");
    }

    @Test
    void readsSampleNamesOfAScrape() {
        assertThat(PromQl.sampleNames("""
                # HELP a_total a counter
                # TYPE a_total counter
                a_total{outcome="ok"} 3.0
                b_seconds_bucket{le="0.1"} 1.0
                c 2.0
                """)).containsExactlyInAnyOrder("a_total", "b_seconds_bucket", "c");
    }
}
