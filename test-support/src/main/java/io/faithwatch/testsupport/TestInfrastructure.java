package io.faithwatch.testsupport;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.Logger;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.kafka.KafkaContainer;

import io.faithwatch.localstack.KafkaBroker;
import io.faithwatch.localstack.PostgresServer;
import io.faithwatch.localstack.TopicSetup;

/**
 * The real broker and database of a test JVM, each chosen once in this order: an address given in the environment
 * ({@code KAFKA_BOOTSTRAP_SERVERS}; {@code FAITH_TEST_JDBC_URL} with {@code FAITH_TEST_JDBC_USER} and
 * {@code FAITH_TEST_JDBC_PASSWORD}); a container when a Docker engine answers; otherwise the embedded ones of
 * local-stack. The choice is logged; both stop when the JVM exits.
 */
public final class TestInfrastructure {
    public static final String ENV_BOOTSTRAP = "KAFKA_BOOTSTRAP_SERVERS";
    public static final String ENV_URL = "FAITH_TEST_JDBC_URL";
    public static final String ENV_USER = "FAITH_TEST_JDBC_USER";
    public static final String ENV_PASSWORD = "FAITH_TEST_JDBC_PASSWORD";
    public static final String KAFKA_IMAGE = "apache/kafka:4.1.2";
    public static final String POSTGRES_IMAGE = "postgres:16-alpine";

    private static final Logger LOG = Logger.getLogger(TestInfrastructure.class);
    private static final AtomicReference<KafkaBroker> KAFKA = new AtomicReference<>();
    private static final AtomicReference<PostgresServer> POSTGRES = new AtomicReference<>();

    private TestInfrastructure() {
    }

    /** The broker of this JVM: started on first use, topics created, closed when the JVM exits. */
    public static KafkaBroker kafka() {
        synchronized (KAFKA) {
            if (KAFKA.get() == null) {
                KafkaBroker broker = kafka(System.getenv());
                TopicSetup.ensure(broker.bootstrapServers(), KafkaBroker.PARTITIONS);
                Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-broker-stop"));
                KAFKA.set(broker);
            }
            return KAFKA.get();
        }
    }

    /** The database server of this JVM: started on first use, stopped when the JVM exits. */
    public static PostgresServer postgres() {
        synchronized (POSTGRES) {
            if (POSTGRES.get() == null) {
                PostgresServer server = postgres(System.getenv());
                Runtime.getRuntime().addShutdownHook(new Thread(server::close, "postgres-stop"));
                POSTGRES.set(server);
            }
            return POSTGRES.get();
        }
    }

    /** Starts (or finds) a broker as the environment says. */
    static KafkaBroker kafka(Map<String, String> env) {
        KafkaBroker broker;
        String given = env.get(ENV_BOOTSTRAP);
        if (given != null && !given.isBlank()) {
            broker = KafkaBroker.of(given.trim(), "given by " + ENV_BOOTSTRAP, () -> {
            });
        } else if (Docker.available()) {
            KafkaContainer container = new KafkaContainer(KAFKA_IMAGE);
            container.start();
            broker = KafkaBroker.of(container.getBootstrapServers(), "container " + KAFKA_IMAGE, container::stop);
        } else {
            broker = KafkaBroker.embedded(0);
        }
        LOG.infof("Kafka: %s at %s", broker.kind(), broker.bootstrapServers());
        return broker;
    }

    /** Starts (or finds) a database server as the environment says. */
    static PostgresServer postgres(Map<String, String> env) {
        PostgresServer server;
        String given = env.get(ENV_URL);
        if (given != null && !given.isBlank()) {
            server = PostgresServer.of(new PostgresServer.Database(given.trim(), env.getOrDefault(ENV_USER, "postgres"),
                    env.getOrDefault(ENV_PASSWORD, "postgres")), "given by " + ENV_URL, () -> {
                    });
        } else if (Docker.available()) {
            PostgreSQLContainer<?> container = new PostgreSQLContainer<>(POSTGRES_IMAGE);
            container.start();
            server = PostgresServer.of(new PostgresServer.Database(container.getJdbcUrl(), container.getUsername(), container.getPassword()),
                    "container " + POSTGRES_IMAGE, container::stop);
        } else {
            server = PostgresServer.embedded(0);
        }
        LOG.infof("PostgreSQL: %s at %s", server.kind(), server.admin().jdbcUrl());
        return server;
    }
}
