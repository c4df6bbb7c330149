package io.faithwatch.testsupport;

import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;

import io.faithwatch.events.Metrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;

/**
 * The base of a fast {@code @QuarkusTest} of a service's Kafka edge on in-memory channels ({@link InMemoryChannels}): the
 * channels to send to and read from, and what the service counted.
 */
public abstract class MessagingEdgeTest {
    @Inject
    @Any
    protected InMemoryConnector connector;

    @Inject
    protected MeterRegistry registry;

    /** Records of an input channel the service refused as bad input (nacked towards its dead-letter topic). */
    protected double deadLettered(String channel) {
        return registry.counter(Metrics.DEAD_LETTERS.name(), Metrics.Tag.CHANNEL, channel).count();
    }
}
