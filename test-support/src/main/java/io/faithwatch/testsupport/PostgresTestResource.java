package io.faithwatch.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.faithwatch.localstack.PostgresServer;

/** Gives a {@code @QuarkusTest} a fresh database on the shared real PostgreSQL server of this JVM. */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        PostgresServer.Database database = TestInfrastructure.postgres().newDatabase("test");
        return Map.of(
                "quarkus.datasource.jdbc.url", database.jdbcUrl(),
                "quarkus.datasource.username", database.username(),
                "quarkus.datasource.password", database.password());
    }

    @Override
    public void stop() {
        // The server is shared by every test of this JVM and stops with it.
    }
}
