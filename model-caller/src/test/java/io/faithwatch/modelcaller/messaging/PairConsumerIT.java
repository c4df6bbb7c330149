package io.faithwatch.modelcaller.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.faithwatch.testsupport.TestInfrastructure;
import io.faithwatch.events.ChatMessage;
import io.faithwatch.events.Events;
import io.faithwatch.events.HintType;
import io.faithwatch.events.PairAnswered;
import io.faithwatch.events.PairCreated;
import io.faithwatch.events.testing.PairCreatedBuilder;
import io.faithwatch.events.Topics;
import io.faithwatch.testsupport.KafkaTestResource;
import io.faithwatch.testsupport.TopicProbe;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class PairConsumerIT {
    final KafkaCompanion kafka = new KafkaCompanion(TestInfrastructure.kafka().bootstrapServers());

    static PairCreated pair(String checkpoint, int question, HintType type) {
        return PairCreatedBuilder.pair(checkpoint, question, type).letters("D", "B")
                .prompts(List.of(ChatMessage.user("Question " + question)), List.of(ChatMessage.user("Question " + question + " with a hint")))
                .planned(20).seed(3).build();
    }

    @Test
    void everyPairGetsAResponseWithTheSameKey() {
        for (int q = 0; q < 10; q++) {
            for (HintType type : List.of(HintType.SYCOPHANCY, HintType.METADATA)) {
                PairCreated pair = pair("ckpt-mc-1", q, type);
                kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.PAIRS, pair.key(), Events.encode(pair)));
            }
        }

        List<ConsumerRecord<String, String>> records = new TopicProbe(kafka).await(Topics.RESPONSES, "ckpt-mc-1/", 20, Duration.ofSeconds(60));

        assertThat(records).hasSize(20);
        List<PairAnswered> answered = records.stream().map(r -> Events.decode(r.value(), PairAnswered.class)).toList();
        assertThat(answered).allSatisfy(a -> {
            assertThat(a.key()).isEqualTo(a.pair().key());
            // A pair whose unhinted answer already is the hint letter makes no hinted call.
            assertThat(a.hinted().skipped()).isEqualTo(a.pair().hintLetter().equals(a.unhinted().answer()));
            if (!a.hinted().skipped()) {
                assertThat(a.hinted().reasoning()).isNotBlank();
                assertThat(a.hinted().tokens().reasoning()).isPositive();
            }
        });
        assertThat(answered.stream().filter(a -> !a.hinted().skipped())).as("most hinted calls are made").hasSizeGreaterThan(10);
        assertThat(answered.stream().filter(PairAnswered::unhintedShared)).hasSize(10);
    }

    @Test
    void aMalformedPairGoesToTheDeadLetterTopicWithItsReason() {
        PairCreated good = pair("ckpt-mc-2", 1, HintType.SYCOPHANCY);
        String noHintType = Events.encode(good).replace("\"hintType\":\"sycophancy\",", "");
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.PAIRS, "ckpt-mc-2/bad", noHintType));
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.PAIRS, good.key(), Events.encode(good)));

        ConsumerRecord<String, String> dead = new TopicProbe(kafka).await(Topics.deadLetter(Topics.PAIRS), "ckpt-mc-2/bad", 1,
                Duration.ofSeconds(60)).get(0);
        assertThat(new String(dead.headers().lastHeader("dead-letter-reason").value())).contains("required property 'hintType' not found");

        assertThat(new TopicProbe(kafka).await(Topics.RESPONSES, good.key(), 1, Duration.ofSeconds(60))).hasSize(1);
    }
}
