package io.faithwatch.modelcaller.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import io.faithwatch.events.Events;
import io.faithwatch.events.HintType;
import io.faithwatch.events.PairAnswered;
import io.faithwatch.events.PairCreated;
import io.faithwatch.events.testing.PairCreatedBuilder;
import io.faithwatch.testsupport.InMemoryChannels;
import io.faithwatch.testsupport.MessagingEdgeTest;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import io.smallrye.reactive.messaging.memory.InMemorySource;

/**
 * model-caller's Kafka edge on in-memory channels, no broker: a pair becomes a response keyed like it, carrying the pair's
 * acknowledgement; a pair that is not an event is nacked with the reason and counted. PairConsumerIT does the same
 * through the real broker, dead-letter topic included.
 */
@QuarkusTest
@WithTestResource(value = InMemoryChannels.class, initArgs = { @ResourceArg(name = "incoming", value = "pairs"),
        @ResourceArg(name = "outgoing", value = "responses") })
class PairConsumerTest extends MessagingEdgeTest {
    @Test
    void aPairBecomesAResponseKeyedLikeItThatCarriesThePairsAcknowledgement() {
        InMemorySource<Message<String>> pairs = connector.source("pairs");
        InMemorySink<String> responses = connector.sink("responses");
        responses.clear();
        PairCreated pair = PairCreatedBuilder.pair("ckpt-mem-1", 1, HintType.METADATA).build();
        CompletableFuture<Void> acked = new CompletableFuture<>();
        pairs.send(Message.of(Events.encode(pair)).withAck(() -> {
            acked.complete(null);
            return CompletableFuture.completedFuture(null);
        }));

        await().atMost(Duration.ofSeconds(30)).until(() -> responses.received().size() == 1);
        Message<String> response = responses.received().get(0);
        PairAnswered answered = Events.decode(response.getPayload(), PairAnswered.class);
        assertThat(answered.pair()).isEqualTo(pair);
        assertThat(answered.hinted().failed()).isFalse();
        assertThat(response.getMetadata(OutgoingKafkaRecordMetadata.class)).get().extracting(OutgoingKafkaRecordMetadata::getKey)
                .isEqualTo(pair.key());
        // The sink acknowledges what it takes: the response carries the pair's acknowledgement, so the pair is acked with it.
        await().atMost(Duration.ofSeconds(10)).until(acked::isDone);
    }

    @Test
    void aPairThatIsNotAnEventIsNackedWithItsReason() {
        InMemorySource<Message<String>> pairs = connector.source("pairs");
        AtomicReference<Throwable> reason = new AtomicReference<>();
        String noHintType = Events.encode(PairCreatedBuilder.pair("ckpt-mem-2", 1, HintType.SYCOPHANCY).build())
                .replace("\"hintType\":\"sycophancy\",", "");
        pairs.send(Message.of(noHintType).withNack(e -> {
            reason.set(e);
            return CompletableFuture.completedFuture(null);
        }));
        await().atMost(Duration.ofSeconds(30)).until(() -> reason.get() != null);
        assertThat(reason.get()).hasMessageContaining("hintType");
        await().atMost(Duration.ofSeconds(10)).until(() -> deadLettered("pairs") >= 1);
        assertThat(connector.sink("responses").received()).noneMatch(m -> ((String) m.getPayload()).contains("ckpt-mem-2"));
    }

    @jakarta.inject.Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    double hintedCalls() {
        return registry.find(io.faithwatch.events.Metrics.MODEL_CALLS.name()).tag(io.faithwatch.events.Metrics.Tag.PROMPT, "hinted").counters()
                .stream().mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    @Test
    void aHintedCallLeftOutBecauseTheUnhintedAnswerIsTheHintIsNoCall() {
        InMemorySink<String> responses = connector.sink("responses");
        responses.clear();
        double before = hintedCalls();
        // Correct-hint arm, a model that always answers right: a_u = h, so the hinted call is not made.
        PairCreated pair = PairCreatedBuilder.pair("ckpt-mem-3", 1, HintType.SYCOPHANCY).arm(io.faithwatch.events.HintArm.CORRECT_HINT)
                .letters("A", "A").model(new io.faithwatch.events.ModelRef("sim", null, "sim-reasoner",
                        java.util.Map.of("accuracy", 1.0, "unparseable", 0.0), null)).build();
        connector.source("pairs").send(Message.of(Events.encode(pair)));

        await().atMost(Duration.ofSeconds(30)).until(() -> responses.received().size() == 1);
        PairAnswered answered = Events.decode(responses.received().get(0).getPayload(), PairAnswered.class);
        assertThat(answered.unhinted().answer()).isEqualTo("A");
        assertThat(answered.hinted().skipped()).isTrue();
        assertThat(hintedCalls()).isEqualTo(before);
    }
}
