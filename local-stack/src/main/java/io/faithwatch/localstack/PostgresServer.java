package io.faithwatch.localstack;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.Logger;
import org.testcontainers.containers.PostgreSQLContainer;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server, chosen in this order: the JDBC URL in {@code FAITH_TEST_JDBC_URL} (with
 * {@code FAITH_TEST_JDBC_USER} and {@code FAITH_TEST_JDBC_PASSWORD}); a {@code postgres} container when a Docker
 * engine answers; otherwise an embedded server run from a Maven jar. Each user of it gets a fresh database.
 */
public final class PostgresServer implements AutoCloseable {
    public static final String ENV_URL = "FAITH_TEST_JDBC_URL";
    public static final String ENV_USER = "FAITH_TEST_JDBC_USER";
    public static final String ENV_PASSWORD = "FAITH_TEST_JDBC_PASSWORD";
    public static final String IMAGE = "postgres:16-alpine";

    private static final Logger LOG = Logger.getLogger(PostgresServer.class);
    private static final AtomicReference<PostgresServer> SHARED = new AtomicReference<>();
    private static final AtomicInteger DATABASES = new AtomicInteger();

    /** Where a database is reached. */
    public record Database(String jdbcUrl, String username, String password) {
    }

    private final Database admin;
    private final String kind;
    private final AutoCloseable server;

    private PostgresServer(Database admin, String kind, AutoCloseable server) {
        this.admin = admin;
        this.kind = kind;
        this.server = server;
    }

    /** The server of this JVM: started on first use, stopped when the JVM exits. */
    public static PostgresServer shared() {
        synchronized (SHARED) {
            if (SHARED.get() == null) {
                PostgresServer server = start(System.getenv());
                Runtime.getRuntime().addShutdownHook(new Thread(server::close, "postgres-stop"));
                SHARED.set(server);
            }
            return SHARED.get();
        }
    }

    public static PostgresServer start(Map<String, String> env) {
        PostgresServer server;
        String given = env.get(ENV_URL);
        if (given != null && !given.isBlank()) {
            server = new PostgresServer(new Database(given.trim(), env.getOrDefault(ENV_USER, "postgres"),
                    env.getOrDefault(ENV_PASSWORD, "postgres")), "given by " + ENV_URL, () -> {
                    });
        } else if (Docker.available()) {
            PostgreSQLContainer<?> container = new PostgreSQLContainer<>(IMAGE);
            container.start();
            server = new PostgresServer(new Database(container.getJdbcUrl(), container.getUsername(), container.getPassword()),
                    "container " + IMAGE, container::stop);
        } else {
            server = embedded(0);
        }
        LOG.infof("PostgreSQL: %s at %s", server.kind, server.admin.jdbcUrl());
        return server;
    }

    /** An embedded PostgreSQL server (a real server process unpacked from a Maven jar) on the given port (0: any). */
    public static PostgresServer embedded(int port) {
        if (port != 0 && Ports.inUse(port)) {
            throw new PortInUseException(port, "PostgreSQL");
        }
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().setPort(port == 0 ? Ports.free() : port).start();
            return new PostgresServer(new Database(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres"),
                    "embedded PostgreSQL (zonky)", postgres);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** Creates a new, empty database on this server. */
    public Database newDatabase(String prefix) {
        String name = (prefix + "_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet()).replaceAll("[^a-z0-9_]", "_");
        try (Connection connection = DriverManager.getConnection(admin.jdbcUrl(), admin.username(), admin.password());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
        int slash = admin.jdbcUrl().lastIndexOf('/');
        int query = admin.jdbcUrl().indexOf('?', slash);
        String url = admin.jdbcUrl().substring(0, slash + 1) + name + (query < 0 ? "" : admin.jdbcUrl().substring(query));
        return new Database(url, admin.username(), admin.password());
    }

    public String kind() {
        return kind;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (Exception e) {
            LOG.warnf("PostgreSQL did not stop cleanly: %s", e.toString());
        }
    }
}
