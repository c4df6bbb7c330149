package io.faithwatch.cli;

import java.nio.file.Path;
import java.time.Duration;

import io.faithwatch.stack.FaithService;
import io.faithwatch.stack.KafkaBroker;
import io.faithwatch.stack.LocalStack;
import io.faithwatch.stack.PortInUseException;
import io.faithwatch.stack.Ports;
import io.faithwatch.stack.PostgresServer;
import io.faithwatch.stack.RepoRoot;

/**
 * The whole system on this machine: a real Kafka broker (KRaft, from the Maven Central jars, in this JVM), an embedded
 * PostgreSQL server, and the four services as processes with their logs in one folder. Closing stops all of it.
 */
final class LocalRun implements AutoCloseable {
    final KafkaBroker kafka;
    final PostgresServer postgres;
    final LocalStack stack;
    final Path logs;

    private LocalRun(KafkaBroker kafka, PostgresServer postgres, LocalStack stack, Path logs) {
        this.kafka = kafka;
        this.postgres = postgres;
        this.stack = stack;
        this.logs = logs;
    }

    /** Ports 0 mean any free port. */
    static LocalRun start(int kafkaPort, int dbPort, int basePort, Path logs) {
        Path root = RepoRoot.find();
        for (FaithService service : FaithService.values()) {
            if (!java.nio.file.Files.isRegularFile(service.runnableJar(root))) {
                throw new Faith.UserError(service.module() + " is not built; run ./mvnw -B package -DskipTests first");
            }
        }
        if (basePort != 0) {
            for (FaithService service : FaithService.values()) {
                if (Ports.inUse(basePort + service.ordinal())) {
                    throw new PortInUseException(basePort + service.ordinal(), service.module() + "; choose others with --base-port");
                }
            }
        }
        if (kafkaPort != 0 && Ports.inUse(kafkaPort)) {
            throw new PortInUseException(kafkaPort, "Kafka; choose another with --kafka-port");
        }
        if (dbPort != 0 && Ports.inUse(dbPort)) {
            throw new PortInUseException(dbPort, "PostgreSQL; choose another with --db-port");
        }
        KafkaBroker kafka = null;
        PostgresServer postgres = null;
        try {
            kafka = KafkaBroker.embedded(kafkaPort);
            postgres = PostgresServer.embedded(dbPort);
            LocalStack stack = LocalStack.builder().kafka(kafka).database(postgres.newDatabase("faith")).repoRoot(root).logDir(logs)
                    .basePort(basePort).readyTimeout(Duration.ofSeconds(120)).start();
            return new LocalRun(kafka, postgres, stack, logs);
        } catch (RuntimeException e) {
            if (postgres != null) {
                postgres.close();
            }
            if (kafka != null) {
                kafka.close();
            }
            throw e;
        }
    }

    String url(FaithService service) {
        return stack.service(service).url();
    }

    ServiceUrls urls() {
        return ServiceUrls.of(url(FaithService.PAIR_BUILDER), url(FaithService.MODEL_CALLER), url(FaithService.SCORER));
    }

    @Override
    public void close() {
        stack.close();
        postgres.close();
        kafka.close();
    }
}
