package io.faithwatch.localstack;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.jboss.logging.Logger;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

/**
 * A KRaft broker (combined broker and controller) as its own operating-system process, from the Kafka jars on this JVM's
 * class path, so that a test can stop it and start it again on the same port and data directory: what a broker outage
 * looks like to the services.
 */
public final class BrokerProcess implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(BrokerProcess.class);

    private final int port;
    private final Path dataDir;
    private final Path config;
    private final Path log;
    private final KafkaSecurity security;
    private Process process;

    private BrokerProcess(int port, Path dataDir, Path config, Path log, KafkaSecurity security) {
        this.port = port;
        this.dataDir = dataDir;
        this.config = config;
        this.log = log;
        this.security = security;
    }

    /** Formats a new data directory under {@code workDir}, starts the broker on a free port and waits until it answers. */
    public static BrokerProcess start(Path workDir, Duration timeout) {
        return start(workDir, timeout, null);
    }

    /**
     * As {@link #start(Path, Duration)}; with {@code security}, clients must sign in (SASL/SCRAM) and ACLs decide what
     * each may do.
     */
    public static BrokerProcess start(Path workDir, Duration timeout, KafkaSecurity security) {
        return start(workDir, timeout, security, 0);
    }

    /** As {@link #start(Path, Duration, KafkaSecurity)}, on {@code port} (0: a free one). */
    public static BrokerProcess start(Path workDir, Duration timeout, KafkaSecurity security, int clientPort) {
        if (clientPort != 0 && Ports.inUse(clientPort)) {
            throw new PortInUseException(clientPort, "Kafka");
        }
        int port = clientPort == 0 ? Ports.free() : clientPort, controllerPort = Ports.free();
        try {
            Files.createDirectories(workDir);
            Path dataDir = Files.createTempDirectory(workDir, "kafka-data-");
            Properties props = new Properties();
            props.put("process.roles", "broker,controller");
            props.put("node.id", "1");
            props.put("controller.quorum.voters", "1@localhost:" + controllerPort);
            props.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
            props.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
            props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            props.put("controller.listener.names", "CONTROLLER");
            props.put("inter.broker.listener.name", "PLAINTEXT");
            props.put("log.dirs", dataDir.toString());
            KafkaBroker.localDefaults(props);
            props.put("offsets.topic.replication.factor", "1");
            props.put("transaction.state.log.replication.factor", "1");
            props.put("transaction.state.log.min.isr", "1");
            props.put("share.coordinator.state.topic.replication.factor", "1");
            props.put("share.coordinator.state.topic.min.isr", "1");
            if (security != null) {
                security.configure(props, port, controllerPort);
            }
            Path config = workDir.resolve(dataDir.getFileName() + ".properties");
            // It holds the broker's own passwords when secured: readable by this user alone, deleted with the data.
            Files.createFile(config, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            try (OutputStream out = Files.newOutputStream(config)) {
                props.store(out, "faithwatch broker process");
            }
            String clusterId = UUID.randomUUID().toString().replace("-", "").substring(0, 22);
            if (security == null) {
                KafkaBroker.formattingQuietly(() -> EmbeddedKafkaBroker.formatStorageFromConfig(props, clusterId, true));
            } else {
                // Admin's SCRAM credential goes into the metadata as the storage is formatted: it must exist before anyone signs in.
                List<String> format = new ArrayList<>(List.of("format", "-t", clusterId, "-c", config.toString()));
                format.addAll(security.formatArguments());
                java.io.ByteArrayOutputStream output = new java.io.ByteArrayOutputStream();
                int code = kafka.tools.StorageTool.execute(format.toArray(String[]::new), new java.io.PrintStream(output, true));
                if (code != 0) {
                    throw new IllegalStateException("cannot format the broker's storage (" + code + "): " + output);
                }
            }
            BrokerProcess broker = new BrokerProcess(port, dataDir, config, workDir.resolve(dataDir.getFileName() + ".log"), security);
            broker.restart(timeout);
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a broker in " + workDir, e);
        }
    }

    /** Starts the broker again on its port and data directory (after {@link #stop}) and waits until it answers. */
    public void restart(Duration timeout) {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the broker is still running");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx384m");
        command.add("-XX:+UseSerialGC");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("kafka.Kafka");
        command.add(config.toString());
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the broker", e);
        }
        awaitAnswering(timeout);
        LOG.debugf("broker process %d on port %d, data in %s", process.pid(), port, dataDir);
    }

    /** A clean shutdown (SIGTERM), as an operator or a rolling restart would do; SIGKILL if it takes longer than 30 s. */
    public void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public Path log() {
        return log;
    }

    private void awaitAnswering(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        // Until the port is open a client would only log refused connections.
        while (!Ports.inUse(port) && Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the broker exited with code " + process.exitValue() + "; see " + log);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        if (security != null) {
            props.putAll(security.clientProperties(KafkaSecurity.ADMIN));
        }
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        try (Admin admin = Admin.create(props)) {
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the broker exited with code " + process.exitValue() + "; see " + log);
                }
                try {
                    admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000)).nodes().get(5, TimeUnit.SECONDS);
                    return;
                } catch (Exception e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        throw new IllegalStateException("the broker did not answer within " + timeout + "; see " + log);
    }

    /** Stops the broker and deletes its data. */
    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.debugf("broker data %s not deleted: %s", dataDir, e);
        }
        config.toFile().delete();
    }
}
