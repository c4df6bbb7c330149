package io.faithwatch.modelcaller.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.faithwatch.events.Events;
import io.faithwatch.events.KafkaAccess;
import io.faithwatch.events.Gauges;
import io.faithwatch.events.Metrics;
import io.faithwatch.events.ModelRef;
import io.faithwatch.events.PairAnswered;
import io.faithwatch.events.PairCreated;
import io.faithwatch.events.Topics;
import io.faithwatch.events.messaging.KafkaClients;
import io.faithwatch.modelcaller.config.ModelCallerConfig;
import io.faithwatch.modelcaller.domain.BatchBook;
import io.faithwatch.modelcaller.domain.BatchPlan;
import io.faithwatch.modelcaller.domain.Prices;
import io.faithwatch.modelcaller.domain.SubmittedBatch;
import io.faithwatch.modelclients.ModelBatches;
import io.faithwatch.modelclients.ModelCallException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Pairs whose calls go through a provider's batch API ({@code batch=true}), kept in the compacted topic
 * {@link Topics#PAIRS_BATCHED}: a pair is recorded there before it is acknowledged, a batch is recorded as soon as the
 * provider has taken it, and both records are deleted once the pairs' responses are on {@link Topics#RESPONSES}. The
 * records of a checkpoint share a partition; the instance the consumer group assigns that partition reads it from its
 * beginning, submits the batches of the pairs waiting there and polls the batches it finds, so a restarted or new
 * instance polls the batches of the one before instead of submitting them again. Everything but recording a pair runs
 * on one thread.
 *
 * <p>A batch could be submitted twice only if the instance stopped between the provider taking it and the broker taking
 * its record (milliseconds). A pair redelivered after its response was published (acknowledged, then its instance died
 * before the offset was committed) is recognised for {@code batch.remember-answered} after the answer: its new record is
 * deleted again and it goes into no second batch.
 */
@ApplicationScoped
public class BatchedPairs {
    private static final Logger LOG = Logger.getLogger(BatchedPairs.class);
    private static final String PAIR = "pair/";
    private static final String BATCH = "batch/";
    private static final String GROUP = KafkaAccess.Groups.MODEL_CALLER_BATCHES;
    private static final Duration BROKER_RETRY = Duration.ofSeconds(1);

    private final Properties connection;
    private final ModelCallerConfig.Batch settings;
    private final ModelProviders providers;
    private final AnsweredMetrics answeredMetrics;
    private final Prices prices;
    private final Clock clock = Clock.systemUTC();
    private final AtomicInteger batchedPairs = new AtomicInteger();
    private final AtomicInteger openBatches = new AtomicInteger();
    /** Loop thread only: the books of the assigned partitions, and where each must have been read to before it acts. */
    private final Map<Integer, BatchBook> books = new HashMap<>();
    private final Map<Integer, Long> readTo = new HashMap<>();
    private final Map<String, Instant> nextPoll = new HashMap<>();
    private final Map<ModelRef, Instant> submitAgainAt = new HashMap<>();
    private final ExecutorService recorder = Executors.newSingleThreadExecutor(r -> new Thread(r, "batched-pairs-recorder"));
    private volatile boolean running = true;
    private volatile int partitions;
    private KafkaProducer<String, String> producer;
    private KafkaConsumer<String, String> consumer;
    private Thread loop;

    public BatchedPairs(@Identifier("default-kafka-broker") Map<String, Object> kafka, ModelCallerConfig config,
            ModelProviders providers, AnsweredMetrics answeredMetrics, MeterRegistry registry) {
        this.connection = KafkaClients.connection(kafka);
        this.settings = config.batch();
        this.providers = providers;
        this.answeredMetrics = answeredMetrics;
        this.prices = config.priceList();
        Gauges.register(registry, Metrics.MODEL_BATCHED_PAIRS, batchedPairs, AtomicInteger::get);
        Gauges.register(registry, Metrics.MODEL_BATCHES_OPEN, openBatches, AtomicInteger::get);
    }

    void start(@Observes StartupEvent startup) {
        Properties producerConfig = new Properties();
        producerConfig.putAll(connection);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // A record waits for the broker as long as it is away, as the responses of pairs answered one by one do.
        producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
        producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer());
        Properties consumerConfig = new Properties();
        consumerConfig.putAll(connection);
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Submitting and polling run between polls of this consumer: requests to the batch APIs take seconds each.
        consumerConfig.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Duration.ofMinutes(30).toMillis());
        // An instance that died hands its partitions on after 10 s rather than the default 45 s (heartbeats have their own thread).
        consumerConfig.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        consumerConfig.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer());
        loop = new Thread(this::run, "batched-pairs");
        loop.setDaemon(true);
        loop.start();
    }

    /** Records a pair for batching; completes once the broker has it (waiting for the broker while it is away). */
    public CompletableFuture<Void> record(PairCreated pair) {
        return CompletableFuture.runAsync(() -> {
            whileBrokerAway(() -> {
                if (partitions == 0) {
                    partitions = producer.partitionsFor(Topics.PAIRS_BATCHED).size();
                }
            });
            send(Math.floorMod(pair.checkpointId().hashCode(), partitions), PAIR + pair.pairId(), Events.encode(pair));
        }, recorder);
    }

    private void run() {
        consumer.subscribe(List.of(Topics.PAIRS_BATCHED), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
                revoked.forEach(tp -> forget(tp.partition()));
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
                // Offsets are never committed: the state is the whole (compacted) partition, read again on assignment.
                consumer.seekToBeginning(assigned);
                consumer.endOffsets(assigned).forEach((tp, end) -> {
                    books.put(tp.partition(), new BatchBook());
                    readTo.put(tp.partition(), end);
                });
            }
        });
        while (running) {
            try {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    apply(record);
                }
                Instant forgetBefore = clock.instant().minus(settings.rememberAnswered());
                books.values().forEach(book -> book.forgetAnsweredBefore(forgetBefore));
                for (Map.Entry<Integer, BatchBook> book : List.copyOf(books.entrySet())) {
                    if (caughtUp(book.getKey())) {
                        work(book.getKey(), book.getValue());
                    }
                }
                batchedPairs.set(books.values().stream().mapToInt(b -> b.waitingPairs() + b.batchedPairs()).sum());
                openBatches.set(books.values().stream().mapToInt(b -> b.open().size()).sum());
            } catch (WakeupException e) {
                break;
            } catch (RuntimeException e) {
                LOG.errorf(e, "batched pairs: %s; going on in %d s", e.getMessage(), BROKER_RETRY.toSeconds());
                pause(BROKER_RETRY);
            }
        }
        consumer.close();
    }

    private void forget(int partition) {
        BatchBook book = books.remove(partition);
        readTo.remove(partition);
        if (book != null) {
            book.open().forEach(batch -> nextPoll.remove(batch.batchId()));
        }
    }

    /** Whether everything recorded in the partition before it was assigned here has been read. */
    private boolean caughtUp(int partition) {
        Long end = readTo.get(partition);
        if (end == null) {
            return true;
        }
        if (consumer.position(new TopicPartition(Topics.PAIRS_BATCHED, partition)) < end) {
            return false;
        }
        readTo.remove(partition);
        BatchBook book = books.get(partition);
        LOG.infof("batched pairs, partition %d read: %d pairs waiting, %d batches open", partition, book.waitingPairs(), book.open().size());
        return true;
    }

    private void apply(ConsumerRecord<String, String> record) {
        BatchBook book = books.get(record.partition());
        String key = record.key();
        if (book == null || key == null) {
            return;
        }
        try {
            if (key.startsWith(PAIR)) {
                if (record.value() == null) {
                    book.pairDone(key.substring(PAIR.length()), Instant.ofEpochMilli(record.timestamp()));
                } else if (!book.pairRecorded(Events.decode(record.value(), PairCreated.class), clock.instant())) {
                    LOG.infof("batched pairs: %s was answered already (a redelivery); deleting its record again", key);
                    send(record.partition(), key, null);
                }
            } else if (key.startsWith(BATCH)) {
                if (record.value() == null) {
                    book.batchDone(key.substring(BATCH.length()));
                } else {
                    book.batchRecorded(Events.mapper().readValue(record.value(), SubmittedBatch.class));
                }
            }
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warnf("batched pairs: ignoring unreadable record %s at offset %d: %s", key, record.offset(), e.getMessage());
        }
    }

    private void work(int partition, BatchBook book) {
        Instant now = clock.instant();
        for (List<PairCreated> group : book.due(now, settings.linger(), settings.maxPairs())) {
            Instant again = submitAgainAt.get(group.get(0).model());
            if (again == null || !again.isAfter(now)) {
                submit(partition, book, group);
            }
        }
        for (SubmittedBatch batch : book.open()) {
            Instant at = nextPoll.get(batch.batchId());
            if (at == null || !at.isAfter(now)) {
                poll(partition, book, batch);
            }
        }
    }

    private void submit(int partition, BatchBook book, List<PairCreated> pairs) {
        ModelRef model = pairs.get(0).model();
        String batchId;
        try {
            batchId = providers.batchesFor(model.provider(), settings.requestTimeout()).submit(model, BatchPlan.calls(pairs));
        } catch (ModelCallException e) {
            if (e.retryable()) {
                LOG.warnf("batch of %d pairs of %s not submitted, trying again in %s: %s", pairs.size(), model.model(), settings.pollEvery(),
                        e.getMessage());
                submitAgainAt.put(model, clock.instant().plus(settings.pollEvery()));
            } else {
                answer(partition, book, BatchPlan.failed(pairs, e, clock));
            }
            return;
        } catch (IllegalArgumentException e) {
            answer(partition, book, BatchPlan.failed(pairs, e, clock));
            return;
        }
        submitAgainAt.remove(model);
        SubmittedBatch batch = new SubmittedBatch(batchId, model, pairs.stream().map(PairCreated::pairId).toList(), clock.instant());
        send(partition, BATCH + batchId, encode(batch));
        book.batchRecorded(batch);
        nextPoll.put(batchId, clock.instant().plus(settings.pollEvery()));
        LOG.infof("batch %s submitted to %s: %d pairs of %s", batchId, model.provider(), pairs.size(), model.model());
    }

    private void poll(int partition, BatchBook book, SubmittedBatch batch) {
        ModelBatches.State state;
        try {
            state = providers.batchesFor(batch.model().provider(), settings.requestTimeout()).poll(batch.model(), batch.batchId());
        } catch (ModelCallException e) {
            if (e.retryable()) {
                LOG.warnf("batch %s not polled, trying again in %s: %s", batch.batchId(), settings.pollEvery(), e.getMessage());
                nextPoll.put(batch.batchId(), clock.instant().plus(settings.pollEvery()));
                return;
            }
            ended(partition, book, batch, BatchPlan.failed(book.pairsOf(batch), e, clock));
            return;
        }
        if (!state.ended()) {
            nextPoll.put(batch.batchId(), clock.instant().plus(settings.pollEvery()));
            return;
        }
        List<PairCreated> pairs = book.pairsOf(batch);
        ended(partition, book, batch, BatchPlan.answers(pairs, state::resultOf, prices, clock));
        LOG.infof("batch %s ended (%s): %d pairs answered", batch.batchId(), state.status(), pairs.size());
    }

    private void ended(int partition, BatchBook book, SubmittedBatch batch, List<PairAnswered> answers) {
        answer(partition, book, answers);
        send(partition, BATCH + batch.batchId(), null);
        book.batchDone(batch.batchId());
        nextPoll.remove(batch.batchId());
    }

    /** Publishes the responses, then deletes the pairs' records: a stop in between publishes them again, never loses them. */
    private void answer(int partition, BatchBook book, List<PairAnswered> answers) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (PairAnswered answered : answers) {
            whileBrokerAway(() -> sent.add(producer.send(new ProducerRecord<>(Topics.RESPONSES, answered.key(), Events.encode(answered)))));
        }
        sent.forEach(BatchedPairs::await);
        for (PairAnswered answered : answers) {
            answeredMetrics.count(answered);
            send(partition, PAIR + answered.pair().pairId(), null);
            book.pairDone(answered.pair().pairId(), clock.instant());
        }
    }

    /** Writes a record to the partition and waits for the broker, however long it is away. */
    private void send(int partition, String key, String value) {
        whileBrokerAway(() -> await(producer.send(new ProducerRecord<>(Topics.PAIRS_BATCHED, partition, key, value))));
    }

    /** Runs {@code action} again while the producer cannot reach the broker (its metadata wait timing out). */
    private void whileBrokerAway(Runnable action) {
        while (true) {
            try {
                action.run();
                return;
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                if (!running) {
                    throw e;
                }
                LOG.warnf("batched pairs: the broker is away (%s); trying again", e.getMessage());
                pause(BROKER_RETRY);
            }
        }
    }

    private static void await(Future<RecordMetadata> sent) {
        try {
            sent.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the broker refused a record: " + e.getCause(), e.getCause());
        }
    }

    private static String encode(SubmittedBatch batch) {
        try {
            return Events.mapper().writeValueAsString(batch);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @PreDestroy
    void stop() {
        running = false;
        recorder.shutdownNow();
        if (consumer != null) {
            consumer.wakeup();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
