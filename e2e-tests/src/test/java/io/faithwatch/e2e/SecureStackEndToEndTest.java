package io.faithwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.faithwatch.events.CheckpointRequested;
import io.faithwatch.events.Events;
import io.faithwatch.events.HintType;
import io.faithwatch.events.KafkaAccess;
import io.faithwatch.events.ModelRef;
import io.faithwatch.events.RolloutObserved;
import io.faithwatch.events.Topics;
import io.faithwatch.localstack.KafkaBroker;
import io.faithwatch.localstack.KafkaSecurity;
import io.faithwatch.localstack.LocalStack;
import io.faithwatch.localstack.RepoRoot;
import io.faithwatch.modelclients.SimulatedTraining;
import io.faithwatch.testsupport.Closing;
import io.faithwatch.testsupport.TestInfrastructure;

/**
 * The ACLs of {@link KafkaAccess} on a real secured broker (SASL/SCRAM-SHA-512, the standard authorizer): an anonymous
 * client gets nowhere, a wrong password is refused, every principal may write and read exactly its topics and join
 * exactly its groups, and the packaged services, each signed in as itself, evaluate a checkpoint and a run's rollouts
 * end to end with nothing refused.
 */
class SecureStackEndToEndTest {
    static KafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.secureProcess(RepoRoot.find().resolve("e2e-tests/target/broker-secure"));
    }

    @AfterAll
    static void stopBroker() {
        Closing.inOrder(broker);
    }

    static Map<String, Object> client(String principal) {
        Map<String, Object> config = new HashMap<>(broker.clientProperties(principal));
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return config;
    }

    static KafkaProducer<String, String> producer(String principal) {
        Map<String, Object> config = client(principal);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    static KafkaConsumer<String, String> consumer(String principal, String group) {
        Map<String, Object> config = client(principal);
        if (group != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    @Test
    void anAnonymousClientCannotConnectAndAWrongPasswordIsRefused() {
        Map<String, Object> anonymous = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_500);
        try (Admin admin = Admin.create(anonymous)) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(10, TimeUnit.SECONDS)).as("a client without SASL sign-in")
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
            assertThatThrownBy(() -> admin.listTopics().names().get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        }
        Map<String, Object> wrong = client(KafkaAccess.GRADER);
        wrong.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"grader\" password=\"guessed\";");
        wrong.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        wrong.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        try (Admin admin = Admin.create(wrong)) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(15, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void pairBuildersCredentialsCannotWriteVerdicts() {
        try (KafkaProducer<String, String> producer = producer(KafkaAccess.PAIR_BUILDER)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.VERDICTS, "forged", "{}")).get(15, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    /** Runs {@code check} for every principal at once (each on its own clients), failing with the first failure. */
    static void forEachPrincipal(java.util.function.Consumer<KafkaAccess.Grant> check) {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(KafkaAccess.all().size());
        try {
            List<java.util.concurrent.Future<?>> checks = new ArrayList<>();
            KafkaAccess.all().forEach(grant -> checks.add(pool.submit(() -> check.accept(grant))));
            for (java.util.concurrent.Future<?> done : checks) {
                try {
                    done.get(120, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Error error ? error : new AssertionError(e.getCause());
                } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
                    throw new AssertionError(e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void everyPrincipalWritesExactlyItsTopics() {
        forEachPrincipal(grant -> {
            Set<String> written = new TreeSet<>();
            try (KafkaProducer<String, String> producer = producer(grant.principal())) {
                for (String topic : Topics.all()) {
                    try {
                        // A deletion (null value) on a compacted topic and an empty record elsewhere: nothing a service would act on.
                        producer.send(new ProducerRecord<>(topic, "acl-probe", null)).get(15, TimeUnit.SECONDS);
                        written.add(topic);
                    } catch (ExecutionException e) {
                        assertThat(e.getCause()).as(grant.principal() + " writing " + topic).isInstanceOf(TopicAuthorizationException.class);
                    } catch (Exception e) {
                        throw new AssertionError(grant.principal() + " writing " + topic + ": " + e, e);
                    }
                }
            }
            assertThat(written).as(grant.principal() + " may write").isEqualTo(new TreeSet<>(grant.writes()));
        });
    }

    @Test
    void everyPrincipalReadsExactlyItsTopicsAndJoinsOnlyItsGroups() throws Exception {
        // A record on every topic, so that a read either returns it or is refused (an empty fetch proves nothing).
        try (KafkaProducer<String, String> admin = producer(KafkaSecurity.ADMIN)) {
            for (String topic : Topics.all()) {
                admin.send(new ProducerRecord<>(topic, 0, "acl-probe", null)).get(15, TimeUnit.SECONDS);
            }
        }
        forEachPrincipal(grant -> {
            Set<String> read = new TreeSet<>();
            try (KafkaConsumer<String, String> consumer = consumer(grant.principal(), null)) {
                for (String topic : Topics.all()) {
                    TopicPartition partition = new TopicPartition(topic, 0);
                    consumer.assign(List.of(partition));
                    consumer.seekToBeginning(List.of(partition));
                    Instant deadline = Instant.now().plusSeconds(15);
                    boolean refused = false, got = false;
                    while (!got && !refused && Instant.now().isBefore(deadline)) {
                        try {
                            got = !consumer.poll(Duration.ofMillis(200)).isEmpty();
                        } catch (TopicAuthorizationException e) {
                            assertThat(e.unauthorizedTopics()).contains(topic);
                            refused = true;
                        }
                    }
                    assertThat(got || refused).as(grant.principal() + " reading " + topic + ": neither a record nor a refusal within 15 s").isTrue();
                    if (got) {
                        read.add(topic);
                    }
                }
            }
            assertThat(read).as(grant.principal() + " may read").isEqualTo(new TreeSet<>(grant.reads()));
        });
        List<String> groups = List.of(KafkaAccess.Groups.PAIR_BUILDER, KafkaAccess.Groups.MODEL_CALLER, KafkaAccess.Groups.MODEL_CALLER_BATCHES,
                KafkaAccess.Groups.GRADER, KafkaAccess.Groups.GRADER_ROLLOUTS, KafkaAccess.Groups.GRADER_REVIEWS_PREFIX + "probe",
                KafkaAccess.Groups.SCORER, KafkaAccess.Groups.SCORER_ROLLOUTS);
        forEachPrincipal(grant -> {
            for (String group : groups) {
                boolean joined;
                try (KafkaConsumer<String, String> consumer = consumer(grant.principal(), group)) {
                    // The probe commits an offset of a topic every principal may read or none: group rights alone decide.
                    String topic = grant.reads().isEmpty() ? Topics.CHECKPOINTS : grant.reads().iterator().next();
                    TopicPartition partition = new TopicPartition(topic, 0);
                    consumer.assign(List.of(partition));
                    try {
                        consumer.committed(Set.of(partition), Duration.ofSeconds(10));
                        joined = true;
                    } catch (GroupAuthorizationException e) {
                        joined = false;
                    }
                }
                assertThat(joined).as(grant.principal() + " in group " + group).isEqualTo(grant.joins(group));
            }
        });
    }

    @Test
    void theServicesEachSignedInAsItselfEvaluateACheckpointAndRollouts() throws Exception {
        LocalStack stack = LocalStack.builder().kafka(broker).database(TestInfrastructure.postgres().newDatabase("faith"))
                .logDir(RepoRoot.find().resolve("e2e-tests/target/service-logs-secure")).start();
        try {
            Pipeline pipeline = new Pipeline(stack);
            // A training pipeline publishes the checkpoint itself, as publisher.
            CheckpointRequested checkpoint = Pipeline.request("secure-1", "secure-run", new ModelRef("sim", null, "sim-reasoner", Map.of("follow", 0.6), null),
                    20, List.of(HintType.SYCOPHANCY, HintType.METADATA), 5);
            try (KafkaProducer<String, String> publisher = producer(KafkaAccess.PUBLISHER)) {
                publisher.send(new ProducerRecord<>(Topics.CHECKPOINTS, checkpoint.checkpointId(), Events.encode(checkpoint))).get(15, TimeUnit.SECONDS);
            }
            pipeline.awaitComplete("secure-run", "secure-1", Duration.ofSeconds(120));
            assertThat(pipeline.verdicts("secure-1")).isEqualTo(40);

            // Rollouts through the REST intake (pair-builder publishes them), judged by the grader, counted by the scorer.
            List<RolloutObserved> rollouts = new SimulatedTraining(SimulatedTraining.Settings.of("secure-run", 2, 10, 3)).rollouts(Instant.now());
            var response = pipeline.postToPairBuilder("/api/rollouts", RolloutsEndToEndTest.batch(rollouts), null);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                long counted = 0;
                for (var point : Pipeline.json(stack.service(io.faithwatch.localstack.FaithService.SCORER).get("/api/v1/runs/secure-run/rollouts"))
                        .path("points")) {
                    counted += point.path("rollouts").asLong();
                }
                return counted == rollouts.size();
            });

            List<String> refused = new ArrayList<>();
            for (String line : pipeline.logLines()) {
                if (line.contains("AuthorizationException") || line.contains("AuthenticationException") || line.contains("NOT_AUTHORIZED")
                        || line.contains("_AUTHORIZATION_FAILED")) {
                    refused.add(line);
                }
            }
            assertThat(refused).as("nothing a service did was refused").isEmpty();
            System.out.printf("secure stack: %d verdicts, %d rollouts counted, every service signed in as itself (%s)%n",
                    pipeline.verdicts("secure-1"), rollouts.size(), KafkaSecurity.class.getSimpleName());
        } finally {
            stack.close();
        }
    }
}
