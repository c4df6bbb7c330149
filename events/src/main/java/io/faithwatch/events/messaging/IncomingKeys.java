package io.faithwatch.events.messaging;

import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/** The record key that {@link io.faithwatch.events.Events#decode(String, String, Class)} requires, for every consumer. */
public final class IncomingKeys {
    private IncomingKeys() {
    }

    /**
     * The key of a record read from Kafka; a message that did not come from Kafka (an in-memory channel) has none to
     * check: its own key is taken as present.
     */
    public static String of(Message<String> message) {
        var kafka = message.getMetadata(IncomingKafkaRecordMetadata.class);
        if (kafka.isEmpty()) {
            return "(not from Kafka)";
        }
        Object key = kafka.get().getKey();
        return key == null ? null : key.toString();
    }
}
