package io.faithwatch.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.faithwatch.testsupport.TestInfrastructure;
import io.faithwatch.events.Topics;
import io.faithwatch.localstack.KafkaBroker;
import io.faithwatch.localstack.PostgresServer;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

class TestInfrastructureTest {

    @Test
    void anAddressGivenInTheEnvironmentComesFirst() {
        try (KafkaBroker given = TestInfrastructure.kafka(Map.of(TestInfrastructure.ENV_BOOTSTRAP, "kafka.example:9092"));
                PostgresServer db = TestInfrastructure.postgres(Map.of(TestInfrastructure.ENV_URL, "jdbc:postgresql://db.example:5432/faith",
                        TestInfrastructure.ENV_USER, "faith"))) {
            assertThat(given.bootstrapServers()).isEqualTo("kafka.example:9092");
            assertThat(given.kind()).isEqualTo("given by KAFKA_BOOTSTRAP_SERVERS");
            assertThat(db.kind()).isEqualTo("given by FAITH_TEST_JDBC_URL");
        }
    }

    @Test
    void theSharedBrokerIsRealAndHasEveryTopic() throws Exception {
        KafkaBroker broker = TestInfrastructure.kafka();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            assertThat(topics).containsAll(Topics.all());
            assertThat(admin.describeTopics(Set.of(Topics.PAIRS)).allTopicNames().get().get(Topics.PAIRS).partitions())
                    .hasSize(KafkaBroker.PARTITIONS);
        }
        KafkaCompanion kafka = new KafkaCompanion(broker.bootstrapServers());
        kafka.produceStrings().fromRecords(new ProducerRecord<>("local-stack-probe", "k", "v")).awaitCompletion();
        assertThat(kafka.consumeStrings().fromTopics("local-stack-probe", 1).awaitCompletion(Duration.ofSeconds(30)).getRecords())
                .extracting(r -> r.value()).containsExactly("v");
        assertThat(TestInfrastructure.kafka()).isSameAs(broker);
    }

    @Test
    void eachUserGetsItsOwnDatabaseOnTheSharedServer() throws Exception {
        PostgresServer.Database first = TestInfrastructure.postgres().newDatabase("probe");
        PostgresServer.Database second = TestInfrastructure.postgres().newDatabase("probe");
        assertThat(first.jdbcUrl()).isNotEqualTo(second.jdbcUrl());
        try (Connection c = DriverManager.getConnection(first.jdbcUrl(), first.username(), first.password());
                ResultSet rs = c.createStatement().executeQuery("select current_database(), version()")) {
            rs.next();
            assertThat(first.jdbcUrl()).contains("/" + rs.getString(1));
            assertThat(rs.getString(2)).startsWith("PostgreSQL");
        }
    }
}
