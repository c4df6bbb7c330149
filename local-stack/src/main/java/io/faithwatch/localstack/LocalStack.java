package io.faithwatch.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.jboss.logging.Logger;

/**
 * The whole system on one machine: a real broker with the topics, a real PostgreSQL database for the scorer, and the
 * four packaged services as separate processes. Written once for the end-to-end tests, the chaos tests and the local run.
 */
public final class LocalStack implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LocalStack.class);

    private final KafkaBroker kafka;
    private final PostgresServer.Database database;
    private final Map<FaithService, ServiceProcess> services;
    private final Path logDir;

    private LocalStack(KafkaBroker kafka, PostgresServer.Database database, Map<FaithService, ServiceProcess> services, Path logDir) {
        this.kafka = kafka;
        this.database = database;
        this.services = services;
        this.logDir = logDir;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private KafkaBroker kafka;
        private PostgresServer.Database database;
        private Path repoRoot;
        private Path logDir;
        private String heap = "256m";
        private int basePort;
        private Duration readyTimeout = Duration.ofSeconds(90);
        private final Map<FaithService, Map<String, String>> config = new EnumMap<>(FaithService.class);

        public Builder kafka(KafkaBroker kafka) {
            this.kafka = kafka;
            return this;
        }

        public Builder database(PostgresServer.Database database) {
            this.database = database;
            return this;
        }

        public Builder repoRoot(Path repoRoot) {
            this.repoRoot = repoRoot;
            return this;
        }

        public Builder logDir(Path logDir) {
            this.logDir = logDir;
            return this;
        }

        public Builder heap(String heap) {
            this.heap = heap;
            return this;
        }

        /** Serve pair-builder, model-caller, grader and scorer on basePort .. basePort + 3 (0: any free ports). */
        public Builder basePort(int basePort) {
            this.basePort = basePort;
            return this;
        }

        public Builder readyTimeout(Duration readyTimeout) {
            this.readyTimeout = readyTimeout;
            return this;
        }

        /** A setting for one service (any Quarkus or application property). */
        public Builder config(FaithService service, String key, String value) {
            config.computeIfAbsent(service, s -> new HashMap<>()).put(key, value);
            return this;
        }

        /** Starts the four services in parallel and waits until each is ready. */
        public LocalStack start() {
            if (kafka == null || database == null) {
                throw new IllegalStateException("a local stack needs a broker and a database: kafka(...) and database(...)");
            }
            KafkaBroker broker = kafka;
            TopicSetup.ensure(broker);
            PostgresServer.Database db = database;
            Path root = repoRoot != null ? repoRoot : RepoRoot.find();
            Path logs = logDir != null ? logDir : root.resolve("target/local-stack-logs");
            Map<FaithService, ServiceProcess> started = new EnumMap<>(FaithService.class);
            try {
                for (FaithService service : FaithService.values()) {
                    Map<String, String> settings = new HashMap<>();
                    settings.put("kafka.bootstrap.servers", broker.bootstrapServers());
                    // On a secured broker each service signs in as itself and may touch only its own topics and groups.
                    broker.clientProperties(service.module()).forEach((key, value) -> settings.put("kafka." + key, value));
                    if (service == FaithService.SCORER) {
                        settings.put("quarkus.datasource.jdbc.url", db.jdbcUrl());
                        settings.put("quarkus.datasource.username", db.username());
                        settings.put("quarkus.datasource.password", db.password());
                    }
                    if (service == FaithService.PAIR_BUILDER && System.getenv("FAITH_PAIR_BUILDER_BANK_ROOTS") == null) {
                        // pair-builder reads banks only inside its bank roots: here the datasets beside the repository
                        // (RepoRoot.shared()); the environment variable or config(...) names others.
                        settings.put("faith.pair-builder.bank-roots", root.resolveSibling("shared").resolve("datasets").toString());
                    }
                    settings.putAll(config.getOrDefault(service, Map.of()));
                    int port = basePort == 0 ? Ports.free() : basePort + service.ordinal();
                    if (basePort != 0 && Ports.inUse(port)) {
                        throw new PortInUseException(port, service.module());
                    }
                    started.put(service, ServiceProcess.start(service, service.runnableJar(root), port, settings, logs, heap));
                }
                List<CompletableFuture<ServiceProcess>> readiness = new ArrayList<>();
                started.values().forEach(p -> readiness.add(CompletableFuture.supplyAsync(() -> awaitReady(p, basePort == 0))));
                readiness.forEach(CompletableFuture::join);
            } catch (RuntimeException e) {
                started.values().forEach(ServiceProcess::kill);
                Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
            }
            LOG.infof("local stack ready: Kafka %s, services %s, logs in %s", broker.bootstrapServers(),
                    started.values().stream().map(p -> p.service().module() + "=" + p.url()).toList(), logs);
            return new LocalStack(broker, db, started, logs);
        }

        /** Ready; a service whose picked port was taken before it bound it is started again on another free port. */
        private ServiceProcess awaitReady(ServiceProcess process, boolean portPicked) {
            for (int attempt = 1;; attempt++) {
                try {
                    return process.awaitReady(readyTimeout);
                } catch (IllegalStateException e) {
                    if (!portPicked || attempt == 3 || !process.lostItsPort()) {
                        throw e;
                    }
                    int port = Ports.free();
                    LOG.infof("%s: port %d was taken before it could bind it; starting it again on port %d", process.service().module(),
                            process.port(), port);
                    process.restartOn(port);
                }
            }
        }
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public PostgresServer.Database database() {
        return database;
    }

    public ServiceProcess service(FaithService service) {
        return services.get(service);
    }

    public Path logDir() {
        return logDir;
    }

    @Override
    public void close() {
        services.values().parallelStream().forEach(ServiceProcess::close);
    }
}
