package io.faithwatch.scorer.messaging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.faithwatch.events.Events;
import io.faithwatch.events.Metrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * One poll of a batch channel read as events of one type: the ones that decode, and the malformed ones with their reasons,
 * each of which goes alone to the dead-letter topic (the rest of the poll is stored). One way for every consumer of the
 * scorer, with the headers the Kafka connector's own dead-letter queue sets.
 */
record Poll<T>(List<T> events, List<Malformed> malformed) {
    /** A record that is not a valid event, and why. */
    record Malformed(ConsumerRecord<String, String> record, String reason) {
    }

    static <T> Poll<T> read(ConsumerRecords<String, String> records, Class<T> type) {
        List<T> events = new ArrayList<>();
        List<Malformed> malformed = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                events.add(Events.decode(record.key(), record.value(), type));
            } catch (RuntimeException e) {
                malformed.add(new Malformed(record, e.getMessage() == null ? e.toString() : e.getMessage()));
            }
        }
        return new Poll<>(events, malformed);
    }

    /** The record as it came, with the reason and where it came from in headers, for the dead-letter topic. */
    static Message<String> deadLetter(Malformed malformed) {
        ConsumerRecord<String, String> record = malformed.record();
        RecordHeaders headers = new RecordHeaders();
        record.headers().forEach(headers::add);
        headers.add("dead-letter-reason", malformed.reason().getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-topic", record.topic().getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-partition", Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-offset", Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
        return Message.of(record.value()).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(record.key()).withHeaders(headers).build());
    }

    /** Sends a malformed record to the dead-letter topic, waiting for the broker (the caller's guard retries it). */
    static void send(MutinyEmitter<String> deadLetters, Malformed malformed) {
        deadLetters.sendMessageAndAwait(deadLetter(malformed));
    }

    /** The dead-letter counter of an input channel, registered at zero from the start. */
    static Counter deadLetterCounter(MeterRegistry registry, String channel) {
        return Counter.builder(Metrics.DEAD_LETTERS.name()).tag(Metrics.Tag.CHANNEL, channel)
                .description(Metrics.DEAD_LETTERS.description()).register(registry);
    }
}
