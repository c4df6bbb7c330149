package io.faithwatch.pairbuilder.store;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.faithwatch.events.Events;
import io.faithwatch.events.Topics;
import io.faithwatch.events.messaging.KafkaClients;
import io.faithwatch.pairbuilder.config.PairBuilderConfig;
import io.faithwatch.pairbuilder.domain.CheckpointStatus;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * The checkpoints pair-builder has accepted and published, kept in a compacted topic and read back whole by every
 * instance: re-submitting a checkpoint publishes nothing twice, across instances and restarts. Reads see this
 * instance's own writes at once.
 */
@ApplicationScoped
public class CheckpointRegistry {
    private static final Logger LOG = Logger.getLogger(CheckpointRegistry.class);

    private final Map<String, CheckpointStatus> statuses = new ConcurrentHashMap<>();
    private final Properties connection;
    private final Duration writeTimeout;
    private volatile boolean caughtUp;
    private volatile boolean running = true;
    private KafkaProducer<String, String> producer;
    private KafkaConsumer<String, String> consumer;
    private Thread reader;

    public CheckpointRegistry(@Identifier("default-kafka-broker") Map<String, Object> kafka, PairBuilderConfig config) {
        this.connection = KafkaClients.connection(kafka);
        this.writeTimeout = config.publishTimeout();
    }

    void start(@Observes StartupEvent startup) {
        ensureTopic();
        Properties producerConfig = new Properties();
        producerConfig.putAll(connection);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer());
        Properties consumerConfig = new Properties();
        consumerConfig.putAll(connection);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer());
        reader = new Thread(this::read, "checkpoint-registry");
        reader.setDaemon(true);
        reader.start();
    }

    private void ensureTopic() {
        try (Admin admin = Admin.create(connection)) {
            // Created here only where the deployment has not (a local broker); on a secured cluster pair-builder may not create topics.
            if (admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(Topics.CHECKPOINT_REGISTRY)) {
                return;
            }
            admin.createTopics(List.of(new NewTopic(Topics.CHECKPOINT_REGISTRY, Optional.empty(), Optional.empty())
                    .configs(Map.of("cleanup.policy", "compact")))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                LOG.warnf("cannot create %s (%s); relying on the broker to create it", Topics.CHECKPOINT_REGISTRY, e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException e) {
            LOG.warnf("Kafka did not answer within 30 s while creating %s", Topics.CHECKPOINT_REGISTRY);
        }
    }

    private void read() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.CHECKPOINT_REGISTRY, Duration.ofSeconds(60)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    apply(record.value());
                }
                if (!caughtUp && end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    caughtUp = true;
                    LOG.infof("checkpoint registry read: %d checkpoints", statuses.size());
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.errorf(e, "checkpoint registry reader stopped");
        } finally {
            consumer.close();
        }
    }

    private void apply(String value) {
        if (value == null) {
            return;
        }
        try {
            CheckpointStatus status = Events.mapper().readValue(value, CheckpointStatus.class);
            statuses.merge(status.checkpointId(), status, (old, incoming) -> incoming.updatedAt().isBefore(old.updatedAt()) ? old : incoming);
        } catch (JsonProcessingException e) {
            LOG.warnf("ignoring an unreadable checkpoint registry record: %s", e.getOriginalMessage());
        }
    }

    /** Whether every record written before this instance started has been read. */
    public boolean caughtUp() {
        return caughtUp;
    }

    public Optional<CheckpointStatus> get(String checkpointId) {
        return Optional.ofNullable(statuses.get(checkpointId));
    }

    /**
     * Records a status durably (acknowledged by the broker within {@code publish-timeout}) and at once for this instance;
     * an {@link IllegalStateException} when the broker did not acknowledge it.
     */
    public void put(CheckpointStatus status) {
        try {
            producer.send(new ProducerRecord<>(Topics.CHECKPOINT_REGISTRY, status.checkpointId(), Events.encode(status)))
                    .get(writeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recording checkpoint " + status.checkpointId(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot record checkpoint " + status.checkpointId() + ": " + e.getMessage(), e);
        }
        statuses.put(status.checkpointId(), status);
    }

    @PreDestroy
    void stop() {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
