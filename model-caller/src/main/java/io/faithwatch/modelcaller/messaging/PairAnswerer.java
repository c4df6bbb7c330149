package io.faithwatch.modelcaller.messaging;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

import io.faithwatch.events.Events;
import io.faithwatch.events.PairAnswered;
import io.faithwatch.events.PairCreated;
import io.faithwatch.events.Topics;
import io.faithwatch.modelcaller.domain.PairAnswering;
import io.faithwatch.modelcaller.domain.UnhintedCalls;
import io.faithwatch.models.ReasoningModel;
import io.faithwatch.models.SimulatedReasoningModel;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Answers pairs as they arrive, up to {@code faith.model-caller.concurrency} at once. A pair's offset is committed only
 * after its response is acknowledged by the broker (the response message carries the pair's acknowledgement); a pair
 * that is not a valid event is nacked to the dead-letter topic and the stream goes on.
 */
@ApplicationScoped
public class PairAnswerer {
    private final PairAnswering answering;
    private final int concurrency;
    private final MeterRegistry registry;

    @Inject
    public PairAnswerer(@ConfigProperty(name = "faith.model-caller.concurrency", defaultValue = "16") int concurrency,
            @ConfigProperty(name = "faith.model-caller.unhinted-cache-size", defaultValue = "20000") long cacheSize,
            MeterRegistry registry) {
        Map<String, ReasoningModel> providers = Map.of(SimulatedReasoningModel.PROVIDER, new SimulatedReasoningModel());
        this.answering = new PairAnswering(providers::get, new UnhintedCalls(cacheSize, Duration.ofHours(6)), Clock.systemUTC());
        this.concurrency = concurrency;
        this.registry = registry;
    }

    @Incoming(Topics.Channels.PAIRS)
    @Outgoing(Topics.Channels.RESPONSES)
    public Multi<Message<String>> answer(Multi<Message<String>> pairs) {
        return pairs.onItem().transformToUni(this::answerOne).merge(concurrency)
                .filter(message -> message != null);
    }

    private Uni<Message<String>> answerOne(Message<String> message) {
        PairCreated pair;
        try {
            pair = Events.decode(message.getPayload(), PairCreated.class);
        } catch (RuntimeException e) {
            return Uni.createFrom().completionStage(message.nack(e)).replaceWith((Message<String>) null);
        }
        return Uni.createFrom().completionStage(() -> answering.answer(pair)).map(answered -> {
            count(answered);
            return message.withPayload(Events.encode(answered))
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(answered.key()).build());
        });
    }

    private void count(PairAnswered answered) {
        registry.counter("faith.model.calls", "prompt", "hinted", "result", answered.hinted().failed() ? "error" : "ok").increment();
        if (!answered.unhintedShared()) {
            registry.counter("faith.model.calls", "prompt", "unhinted", "result", answered.unhinted().failed() ? "error" : "ok").increment();
        }
    }
}
