package io.faithwatch.localstack;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

/**
 * A real Kafka broker: a KRaft broker inside this JVM ({@link #embedded}), in a process of its own ({@link #process}),
 * or one that runs elsewhere ({@link #of}). The tests' choice among these and containers is test-support's.
 */
public final class KafkaBroker implements AutoCloseable {
    /** Partitions of every pipeline topic; enough for a few consumers per group. */
    public static final int PARTITIONS = 4;

    private static final Logger LOG = Logger.getLogger(KafkaBroker.class);

    private final String bootstrapServers;
    private final String kind;
    private final AutoCloseable server;

    /** Set when the broker is a process of its own, which can be stopped and started again. */
    private final BrokerProcess process;
    /** Set when clients must sign in and ACLs apply. */
    private final KafkaSecurity security;

    private KafkaBroker(String bootstrapServers, String kind, AutoCloseable server) {
        this(bootstrapServers, kind, server, null, null);
    }

    private KafkaBroker(String bootstrapServers, String kind, AutoCloseable server, BrokerProcess process, KafkaSecurity security) {
        this.bootstrapServers = bootstrapServers;
        this.kind = kind;
        this.server = server;
        this.process = process;
        this.security = security;
    }

    /**
     * A KRaft broker in a process of its own (data under {@code workDir}), topics created, for tests of a broker outage:
     * {@link #stop()} and {@link #restart()} keep its port and data. Close it when done; it is not the shared broker.
     */
    public static KafkaBroker process(Path workDir) {
        BrokerProcess started = BrokerProcess.start(workDir, Duration.ofSeconds(90));
        KafkaBroker broker = new KafkaBroker(started.bootstrapServers(), "KRaft broker process (log " + started.log() + ")", started, started, null);
        TopicSetup.ensure(broker);
        LOG.infof("Kafka: %s at %s", broker.kind, broker.bootstrapServers);
        return broker;
    }

    /**
     * As {@link #process}, secured: clients sign in with SASL/SCRAM-SHA-512, each principal of
     * {@link io.faithwatch.events.KafkaAccess} has exactly its ACLs, anonymous clients get nowhere. Topics, users and ACLs
     * are created; {@link #clientProperties} gives each principal's sign-in.
     */
    public static KafkaBroker secureProcess(Path workDir) {
        return secureProcess(workDir, 0);
    }

    /** As {@link #secureProcess(Path)}, on {@code port} (0: a free one). */
    public static KafkaBroker secureProcess(Path workDir, int port) {
        KafkaSecurity security = KafkaSecurity.generate();
        BrokerProcess started = BrokerProcess.start(workDir, Duration.ofSeconds(90), security, port);
        KafkaBroker broker = new KafkaBroker(started.bootstrapServers(), "secured KRaft broker process (SASL/SCRAM, ACLs; log " + started.log() + ")",
                started, started, security);
        security.createUsersAndAcls(broker.bootstrapServers());
        TopicSetup.ensure(broker);
        LOG.infof("Kafka: %s at %s", broker.kind, broker.bootstrapServers);
        return broker;
    }

    /** Whether clients must sign in. */
    public boolean secured() {
        return security != null;
    }

    /**
     * What a client of the principal (a {@link io.faithwatch.events.KafkaAccess} principal, or {@link KafkaSecurity#ADMIN})
     * sets beyond {@code bootstrap.servers}: nothing on an open broker, its SASL sign-in on a secured one.
     */
    public Map<String, String> clientProperties(String principal) {
        return security == null ? Map.of() : security.clientProperties(principal);
    }

    /** Stops a broker process (see {@link #process}); clients see the broker gone until {@link #restart()}. */
    public void stop() {
        requireProcess().stop();
    }

    /** Starts a stopped broker process again on the same port and data, and waits until it answers. */
    public void restart() {
        requireProcess().restart(Duration.ofSeconds(90));
    }

    private BrokerProcess requireProcess() {
        if (process == null) {
            throw new UnsupportedOperationException("only a broker started with KafkaBroker.process can be stopped and restarted; this one is " + kind);
        }
        return process;
    }

    /** A broker that runs elsewhere (an address, a container): {@code stop} is what closing it does. */
    public static KafkaBroker of(String bootstrapServers, String kind, AutoCloseable stop) {
        return new KafkaBroker(bootstrapServers, kind, stop);
    }

    /** Loggers of the broker's own chatter, kept strongly referenced so that their level holds. */
    private static final java.util.List<java.util.logging.Logger> QUIETED = new java.util.ArrayList<>();

    /** A KRaft broker in this JVM, on the given port (0: any free port). */
    public static KafkaBroker embedded(int port) {
        quietBrokerLogs();
        if (port != 0 && Ports.inUse(port)) {
            throw new PortInUseException(port, "Kafka");
        }
        EmbeddedKafkaBroker configured = new EmbeddedKafkaBroker()
                .withKafkaPort(port == 0 ? Ports.free() : port)
                .withDeleteLogDirsOnClose(true)
                .withAdditionalProperties(KafkaBroker::localDefaults);
        EmbeddedKafkaBroker embedded = formattingQuietly(configured::start);
        String listeners = embedded.getAdvertisedListeners();
        return new KafkaBroker(listeners.substring(listeners.indexOf("://") + 3), "embedded KRaft broker (in this JVM)", embedded);
    }

    /** What a local broker, in this JVM or in a process of its own, sets beyond its listeners and storage. */
    static void localDefaults(Properties props) {
        props.put("num.partitions", String.valueOf(PARTITIONS));
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("offsets.topic.num.partitions", "4");
        props.put("auto.create.topics.enable", "true");
    }

    /** Formatting a broker's storage prints to standard output, where a command's own output (a report table) goes. */
    static <T> T formattingQuietly(Supplier<T> format) {
        synchronized (KafkaBroker.class) {
            PrintStream stdout = System.out;
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            try {
                return format.get();
            } finally {
                System.setOut(stdout);
            }
        }
    }

    /** The broker logs every partition and config change at INFO; in a test or a local run only warnings matter. */
    private static synchronized void quietBrokerLogs() {
        java.util.logging.Level level = java.util.logging.Level.parse(System.getProperty("faith.stack.kafka-log-level", "WARNING"));
        for (String name : java.util.List.of("kafka", "org.apache.kafka", "state.change.logger", "io.smallrye.reactive.messaging.kafka")) {
            java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
            if (logger.getLevel() == null || logger.getLevel().intValue() < level.intValue()) {
                logger.setLevel(level);
            }
            QUIETED.add(logger);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String kind() {
        return kind;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (Exception e) {
            LOG.warnf("Kafka broker did not stop cleanly: %s", e.toString());
        }
    }
}
