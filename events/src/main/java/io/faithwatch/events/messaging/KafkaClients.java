package io.faithwatch.events.messaging;

import java.util.Map;
import java.util.Properties;

/**
 * The one way a service's own Kafka clients (beside its SmallRye channels) connect: with the same address and sign-in
 * as the channels, taken from the service's {@code kafka.*} settings (Quarkus' {@code default-kafka-broker}
 * configuration), so that on a secured cluster they sign in as the service like its channels do.
 */
public final class KafkaClients {
    private KafkaClients() {
    }

    /** The connection and sign-in settings of {@code kafka}: bootstrap servers, security protocol, SASL and TLS. */
    public static Properties connection(Map<String, ?> kafka) {
        Properties props = new Properties();
        kafka.forEach((key, value) -> {
            if (value != null && (key.equals("bootstrap.servers") || key.equals("security.protocol") || key.startsWith("sasl.")
                    || key.startsWith("ssl."))) {
                props.put(key, String.valueOf(value));
            }
        });
        if (!props.containsKey("bootstrap.servers")) {
            throw new IllegalArgumentException("kafka.bootstrap.servers is not set");
        }
        return props;
    }
}
