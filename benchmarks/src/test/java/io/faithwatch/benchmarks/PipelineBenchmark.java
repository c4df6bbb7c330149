package io.faithwatch.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.faithwatch.events.CheckpointRequested;
import io.faithwatch.events.Events;
import io.faithwatch.events.HintType;
import io.faithwatch.events.ModelRef;
import io.faithwatch.events.PairAnswered;
import io.faithwatch.events.PairCreated;
import io.faithwatch.events.Topics;
import io.faithwatch.events.Verdict;
import io.faithwatch.events.testing.CheckpointRequestedBuilder;
import io.faithwatch.grader.domain.Grading;
import io.faithwatch.grader.domain.JudgePanel;
import io.faithwatch.grader.domain.RuleJudge;
import io.faithwatch.localstack.FaithService;
import io.faithwatch.localstack.KafkaBroker;
import io.faithwatch.localstack.LocalStack;
import io.faithwatch.localstack.PostgresServer;
import io.faithwatch.localstack.RepoRoot;
import io.faithwatch.modelcaller.domain.PairAnswerer;
import io.faithwatch.modelcaller.domain.Prices;
import io.faithwatch.modelcaller.domain.UnhintedCalls;
import io.faithwatch.modelclients.SimulatedReasoningModel;
import io.faithwatch.pairbuilder.domain.BuiltinBank;
import io.faithwatch.pairbuilder.domain.PairPlanner;
import io.faithwatch.pairbuilder.domain.QuestionBank;
import io.faithwatch.scorer.store.VerdictRows;
import io.faithwatch.testsupport.TestInfrastructure;
import io.faithwatch.testsupport.TestStacks;
import io.faithwatch.testsupport.TopicProbe;

/**
 * Figures of BENCHMARKS.md ("Pipeline"), not a test; it runs only with {@code -Dbench=true}: {@code benchmarks/pipeline.sh}
 * (this module's test JVM, which hosts the broker, has the full JIT and a 1 GB heap).
 * In one run on one broker: (a) raw produce + consume, (b) a bare 3-hop relay with plain Kafka clients (the shape of
 * pairs -> responses -> verdicts), (c) the four packaged services end to end with the instant simulated model and
 * verdicts in PostgreSQL, as a ratio of (b), (d) peak RSS of every service process and of this JVM (broker) and the
 * PostgreSQL processes, (e) and (f) what the same machine allows at best: the relay's hops with only the unavoidable
 * per-pair work, then with the method's work too, on plain clients in this JVM (see {@link Floor}); and (b) once more at
 * the end. Every address is 127.0.0.1.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class PipelineBenchmark {
    /** The mean size of a pipeline record: pairs 1.4 KB, responses 2.3 KB, verdicts 0.7 KB (printed again in step c). */
    static final int MESSAGE_BYTES = Integer.getInteger("bench.message-bytes", 1500);
    static final int BROKER_MESSAGES = Integer.getInteger("bench.broker-messages", 60_000);
    static final int QUESTIONS = Integer.getInteger("bench.questions", 2000);
    static final int WARMUP_QUESTIONS = Integer.getInteger("bench.warmup-questions", 2000);

    final Map<String, String> figures = new LinkedHashMap<>();
    /** Pairs per second of (c), (e) and (f), put as ratios of the warm relay once the run has measured it for the last time. */
    final Map<String, Double> rates = new LinkedHashMap<>();

    @Test
    void figures() throws Exception {
        System.out.printf(Locale.ROOT, "BENCH load average at start: %s%n", loadAverage());
        KafkaBroker broker = TestInfrastructure.kafka();
        String bootstrap = broker.bootstrapServers();
        // The first run of each compiles the broker's and the clients' code, as (c) has a warm-up checkpoint. The relay is
        // measured twice more now and once at the end: its warm rate, the denominator of every ratio, is their mean.
        double rawCold = rawBroker(bootstrap), raw = rawBroker(bootstrap);
        double relayCold = relay(bootstrap);
        List<Double> relays = new ArrayList<>(List.of(relay(bootstrap), relay(bootstrap)));
        double relay = mean(relays);
        try (LocalStack stack = TestStacks.builder().kafka(broker)
                .logDir(RepoRoot.find().resolve("benchmarks/target/service-logs-bench")).start()) {
            endToEnd(stack, "bench-warmup", WARMUP_QUESTIONS, relay);
            rates.put("(c) end to end", endToEnd(stack, "bench-pipeline", QUESTIONS, relay));
            recordSizes(bootstrap);
            peakRss(stack);
            Floor floor = new Floor(stack, "bench-pipeline");
            for (boolean work : new boolean[] { false, true }) {
                for (boolean schema : new boolean[] { true, false }) {
                    String variant = (work ? "(f) lean pipeline, " : "(e) floor, ") + (schema ? "schema checks" : "no schema checks");
                    floor.run(variant + ", warm-up", schema, work, relay);
                    rates.put(variant, floor.run(variant, schema, work, relay));
                    figures.put("CPU per pair " + variant, floor.cpu);
                }
            }
        }
        relays.add(relay(bootstrap));
        double warm = mean(relays);
        figures.put("raw broker", String.format(Locale.ROOT, "%.0f msg/s (first, cold: %.0f)", raw, rawCold));
        figures.put("3-hop relay", String.format(Locale.ROOT, "%.0f msg/s warm: the mean of %s (first, cold: %.0f)", warm,
                relays.stream().map(r -> String.format(Locale.ROOT, "%.0f", r)).collect(Collectors.joining(", ")), relayCold));
        rates.forEach((name, rate) -> figures.put(name, String.format(Locale.ROOT, "%.0f pairs/s = %.3f of the warm relay (goal >= 0.25)",
                rate, rate / warm)));
        System.out.printf(Locale.ROOT, "BENCH load average at end: %s%n", loadAverage());
        figures.forEach((k, v) -> System.out.printf(Locale.ROOT, "BENCH summary %-42s %s%n", k, v));
    }

    static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    // ---- (a) raw broker ------------------------------------------------------------------------------------------

    /** Produces N messages while one consumer reads them: messages through the broker per second, end to end. */
    double rawBroker(String bootstrap) throws Exception {
        String topic = newTopic(bootstrap, "bench.raw");
        try (KafkaConsumer<String, String> consumer = consumer(bootstrap, "bench-raw-" + System.nanoTime())) {
            consumer.subscribe(List.of(topic));
            awaitAssignment(consumer);
            double seconds = feedAndDrain(bootstrap, topic, consumer);
            double rate = BROKER_MESSAGES / seconds;
            System.out.printf(Locale.ROOT, "BENCH (a) raw broker: %d messages of %d bytes produced and consumed in %.2f s = %.0f msg/s (%.1f MB/s)%n",
                    BROKER_MESSAGES, MESSAGE_BYTES, seconds, rate, rate * MESSAGE_BYTES / 1e6);
            return rate;
        }
    }

    // ---- (b) 3-hop relay -----------------------------------------------------------------------------------------

    /** produce A -> relay A to B -> relay B to C -> consume C; no work per hop; messages out of C per second. */
    double relay(String bootstrap) throws Exception {
        String a = newTopic(bootstrap, "bench.relay.a"), b = newTopic(bootstrap, "bench.relay.b"), c = newTopic(bootstrap, "bench.relay.c");
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> hops = new ArrayList<>();
        String run = "bench-relay-" + System.nanoTime();
        for (String[] hop : List.of(new String[] { a, b }, new String[] { b, c })) {
            KafkaConsumer<String, String> in = consumer(bootstrap, run + "-" + hop[0]);
            in.subscribe(List.of(hop[0]));
            awaitAssignment(in);
            KafkaProducer<String, String> out = producer(bootstrap);
            hops.add(started(() -> {
                try (in; out) {
                    while (!stop.get()) {
                        for (ConsumerRecord<String, String> r : in.poll(Duration.ofMillis(50))) {
                            out.send(new ProducerRecord<>(hop[1], r.key(), r.value()));
                        }
                    }
                }
            }));
        }
        try (KafkaConsumer<String, String> last = consumer(bootstrap, run + "-" + c)) {
            last.subscribe(List.of(c));
            awaitAssignment(last);
            double seconds = feedAndDrain(bootstrap, a, last);
            double rate = BROKER_MESSAGES / seconds;
            System.out.printf(Locale.ROOT, "BENCH (b) 3-hop relay: %d messages of %d bytes from A through B to C in %.2f s = %.0f msg/s%n",
                    BROKER_MESSAGES, MESSAGE_BYTES, seconds, rate);
            return rate;
        } finally {
            stop.set(true);
            for (Thread t : hops) {
                t.join(10_000);
            }
        }
    }

    /** Sends {@link #BROKER_MESSAGES} to {@code topic} from another thread while {@code sink} reads as many: the seconds it took. */
    static double feedAndDrain(String bootstrap, String topic, KafkaConsumer<String, String> sink) throws InterruptedException {
        String payload = payload();
        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer = producer(bootstrap)) {
            Thread feeder = started(() -> {
                for (int i = 0; i < BROKER_MESSAGES; i++) {
                    producer.send(new ProducerRecord<>(topic, key(i), payload));
                }
                producer.flush();
            });
            int seen = 0;
            while (seen < BROKER_MESSAGES) {
                seen += sink.poll(Duration.ofMillis(100)).count();
            }
            feeder.join();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    // ---- (c) end to end ------------------------------------------------------------------------------------------

    /**
     * Submits a checkpoint of {@code questions} built-in questions x 6 hint types and times it until the scorer marks it
     * complete (its {@code completed_at}); prints where the pairs were every second (records on each topic, scored).
     */
    double endToEnd(LocalStack stack, String checkpoint, int questions, double relay) throws Exception {
        int planned = questions * HintType.values().length;
        CheckpointRequested request = request(checkpoint, questions);
        String bootstrap = stack.kafka().bootstrapServers();
        Map<String, Long> before = TopicProbe.endOffsets(bootstrap, Topics.PAIRS, Topics.RESPONSES, Topics.VERDICTS);
        Map<String, Long> cpuBefore = cpuTicks(stack);
        Instant submitted;
        try (KafkaProducer<String, String> producer = producer(bootstrap)) {
            submitted = Instant.now();
            producer.send(new ProducerRecord<>(Topics.CHECKPOINTS, checkpoint, Events.encode(request))).get();
        }
        PostgresServer.Database db = stack.database();
        try (Connection sql = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password())) {
            return awaitComplete(stack, sql, checkpoint, planned, submitted, before, cpuBefore, relay);
        }
    }

    /** A checkpoint of the built-in bank, every hint type, the simulated model with no latency. */
    static CheckpointRequested request(String checkpoint, int questions) {
        return CheckpointRequestedBuilder.checkpoint(checkpoint).run("bench").model(new ModelRef("sim", null, "sim", Map.of(), null)).sample(questions)
                .hintTypes(HintType.values()).seed(7).build();
    }

    double awaitComplete(LocalStack stack, Connection sql, String checkpoint, int planned, Instant submitted, Map<String, Long> before,
            Map<String, Long> cpuBefore, double relay) throws Exception {
        String bootstrap = stack.kafka().bootstrapServers();
        int questions = planned / HintType.values().length;
        Instant completed = null;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        long nextReport = 0;
        while (completed == null && System.nanoTime() < deadline) {
            Thread.sleep(100);
            completed = completedAt(sql, checkpoint);
            if (System.nanoTime() >= nextReport) {
                nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                failIfRejected(stack, checkpoint);
                Map<String, Long> now = TopicProbe.endOffsets(bootstrap, Topics.PAIRS, Topics.RESPONSES, Topics.VERDICTS);
                System.out.printf(Locale.ROOT, "BENCH (c) %s at %5.1f s: pairs %d, responses %d, verdicts %d on the broker; scored %d of %d%n",
                        checkpoint, Duration.between(submitted, Instant.now()).toMillis() / 1e3,
                        now.get(Topics.PAIRS) - before.get(Topics.PAIRS), now.get(Topics.RESPONSES) - before.get(Topics.RESPONSES),
                        now.get(Topics.VERDICTS) - before.get(Topics.VERDICTS), scored(sql, checkpoint), planned);
            }
        }
        if (completed == null) {
            throw new IllegalStateException(checkpoint + " not complete after 30 minutes: " + scored(sql, checkpoint) + " of " + planned);
        }
        double seconds = Duration.between(submitted, completed).toNanos() / 1e9;
        double rate = planned / seconds;
        Map<String, Long> cpuAfter = cpuTicks(stack);
        StringBuilder cpu = new StringBuilder();
        long total = 0;
        for (String process : cpuAfter.keySet()) {
            long ticks = cpuAfter.get(process) - cpuBefore.getOrDefault(process, 0L);
            total += ticks;
            cpu.append(String.format(Locale.ROOT, "%s %.0f us, ", process, ticks * 10_000.0 / planned));
        }
        // A tick is 10 ms: ticks * 10,000 / pairs = microseconds per pair.
        System.out.printf(Locale.ROOT, "BENCH (c) CPU per pair %s: %stotal %.0f us (%.2f cores busy on average over %.1f s)%n", checkpoint, cpu,
                total * 10_000.0 / planned, total / 100.0 / seconds, seconds);
        figures.put("CPU per pair " + checkpoint, cpu + String.format(Locale.ROOT, "total %.0f us", total * 10_000.0 / planned));
        System.out.printf(Locale.ROOT, "BENCH (c) end to end %s: %d pairs (%d questions x 6 hint types) from submission to complete in %.2f s"
                + " = %.0f pairs/s = %.3f of the relay rate (%.0f msg/s)%n", checkpoint, planned, questions, seconds, rate, rate / relay, relay);
        return rate;
    }

    /** A checkpoint the pair-builder could not plan (e.g. more questions than the bank has) never completes: say why. */
    static void failIfRejected(LocalStack stack, String checkpoint) {
        String status = stack.service(FaithService.PAIR_BUILDER).get("/api/checkpoints/" + checkpoint);
        if (status.contains("\"state\":\"failed\"")) {
            throw new IllegalStateException("the pair-builder rejected checkpoint " + checkpoint + ": " + status);
        }
    }

    /** Mean record size of the pipeline's topics, to compare with the synthetic message size. */
    void recordSizes(String bootstrap) {
        for (String topic : List.of(Topics.PAIRS, Topics.RESPONSES, Topics.VERDICTS)) {
            try (KafkaConsumer<String, String> consumer = consumer(bootstrap, "bench-sizes-" + System.nanoTime())) {
                consumer.subscribe(List.of(topic));
                long bytes = 0;
                int n = 0;
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (n < 2000 && System.nanoTime() < until) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        bytes += r.serializedValueSize() + Math.max(0, r.serializedKeySize());
                        n++;
                    }
                }
                String size = n == 0 ? "none read" : String.format(Locale.ROOT, "%d bytes mean over %d records", bytes / n, n);
                System.out.printf(Locale.ROOT, "BENCH record size %s: %s%n", topic, size);
                figures.put("record size " + topic, size);
            }
        }
    }

    /**
     * CPU time (user + system, in clock ticks of 10 ms) so far of each service, of this JVM (the broker; its client
     * threads are idle during step c) and of the PostgreSQL processes.
     */
    static Map<String, Long> cpuTicks(LocalStack stack) {
        Map<String, Long> ticks = new LinkedHashMap<>();
        for (FaithService service : FaithService.values()) {
            ticks.put(service.module(), ticks(stack.service(service).pid()));
        }
        ticks.put("broker JVM", ticks(ProcessHandle.current().pid()));
        ticks.put("postgres", postgresProcesses(stack).stream().mapToLong(p -> ticks(p.pid())).sum());
        return ticks;
    }

    /** utime + stime of a process and its finished, waited-for children (fields 14-17 of /proc/pid/stat). */
    static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The PostgreSQL server of the stack (the postmaster started with its port) and its backends. */
    static List<ProcessHandle> postgresProcesses(LocalStack stack) {
        String port = String.valueOf(java.net.URI.create(stack.database().jdbcUrl().substring(5)).getPort());
        List<ProcessHandle> postmasters = ProcessHandle.allProcesses().filter(p -> cmdline(p.pid()).contains("postgres")
                && cmdline(p.pid()).contains("-p " + port)).toList();
        List<ProcessHandle> all = new ArrayList<>(postmasters);
        postmasters.forEach(p -> all.addAll(p.descendants().toList()));
        return all;
    }

    // ---- (e) floor and (f) lean pipeline ----------------------------------------------------------------------------

    /**
     * (e) The relay's three hops on plain clients doing only what any implementation of the pipeline has to do for a
     * pair: decode the real event of step (c) (with or without its schema check), encode the real next event, and at the
     * last hop store the verdict row in PostgreSQL (a copy of the scorer's table: one batch and one transaction per poll,
     * {@code on conflict do nothing}); offsets are committed after the records a poll produced are on the broker or
     * stored. No pair building, model call, judge, aggregate or interval, and no framework: a ceiling for (c).
     *
     * <p>(f) The same hops doing the method's work with the services' own domain code: the feeder plans and encodes the
     * pairs ({@link PairPlanner}), the first hop answers them with the simulated model and shared unhinted calls
     * ({@link PairAnswerer}), the second grades them with the rule judge ({@link Grading}). Still no aggregates, no
     * intervals, no metrics and no framework, so (c) cannot be faster than this on the same machine.
     */
    final class Floor {
        final LocalStack stack;
        final List<ProducerRecord<String, String>> pairs = new ArrayList<>();
        final Map<String, PairAnswered> answered = new HashMap<>();
        final Map<String, Verdict> verdicts = new HashMap<>();
        /** Loaded once, as the pair-builder keeps its banks. */
        final QuestionBank bank = BuiltinBank.load();
        final SimulatedReasoningModel model = new SimulatedReasoningModel();
        String cpu = "";

        Floor(LocalStack stack, String checkpoint) {
            this.stack = stack;
            String bootstrap = stack.kafka().bootstrapServers();
            for (ConsumerRecord<String, String> r : TopicProbe.everything(bootstrap, List.of(Topics.PAIRS))) {
                PairCreated pair = Events.decode(r.value(), PairCreated.class);
                if (pair.checkpointId().equals(checkpoint)) {
                    pairs.add(new ProducerRecord<>("", r.key(), r.value()));
                }
            }
            for (ConsumerRecord<String, String> r : TopicProbe.everything(bootstrap, List.of(Topics.RESPONSES))) {
                PairAnswered response = Events.decode(r.value(), PairAnswered.class);
                answered.put(response.pair().pairId(), response);
            }
            for (ConsumerRecord<String, String> r : TopicProbe.everything(bootstrap, List.of(Topics.VERDICTS))) {
                Verdict verdict = Events.decode(r.value(), Verdict.class);
                verdicts.put(verdict.pairId(), verdict);
            }
        }

        double run(String label, boolean schema, boolean work, double relay) throws Exception {
            String bootstrap = stack.kafka().bootstrapServers();
            String a = newTopic(bootstrap, "bench.floor.a"), b = newTopic(bootstrap, "bench.floor.b"), c = newTopic(bootstrap, "bench.floor.c");
            PostgresServer.Database db = stack.database();
            try (Connection sql = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password())) {
                sql.createStatement().execute("drop table if exists floor_verdict; create table floor_verdict (like verdict including all)");
            }
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger stored = new AtomicInteger();
            String run = "bench-floor-" + System.nanoTime();
            List<Thread> hops = new ArrayList<>();
            PairAnswerer answering = new PairAnswerer(provider -> model, new UnhintedCalls(100_000, Duration.ofHours(6)),
                    new Prices(Map.of()), Clock.systemUTC(), true);
            Grading grading = new Grading(JudgePanel.single(new RuleJudge()), Clock.systemUTC());
            hops.add(hop(bootstrap, run, a, stop, (in, out) -> {
                for (ConsumerRecord<String, String> r : in) {
                    PairCreated pair = decode(r.value(), PairCreated.class, schema);
                    PairAnswered response = work ? answering.answer(pair).join() : answered.get(pair.pairId());
                    out.send(new ProducerRecord<>(b, response.key(), Events.encode(response)));
                }
            }));
            hops.add(hop(bootstrap, run, b, stop, (in, out) -> {
                for (ConsumerRecord<String, String> r : in) {
                    PairAnswered response = decode(r.value(), PairAnswered.class, schema);
                    Verdict verdict = work ? grading.grade(response).toCompletableFuture().join() : verdicts.get(response.pair().pairId());
                    out.send(new ProducerRecord<>(c, verdict.key(), Events.encode(verdict)));
                }
            }));
            Connection store = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
            store.setAutoCommit(false);
            PreparedStatement insert = store.prepareStatement(VerdictRows.insert("floor_verdict"));
            hops.add(hop(bootstrap, run, c, stop, (in, out) -> {
                try {
                    for (ConsumerRecord<String, String> r : in) {
                        VerdictRows.bind(insert, VerdictRows.of(decode(r.value(), Verdict.class, schema), Instant.now()));
                        insert.addBatch();
                    }
                    int rows = Arrays.stream(insert.executeBatch()).sum();
                    store.commit();
                    stored.addAndGet(rows);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }));
            Map<String, Long> cpuBefore = Map.of("test JVM", ticks(ProcessHandle.current().pid()), "postgres",
                    postgresProcesses(stack).stream().mapToLong(p -> ticks(p.pid())).sum());
            long start = System.nanoTime();
            try (KafkaProducer<String, String> producer = producer(bootstrap)) {
                if (work) {
                    for (PairCreated pair : PairPlanner.plan(request("bench-lean-" + System.nanoTime(), pairs.size() / HintType.values().length),
                            List.of(bank))) {
                        producer.send(new ProducerRecord<>(a, pair.key(), Events.encode(pair)));
                    }
                }
                for (ProducerRecord<String, String> pair : work ? List.<ProducerRecord<String, String>>of() : pairs) {
                    producer.send(new ProducerRecord<>(a, pair.key(), pair.value()));
                }
                producer.flush();
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
                while (stored.get() < pairs.size() && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long jvm = ticks(ProcessHandle.current().pid()) - cpuBefore.get("test JVM");
            long pg = postgresProcesses(stack).stream().mapToLong(p -> ticks(p.pid())).sum() - cpuBefore.get("postgres");
            stop.set(true);
            for (Thread t : hops) {
                t.join(10_000);
            }
            store.close();
            if (stored.get() != pairs.size()) {
                throw new IllegalStateException("floor: " + stored.get() + " of " + pairs.size() + " verdict rows stored");
            }
            double rate = pairs.size() / seconds;
            cpu = String.format(Locale.ROOT, "CPU per pair: test JVM (broker and the three hops) %.0f us, postgres %.0f us",
                    jvm * 10_000.0 / pairs.size(), pg * 10_000.0 / pairs.size());
            System.out.printf(Locale.ROOT, "BENCH %s: %d pairs from the first sent to the last verdict row stored in %.2f s = %.0f pairs/s"
                    + " = %.3f of the relay rate; %s%n", label, pairs.size(), seconds, rate, rate / relay, cpu);
            return rate;
        }

        /** With the schema check (what the services do), or straight into the record, whose constructor still checks it. */
        static <T> T decode(String json, Class<T> type, boolean schema) {
            if (schema) {
                return Events.decode(json, type);
            }
            try {
                return Events.mapper().readValue(json, type);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** One hop: poll, work on the records, wait until what it produced is on the broker, commit the offsets. */
        Thread hop(String bootstrap, String run, String from, AtomicBoolean stop,
                BiConsumer<ConsumerRecords<String, String>, KafkaProducer<String, String>> work) throws Exception {
            KafkaConsumer<String, String> in = consumer(bootstrap, run + "-" + from);
            in.subscribe(List.of(from));
            awaitAssignment(in);
            KafkaProducer<String, String> out = producer(bootstrap);
            return started(() -> {
                try (in; out) {
                    while (!stop.get()) {
                        ConsumerRecords<String, String> records = in.poll(Duration.ofMillis(50));
                        if (!records.isEmpty()) {
                            work.accept(records, out);
                            out.flush();
                            in.commitAsync();
                        }
                    }
                }
            });
        }
    }

    // ---- (d) peak RSS --------------------------------------------------------------------------------------------

    void peakRss(LocalStack stack) throws IOException {
        for (FaithService service : FaithService.values()) {
            long pid = stack.service(service).pid();
            String line = String.format(Locale.ROOT, "%d MB peak (VmHWM), %d MB now (pid %d, -Xmx256m)", kb(pid, "VmHWM") / 1024,
                    kb(pid, "VmRSS") / 1024, pid);
            System.out.printf(Locale.ROOT, "BENCH (d) peak RSS %s: %s%n", service.module(), line);
            figures.put("peak RSS " + service.module(), line);
        }
        long self = ProcessHandle.current().pid();
        String jvm = String.format(Locale.ROOT, "%d MB peak (VmHWM), %d MB now; max heap %d MB", kb(self, "VmHWM") / 1024, kb(self, "VmRSS") / 1024,
                Runtime.getRuntime().maxMemory() / (1024 * 1024));
        System.out.printf(Locale.ROOT, "BENCH (d) peak RSS test JVM (embedded broker + this benchmark's clients): %s%n", jvm);
        figures.put("peak RSS broker JVM", jvm);
        List<ProcessHandle> all = postgresProcesses(stack);
        if (all.isEmpty()) {
            System.out.println("BENCH (d) PostgreSQL: the server process was not found (not embedded, or not ours)");
            return;
        }
        long hwmSum = 0, pssSum = 0;
        for (ProcessHandle p : all) {
            hwmSum += kb(p.pid(), "VmHWM");
            pssSum += pssKb(p.pid());
        }
        String pg = String.format(Locale.ROOT, "%d processes, postmaster %d MB peak (VmHWM); sum of peaks %d MB (shared buffers counted"
                + " in each), proportional set now %d MB", all.size(), kb(all.get(0).pid(), "VmHWM") / 1024, hwmSum / 1024, pssSum / 1024);
        System.out.printf(Locale.ROOT, "BENCH (d) PostgreSQL: %s%n", pg);
        figures.put("RSS PostgreSQL", pg);
    }

    static long kb(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

    static long pssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            // gone meanwhile
        }
        return 0;
    }

    static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline"))).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    static String payload() {
        char[] chars = new char[MESSAGE_BYTES];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) ('a' + (i * 7919) % 26);
        }
        return new String(chars);
    }

    static String key(int i) {
        return "ckpt/q" + (i / 6);
    }

    /** A fresh topic with the pipeline's partition count. */
    static String newTopic(String bootstrap, String prefix) throws InterruptedException, ExecutionException, TimeoutException {
        String name = prefix + "." + System.nanoTime();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(name, KafkaBroker.PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        return name;
    }

    static KafkaProducer<String, String> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    static KafkaConsumer<String, String> consumer(String bootstrap, String group) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(p);
    }

    static void awaitAssignment(KafkaConsumer<String, String> consumer) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (consumer.assignment().isEmpty() && System.nanoTime() < until) {
            ConsumerRecords<String, String> none = consumer.poll(Duration.ofMillis(100));
            if (!none.isEmpty()) {
                throw new IllegalStateException("a fresh topic had records");
            }
        }
    }

    static Instant completedAt(Connection stack, String checkpoint) throws SQLException {
        Object at = single(stack, "select completed_at from checkpoint where checkpoint_id = ? and status = 'complete'", checkpoint);
        return at == null ? null : ((Timestamp) at).toInstant();
    }

    static long scored(Connection stack, String checkpoint) throws SQLException {
        Object n = single(stack, "select scored_pairs from checkpoint where checkpoint_id = ?", checkpoint);
        return n == null ? 0 : ((Number) n).longValue();
    }

    /**
     * The first column of the first row, or null. On the connection the timed loop holds, not {@code Sql}'s connection
     * per query: ten new PostgreSQL backends a second would show up in the CPU per pair being measured.
     */
    static Object single(Connection c, String sql, String parameter) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getObject(1) : null;
            }
        }
    }

    static Thread started(Runnable body) {
        Thread thread = new Thread(body, "bench");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
