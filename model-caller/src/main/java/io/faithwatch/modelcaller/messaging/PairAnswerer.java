package io.faithwatch.modelcaller.messaging;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.jboss.logging.Logger;

import io.faithwatch.events.Events;
import io.faithwatch.events.ModelResponse;
import io.faithwatch.events.PairAnswered;
import io.faithwatch.events.PairCreated;
import io.faithwatch.events.Topics;
import io.faithwatch.modelcaller.domain.PairAnswering;
import io.faithwatch.modelcaller.domain.Prices;
import io.faithwatch.modelcaller.domain.UnhintedCalls;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Answers pairs as they arrive, up to {@code faith.model-caller.concurrency} at once. A pair's offset is committed only
 * after its response is acknowledged by the broker (the response message carries the pair's acknowledgement); a pair
 * that is not a valid event is nacked to the dead-letter topic and the stream goes on.
 *
 * <p>While a model endpoint's circuit is open the pairs taken wait for it, no new pair is requested from the stream once
 * {@code concurrency} wait, so the Kafka consumer stops fetching (the connector pauses it when nothing is requested) and
 * pairs wait in Kafka instead of burning retries.
 */
@ApplicationScoped
public class PairAnswerer {
    private static final Logger LOG = Logger.getLogger(PairAnswerer.class);

    private final PairAnswering answering;
    private final ModelProviders providers;
    private final int concurrency;
    private final MeterRegistry registry;

    @Inject
    public PairAnswerer(ModelCallerConfig config, ModelProviders providers, MeterRegistry registry) {
        Map<String, Prices.Price> prices = config.prices().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> new Prices.Price(e.getValue().inputPerMtok(), e.getValue().outputPerMtok())));
        this.answering = new PairAnswering(providers::forProvider, new UnhintedCalls(config.unhintedCacheSize(), config.unhintedKeepFor()),
                new Prices(prices), Clock.systemUTC());
        this.providers = providers;
        this.concurrency = config.concurrency();
        this.registry = registry;
    }

    @Incoming(Topics.Channels.PAIRS)
    @Outgoing(Topics.Channels.RESPONSES)
    public Multi<Message<String>> answer(Multi<Message<String>> pairs) {
        return pairs.onItem().transformToUni(this::answerWhenFlowing).merge(concurrency).filter(Objects::nonNull);
    }

    /**
     * A pair taken while an endpoint is down waits here; once {@code concurrency} pairs wait, nothing more is requested
     * from the stream and the Kafka consumer pauses.
     */
    private Uni<Message<String>> answerWhenFlowing(Message<String> message) {
        if (!providers.gate().paused()) {
            return answerOne(message);
        }
        return Uni.createFrom().completionStage(providers.gate()::whenFlowing).chain(() -> answerOne(message));
    }

    private Uni<Message<String>> answerOne(Message<String> message) {
        PairCreated pair;
        try {
            pair = Events.decode(message.getPayload(), PairCreated.class);
        } catch (RuntimeException e) {
            // The channel's failure strategy sends a nacked pair to the dead-letter topic.
            registry.counter("faith.dead.letters", "channel", Topics.Channels.PAIRS).increment();
            return Uni.createFrom().completionStage(message.nack(e)).replaceWith((Message<String>) null);
        }
        return Uni.createFrom().completionStage(() -> answering.answer(pair)).map(answered -> {
            count(answered);
            return message.withPayload(Events.encode(answered))
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(answered.key()).build());
        });
    }

    private void count(PairAnswered answered) {
        PairCreated pair = answered.pair();
        count(pair, "hinted", answered.hinted());
        if (!answered.unhintedShared()) {
            count(pair, "unhinted", answered.unhinted());
        }
    }

    private void count(PairCreated pair, String prompt, ModelResponse response) {
        registry.counter("faith.model.calls", "prompt", prompt, "result", response.failed() ? "error" : "ok").increment();
        if (response.failed()) {
            LOG.warnf("pair %s: %s call failed: %s", pair.pairId(), prompt, response.error());
            return;
        }
        registry.counter("faith.model.tokens", "kind", "prompt").increment(response.tokens().prompt());
        registry.counter("faith.model.tokens", "kind", "completion").increment(response.tokens().completion());
        registry.counter("faith.model.tokens", "kind", "reasoning").increment(response.tokens().reasoning());
        if (response.costUsd() != null) {
            registry.counter("faith.model.cost.usd", "checkpoint", pair.checkpointId()).increment(response.costUsd());
        }
    }
}
