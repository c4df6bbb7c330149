package io.faithwatch.modelcaller.messaging;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.jboss.logging.Logger;

import io.faithwatch.events.Gauges;
import io.faithwatch.events.Metrics;
import io.faithwatch.events.Events;
import io.faithwatch.events.messaging.IncomingKeys;
import io.faithwatch.events.PairAnswered;
import io.faithwatch.events.PairCreated;
import io.faithwatch.events.Topics;
import io.faithwatch.modelcaller.config.ModelCallerConfig;
import io.faithwatch.modelcaller.domain.BatchPlan;
import io.faithwatch.modelcaller.domain.PairAnswerer;
import io.faithwatch.modelcaller.domain.UnhintedCalls;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.faithwatch.modelclients.ModelBatches;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Answers pairs as they arrive, up to {@code faith.model-caller.concurrency} at once. A pair's offset is committed only
 * after its response is acknowledged by the broker (the response message carries the pair's acknowledgement); a pair
 * that is not a valid event is nacked to the dead-letter topic and the stream goes on.
 *
 * <p>A pair takes as long as its calls take: the request timeout times the attempts, plus the time its calls wait for an
 * endpoint slot or an open circuit. Nothing here or in the connector gives up on a pair for its age (see
 * docs/design.md §4). While {@code concurrency} pairs wait, no new pair is requested from the stream, so the
 * Kafka consumer stops fetching (the connector pauses it and goes on polling) and pairs wait in Kafka.
 *
 * <p>A pair whose model has {@code batch=true} is handed to {@link BatchedPairs} instead: acknowledged once it is
 * recorded there, answered when its batch ends.
 */
@ApplicationScoped
public class PairConsumer {
    private static final Logger LOG = Logger.getLogger(PairConsumer.class);

    private final PairAnswerer answerer;
    private final BatchedPairs batched;
    private final AnsweredMetrics answeredMetrics;
    private final int concurrency;
    private final MeterRegistry registry;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Timer pairDuration;

    @Inject
    public PairConsumer(ModelCallerConfig config, ModelProviders providers, BatchedPairs batched, AnsweredMetrics answeredMetrics,
            MeterRegistry registry) {
        this.answerer = new PairAnswerer(providers::forProvider, new UnhintedCalls(config.unhintedCacheSize(), config.unhintedKeepFor()),
                config.priceList(), Clock.systemUTC(), config.skipHintedOnHint());
        this.batched = batched;
        this.answeredMetrics = answeredMetrics;
        this.concurrency = config.concurrency();
        this.registry = registry;
        Gauges.register(registry, Metrics.MODEL_PAIRS_IN_FLIGHT, inFlight, AtomicInteger::get);
        this.pairDuration = Timer.builder(Metrics.MODEL_PAIR_DURATION.name()).description(Metrics.MODEL_PAIR_DURATION.description()).register(registry);
    }

    @Incoming(Topics.Channels.PAIRS)
    @Outgoing(Topics.Channels.RESPONSES)
    public Multi<Message<String>> answer(Multi<Message<String>> pairs) {
        return pairs.onItem().transformToUni(this::answerOne).merge(concurrency).filter(Objects::nonNull);
    }

    private Uni<Message<String>> answerOne(Message<String> message) {
        PairCreated pair;
        try {
            pair = Events.decode(IncomingKeys.of(message), message.getPayload(), PairCreated.class);
        } catch (RuntimeException e) {
            // The channel's failure strategy sends a nacked pair to the dead-letter topic.
            registry.counter(Metrics.DEAD_LETTERS.name(), Metrics.Tag.CHANNEL, Topics.Channels.PAIRS).increment();
            return Uni.createFrom().completionStage(message.nack(e)).replaceWith((Message<String>) null);
        }
        boolean batch;
        try {
            batch = ModelBatches.requested(pair.model());
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(answered(message, BatchPlan.failed(List.of(pair), e, Clock.systemUTC()).get(0)));
        }
        if (batch) {
            // Recorded durably first: the pair may wait hours for its batch, so it cannot hold its offset meanwhile.
            return Uni.createFrom().completionStage(() -> batched.record(pair)).chain(() -> Uni.createFrom().completionStage(message.ack()))
                    .replaceWith((Message<String>) null);
        }
        long taken = System.nanoTime();
        inFlight.incrementAndGet();
        return Uni.createFrom().completionStage(() -> answerer.answer(pair)).onTermination().invoke(inFlight::decrementAndGet).map(answered -> {
            pairDuration.record(System.nanoTime() - taken, TimeUnit.NANOSECONDS);
            return answered(message, answered);
        });
    }

    /** The response, which carries the pair's acknowledgement. */
    private Message<String> answered(Message<String> message, PairAnswered answered) {
        answeredMetrics.count(answered);
        return message.withPayload(Events.encode(answered)).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(answered.key()).build());
    }
}
