package io.faithwatch.localstack;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server: an embedded server run from a Maven jar ({@link #embedded}), or one that runs elsewhere
 * ({@link #of}). Each user of it gets a fresh database. The tests' choice among these and containers is test-support's.
 */
public final class PostgresServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PostgresServer.class);
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

    /** A server that runs elsewhere (an address, a container), reached as {@code admin}: {@code stop} is what closing it does. */
    public static PostgresServer of(Database admin, String kind, AutoCloseable stop) {
        return new PostgresServer(admin, kind, stop);
    }

    /** Where the server is reached as its administrator. */
    public Database admin() {
        return admin;
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
