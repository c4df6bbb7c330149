package io.faithwatch.localstack;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import io.faithwatch.events.Topics;

/** Creates every topic of the system (dead-letter topics included) with the partition count the services expect. */
public final class TopicSetup {
    private TopicSetup() {
    }

    public static void ensure(String bootstrapServers, int partitions) {
        ensure(bootstrapServers, partitions, Map.of());
    }

    /** On the broker, as its admin, with {@link KafkaBroker#PARTITIONS} partitions. */
    public static void ensure(KafkaBroker broker) {
        ensure(broker.bootstrapServers(), KafkaBroker.PARTITIONS, broker.clientProperties(KafkaSecurity.ADMIN));
    }

    private static void ensure(String bootstrapServers, int partitions, Map<String, String> clientProperties) {
        Map<String, Object> config = new java.util.HashMap<>(clientProperties);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(config)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = Topics.all().stream()
                    .filter(topic -> !existing.contains(topic))
                    .map(topic -> new NewTopic(topic, partitions, (short) 1)
                            .configs(Topics.COMPACTED.contains(topic) ? Map.of("cleanup.policy", "compact") : Map.of()))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                throw new IllegalStateException("cannot create topics on " + bootstrapServers + ": " + e.getCause(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " did not answer within 30 s", e);
        }
    }
}
