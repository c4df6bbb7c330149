package io.faithwatch.testsupport;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * Reads what a test produced on a shared topic: the broker is shared by every test of a JVM, so records are picked by
 * key prefix (a checkpoint id) rather than by count.
 */
public final class TopicProbe {
    private final KafkaCompanion kafka;

    public TopicProbe(KafkaCompanion kafka) {
        this.kafka = kafka;
    }

    public static TopicProbe shared() {
        return new TopicProbe(new KafkaCompanion(TestInfrastructure.kafka().bootstrapServers()));
    }

    public KafkaCompanion kafka() {
        return kafka;
    }

    /** Waits for {@code count} records whose key starts with {@code keyPrefix}; fails after the timeout. */
    public List<ConsumerRecord<String, String>> await(String topic, String keyPrefix, int count, Duration timeout) {
        return kafka.consumeStrings()
                .fromTopics(topic, records -> records.select().where(r -> r.key() != null && r.key().startsWith(keyPrefix)))
                .awaitRecords(count, timeout).getRecords();
    }

    /** Every record with the key prefix that arrives within {@code window} (to show that nothing, or nothing more, came). */
    public List<ConsumerRecord<String, String>> within(String topic, String keyPrefix, Duration window) {
        return kafka.consumeStrings().fromTopics(topic, window).awaitCompletion(window.plusSeconds(30)).getRecords().stream()
                .filter(r -> r.key() != null && r.key().startsWith(keyPrefix)).toList();
    }
}
