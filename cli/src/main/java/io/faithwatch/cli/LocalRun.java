package io.faithwatch.cli;

import java.nio.file.Path;
import java.time.Duration;

import io.faithwatch.localstack.FaithService;
import io.faithwatch.localstack.KafkaBroker;
import io.faithwatch.localstack.LocalStack;
import io.faithwatch.localstack.PortInUseException;
import io.faithwatch.localstack.Ports;
import io.faithwatch.localstack.PostgresServer;
import io.faithwatch.localstack.RepoRoot;

/**
 * The whole system on this machine: a real Kafka broker (KRaft, from the Maven Central jars, in this JVM), an embedded
 * PostgreSQL server, and the four services as processes with their logs in one folder. Closing stops all of it.
 */
record LocalRun(KafkaBroker kafka, PostgresServer postgres, LocalStack stack, Path logs) implements AutoCloseable {

    /** Ports 0 mean any free port; pair-builder takes the token of FAITH_PAIR_BUILDER_API_TOKEN, if set. */
    static LocalRun start(int kafkaPort, int dbPort, int basePort, Path logs) {
        return start(kafkaPort, dbPort, basePort, logs, null);
    }

    /** As {@link #start(int, int, int, Path)}, with pair-builder's token set to {@code pairBuilderToken} when it is not null. */
    static LocalRun start(int kafkaPort, int dbPort, int basePort, Path logs, String pairBuilderToken) {
        return start(kafkaPort, dbPort, basePort, logs, pairBuilderToken, false);
    }

    /**
     * As {@link #start(int, int, int, Path, String)}; {@code secure}: a broker where clients sign in (SASL/SCRAM) and
     * each service may touch only its own topics and groups (a process of its own, data under {@code .faith/kafka}).
     */
    static LocalRun start(int kafkaPort, int dbPort, int basePort, Path logs, String pairBuilderToken, boolean secure) {
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
            kafka = secure ? KafkaBroker.secureProcess(root.resolve(".faith/kafka"), kafkaPort) : KafkaBroker.embedded(kafkaPort);
            postgres = PostgresServer.embedded(dbPort);
            LocalStack.Builder builder = LocalStack.builder().kafka(kafka).database(postgres.newDatabase("faith")).repoRoot(root).logDir(logs)
                    .basePort(basePort).readyTimeout(Duration.ofSeconds(120));
            if (pairBuilderToken != null) {
                builder.config(FaithService.PAIR_BUILDER, "faith.pair-builder.api-token", pairBuilderToken);
            }
            LocalStack stack = builder.start();
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
