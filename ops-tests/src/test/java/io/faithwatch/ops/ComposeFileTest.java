package io.faithwatch.ops;

import static io.faithwatch.ops.OpsFiles.ROOT;
import static io.faithwatch.ops.OpsFiles.SERVICES;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.faithwatch.events.Topics;
import io.faithwatch.localstack.KafkaBroker;
import io.faithwatch.testsupport.TestInfrastructure;

/** docker-compose.yml: valid Compose, complete, consistent with the services' settings, the topics and the Dockerfiles. */
class ComposeFileTest {
    static final Path COMPOSE = ROOT.resolve("docker-compose.yml");
    static final JsonNode FILE = OpsFiles.yaml(COMPOSE);
    static final JsonNode SERVICES_NODE = FILE.path("services");

    @Test
    void validatesAgainstTheComposeSpecification() {
        JsonNode schema = OpsFiles.yaml(OpsFiles.SCHEMAS.resolve("compose-spec.json"));
        assertThat(Schemas.errors(schema, FILE)).isEmpty();
    }

    @Test
    void everyServiceHasAnImageOrABuildAndEveryDependencyExists() {
        assertThat(OpsFiles.fields(SERVICES_NODE).keySet()).contains("kafka", "topics", "postgres", "prometheus", "grafana")
                .containsAll(SERVICES);
        OpsFiles.fields(SERVICES_NODE).forEach((name, service) -> {
            assertThat(service.has("image") || service.has("build")).as(name + " has an image or a build").isTrue();
            OpsFiles.fields(service.path("depends_on")).forEach((target, how) -> {
                assertThat(SERVICES_NODE.has(target)).as(name + " depends on " + target).isTrue();
                String condition = how.path("condition").asText();
                if (condition.equals("service_healthy")) {
                    assertThat(SERVICES_NODE.path(target).has("healthcheck")).as(target + " has a health check, " + name + " waits for it").isTrue();
                } else {
                    assertThat(condition).as(name + " -> " + target).isEqualTo("service_completed_successfully");
                    assertThat(SERVICES_NODE.path(target).path("restart").asText()).as(target + " runs once").isEqualTo("no");
                }
            });
        });
    }

    @Test
    void everyHostPortIsUnique() {
        List<String> hostPorts = new ArrayList<>();
        OpsFiles.fields(SERVICES_NODE).forEach((name, service) -> service.path("ports").forEach(p -> hostPorts.add(hostPort(p.asText()))));
        assertThat(hostPorts).isNotEmpty().doesNotHaveDuplicates();
    }

    static final List<String> FAITH_SERVICES = SERVICES;

    @ParameterizedTest
    @FieldSource("FAITH_SERVICES")
    void eachFaithServiceIsBuiltHereAndRunsAsTheModuleSays(String name) throws IOException {
        JsonNode service = SERVICES_NODE.path(name);
        int port = OpsFiles.httpPort(name);
        Path context = ROOT.resolve(service.path("build").path("context").asText()).normalize();
        Path dockerfile = context.resolve(service.path("build").path("dockerfile").asText());
        assertThat(context).isEqualTo(ROOT.resolve(name));
        assertThat(dockerfile).isRegularFile();
        String docker = Files.readString(dockerfile);
        assertThat(docker).contains("COPY --chown=185 target/quarkus-app/lib/ /deployments/lib/").contains("USER 185")
                .contains("EXPOSE " + port).contains("/deployments/quarkus-run.jar");
        assertThat(service.path("ports").get(0).asText()).isEqualTo(port + ":" + port);
        assertThat(service.path("healthcheck").path("test").toString()).contains("http://localhost:" + port + "/q/health/ready");
        assertThat(service.path("user").asText()).isEqualTo("185");
        assertThat(service.path("read_only").asBoolean()).isTrue();
        assertThat(service.path("tmpfs").toString()).contains("/tmp");
        Map<String, String> environment = environment(service);
        assertThat(environment.get("KAFKA_BOOTSTRAP_SERVERS")).isEqualTo(internalKafkaListener());
        assertThat(OpsFiles.environmentNames(name)).as("settings %s understands", name).containsAll(environment.keySet());
        assertThat(service.path("depends_on").path("kafka").path("condition").asText()).isEqualTo("service_healthy");
        assertThat(service.path("depends_on").path("topics").path("condition").asText()).isEqualTo("service_completed_successfully");
    }

    @Test
    void theScorerReachesPostgresWithTheCredentialsPostgresIsGiven() {
        JsonNode scorer = SERVICES_NODE.path("scorer");
        Map<String, String> env = environment(scorer), db = environment(SERVICES_NODE.path("postgres"));
        assertThat(scorer.path("depends_on").path("postgres").path("condition").asText()).isEqualTo("service_healthy");
        assertThat(env.get("QUARKUS_DATASOURCE_JDBC_URL")).isEqualTo("jdbc:postgresql://postgres:5432/" + db.get("POSTGRES_DB"));
        assertThat(env.get("QUARKUS_DATASOURCE_USERNAME")).isEqualTo(db.get("POSTGRES_USER"));
        assertThat(env.get("QUARKUS_DATASOURCE_PASSWORD")).isEqualTo(db.get("POSTGRES_PASSWORD"));
    }

    @Test
    void kafkaIsKraftWithAListenerForContainersAndOneForTheHost() {
        Map<String, String> env = environment(SERVICES_NODE.path("kafka"));
        assertThat(env.get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
        assertThat(env).doesNotContainKey("KAFKA_ZOOKEEPER_CONNECT");
        assertThat(env.get("KAFKA_ADVERTISED_LISTENERS")).contains("localhost:9092");
        assertThat(SERVICES_NODE.path("kafka").path("ports").toString()).contains("9092:9092");
        assertThat(env.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE")).isEqualTo("false");
        assertThat(SERVICES_NODE.path("kafka").path("image").asText()).isEqualTo(TestInfrastructure.KAFKA_IMAGE);
    }

    @Test
    void theTopicsJobCreatesEveryTopicWithThePartitionsTheServicesExpect() {
        JsonNode topics = SERVICES_NODE.path("topics");
        Map<String, String> env = environment(topics);
        Set<String> plain = new TreeSet<>(Arrays.asList(env.get("TOPICS").trim().split("\\s+")));
        Set<String> compacted = new TreeSet<>(Arrays.asList(env.get("COMPACTED_TOPICS").trim().split("\\s+")));
        assertThat(compacted).isEqualTo(new TreeSet<>(Topics.COMPACTED));
        Set<String> all = new TreeSet<>(plain);
        all.addAll(compacted);
        assertThat(all).isEqualTo(new TreeSet<>(Topics.all()));
        assertThat(Integer.parseInt(env.get("PARTITIONS"))).isEqualTo(KafkaBroker.PARTITIONS);
        assertThat(env.get("BOOTSTRAP")).isEqualTo(internalKafkaListener());
        String script = topics.path("command").get(0).asText();
        assertThat(script).contains("for topic in $$TOPICS").contains("for topic in $$COMPACTED_TOPICS")
                .contains("--partitions \"$$PARTITIONS\"").contains("cleanup.policy=compact");
    }

    @Test
    void monitoringIsProvisionedFromTheRepositoryFiles() {
        assertThat(mounts("prometheus")).containsEntry("/etc/prometheus", ROOT.resolve("ops/prometheus"));
        assertThat(mounts("grafana")).containsEntry("/etc/grafana/provisioning", ROOT.resolve("ops/grafana/provisioning"))
                .containsEntry("/var/lib/grafana/dashboards", ROOT.resolve("ops/grafana/dashboards"));
        assertThat(SERVICES_NODE.path("prometheus").path("command").toString()).contains("--config.file=/etc/prometheus/prometheus.yml");
        assertThat(ROOT.resolve("ops/prometheus/prometheus.yml")).isRegularFile();
        String home = environment(SERVICES_NODE.path("grafana")).get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
        assertThat(ROOT.resolve("ops/grafana/dashboards").resolve(Path.of("/var/lib/grafana/dashboards").relativize(Path.of(home)))).isRegularFile();
    }

    /** Secrets come from .env (git-ignored); every variable the file needs without a default is in .env.example. */
    @Test
    void secretsComeFromAnUncommittedEnvFileWhoseExampleListsEveryVariable() throws IOException {
        assertThat(Files.readAllLines(ROOT.resolve(".gitignore"))).contains(".env");
        Set<String> example = new TreeSet<>();
        for (String line : Files.readAllLines(ROOT.resolve(".env.example"))) {
            Matcher m = Pattern.compile("^#?\\s*([A-Z][A-Z0-9_]*)=").matcher(line);
            if (m.find()) {
                example.add(m.group(1));
            }
        }
        Set<String> used = new TreeSet<>();
        Matcher m = Pattern.compile("(?<!\\$)\\$\\{([A-Z][A-Z0-9_]*)").matcher(Files.readString(COMPOSE));
        while (m.find()) {
            used.add(m.group(1));
        }
        assertThat(used).contains("POSTGRES_PASSWORD", "GRAFANA_ADMIN_PASSWORD", "FAITH_PAIR_BUILDER_API_TOKEN");
        assertThat(example).containsAll(used).contains("OPENAI_API_KEY", "ANTHROPIC_API_KEY");
        String text = Files.readString(COMPOSE);
        assertThat(text).doesNotContainPattern("(?i)(password|token|api_key):\\s*[\"']?[A-Za-z0-9]");
        for (String service : List.of("model-caller", "grader")) {
            assertThat(SERVICES_NODE.path(service).path("env_file").asText()).isEqualTo(".env");
        }
    }

    static String internalKafkaListener() {
        String advertised = environment(SERVICES_NODE.path("kafka")).get("KAFKA_ADVERTISED_LISTENERS");
        return Arrays.stream(advertised.split(",")).filter(l -> l.startsWith("INTERNAL://")).map(l -> l.substring("INTERNAL://".length()))
                .findFirst().orElseThrow();
    }

    static Map<String, String> environment(JsonNode service) {
        Map<String, String> env = new HashMap<>();
        JsonNode node = service.path("environment");
        if (node.isArray()) {
            node.forEach(e -> {
                String[] kv = e.asText().split("=", 2);
                env.put(kv[0], kv.length > 1 ? kv[1] : "");
            });
        } else {
            OpsFiles.fields(node).forEach((k, v) -> env.put(k, v.asText()));
        }
        return env;
    }

    static Map<String, Path> mounts(String service) {
        Map<String, Path> mounts = new HashMap<>();
        SERVICES_NODE.path(service).path("volumes").forEach(v -> {
            String[] parts = v.asText().split(":");
            if (parts[0].startsWith(".")) {
                mounts.put(parts[1], ROOT.resolve(parts[0]).normalize());
            }
        });
        return mounts;
    }

    /** The host port of a mapping: "127.0.0.1:5432:5432" -> 5432 (one port per host, whatever address it binds). */
    static String hostPort(String mapping) {
        String[] parts = mapping.split(":");
        return parts[parts.length - 2];
    }
}
