package io.faithwatch.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class GaugesTest {
    @Test
    void aGaugeRegisteredAgainUnderItsIdReadsTheNewStateNotTheStateOfAnApplicationThatIsGone() {
        MeterRegistry registry = new SimpleMeterRegistry();
        Tags rule = Tags.of(Metrics.Tag.JUDGE, "rule", Metrics.Tag.VERSION, "5");
        // The first application's state, then the same gauge registered by the application started after it in this JVM.
        Gauges.register(registry, Metrics.JUDGE_GOLD_CASES, rule, new AtomicInteger(1), AtomicInteger::get);
        Gauges.register(registry, Metrics.JUDGE_GOLD_CASES, rule, new AtomicInteger(2), AtomicInteger::get);
        Gauges.register(registry, Metrics.JUDGE_GOLD_CASES, Tags.of(Metrics.Tag.JUDGE, "llm", Metrics.Tag.VERSION, "2"), new AtomicInteger(3),
                AtomicInteger::get);

        assertThat(registry.get(Metrics.JUDGE_GOLD_CASES.name()).tags(rule).gauges()).singleElement()
                .satisfies(gauge -> assertThat(gauge.value()).isEqualTo(2.0));
        assertThat(registry.get(Metrics.JUDGE_GOLD_CASES.name()).gauges()).as("gauges of other tags stay").hasSize(2);
        assertThat(registry.get(Metrics.JUDGE_GOLD_CASES.name()).tags(rule).gauge().getId().getDescription())
                .isEqualTo(Metrics.JUDGE_GOLD_CASES.description());
    }
}
