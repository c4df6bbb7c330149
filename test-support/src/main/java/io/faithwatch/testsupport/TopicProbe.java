package io.faithwatch.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

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

    /** Every record ever written to the topics (values and headers), read from the beginning to the current end. */
    public static List<ConsumerRecord<String, String>> everything(String bootstrap, List<String> topics) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(2 * 1024 * 1024));
        List<ConsumerRecord<String, String>> all = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
            Instant deadline = Instant.now().plusSeconds(120);
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("could not read every record of " + topics + " within 120 s");
                }
                consumer.poll(Duration.ofMillis(500)).forEach(all::add);
            }
        }
        return all;
    }

    /** Records ever written to each topic: the sum of its partitions' end offsets. */
    public static Map<String, Long> endOffsets(String bootstrap, String... topics) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topics)).allTopicNames().get(30, TimeUnit.SECONDS).forEach((topic, description) ->
                    description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
            Map<String, Long> records = new LinkedHashMap<>();
            for (String topic : topics) {
                records.put(topic, 0L);
            }
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((partition, end) -> records.merge(partition.topic(), end.offset(), Long::sum));
            return records;
        }
    }

    /** Records of the topic a consumer group has committed: the sum of its committed offsets over the topic's partitions. */
    public static long committed(String bootstrap, String group, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS).entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null).mapToLong(e -> e.getValue().offset()).sum();
        }
    }
}
