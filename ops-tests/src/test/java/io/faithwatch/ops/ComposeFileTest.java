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
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.faithwatch.events.KafkaAccess;
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

    /** A password in the file is a variable of .env: {@code ${FAITH_KAFKA_<NAME>_PASSWORD:?...}}, never a value. */
    static final Pattern PASSWORD_VARIABLE = Pattern.compile("\\$\\{(FAITH_KAFKA_[A-Z_]+_PASSWORD)(:\\?[^}]*)?}");

    /** The .env variable of a principal's password: grader -> FAITH_KAFKA_GRADER_PASSWORD. */
    static String passwordVariable(String principal) {
        return "FAITH_KAFKA_" + principal.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_PASSWORD";
    }

    @Test
    void kafkaTakesNoAnonymousClientAndItsAclsDecideWhatEachPrincipalMayDo() {
        JsonNode kafka = SERVICES_NODE.path("kafka");
        Map<String, String> env = environment(kafka);
        Map<String, String> protocols = new TreeMap<>();
        for (String entry : env.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP").split(",")) {
            String[] kv = entry.split(":");
            protocols.put(kv[0], kv[1]);
        }
        Set<String> listeners = new TreeSet<>();
        for (String listener : env.get("KAFKA_LISTENERS").split(",")) {
            listeners.add(listener.substring(0, listener.indexOf("://")));
        }
        assertThat(protocols.keySet()).isEqualTo(listeners).contains("INTERNAL", "EXTERNAL", "CONTROLLER");
        assertThat(protocols.values()).as("no listener takes clients without signing in").allSatisfy(p -> assertThat(p).startsWith("SASL_"));
        // Clients sign in with SCRAM; admin (INTERNAL only, not reachable from the host) and the controller with PLAIN.
        assertThat(env.get("KAFKA_SASL_ENABLED_MECHANISMS")).isEqualTo(KafkaAccess.MECHANISM);
        assertThat(env.get("KAFKA_LISTENER_NAME_EXTERNAL_SASL_ENABLED_MECHANISMS")).isEqualTo(KafkaAccess.MECHANISM);
        assertThat(env.get("KAFKA_LISTENER_NAME_INTERNAL_SASL_ENABLED_MECHANISMS").split(",")).containsExactlyInAnyOrder(KafkaAccess.MECHANISM, "PLAIN");
        assertThat(env.get("KAFKA_LISTENER_NAME_CONTROLLER_SASL_ENABLED_MECHANISMS")).isEqualTo("PLAIN");
        assertThat(env.get("KAFKA_SASL_MECHANISM_CONTROLLER_PROTOCOL")).isEqualTo("PLAIN");
        assertThat(env.get("KAFKA_LISTENER_NAME_INTERNAL_PLAIN_SASL_JAAS_CONFIG")).contains("username=\"admin\"")
                .containsPattern("user_admin=\"\\$\\{FAITH_KAFKA_ADMIN_PASSWORD").doesNotContain("user_controller");
        assertThat(env.get("KAFKA_LISTENER_NAME_CONTROLLER_PLAIN_SASL_JAAS_CONFIG")).contains("username=\"controller\"")
                .containsPattern("user_controller=\"\\$\\{FAITH_KAFKA_CONTROLLER_PASSWORD").doesNotContain("user_admin");
        assertThat(env).doesNotContainKey("KAFKA_LISTENER_NAME_EXTERNAL_PLAIN_SASL_JAAS_CONFIG");
        String controllerPort = env.get("KAFKA_LISTENERS").replaceAll(".*CONTROLLER://[^:]*:(\\d+).*", "$1");
        kafka.path("ports").forEach(p -> assertThat(hostPort(p.asText())).as("the controller listener is not published").isNotEqualTo(controllerPort));
        assertThat(env.get("KAFKA_AUTHORIZER_CLASS_NAME")).isEqualTo("org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        assertThat(env.get("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND")).isEqualTo("false");
        assertThat(env.get("KAFKA_SUPER_USERS").split(";")).containsExactlyInAnyOrder("User:admin", "User:controller");
        // The health check signs in too.
        assertThat(kafka.path("healthcheck").path("test").toString()).contains("--command-config").contains("$$FAITH_KAFKA_ADMIN_PASSWORD");
        assertThat(env.get("FAITH_KAFKA_ADMIN_PASSWORD")).matches(PASSWORD_VARIABLE.pattern()).contains("FAITH_KAFKA_ADMIN_PASSWORD");
    }

    /** GRANTS of the topics job, one line per principal and right: principal -> right -> topics or groups. */
    static Map<String, Map<String, Set<String>>> composeGrants() {
        Map<String, Map<String, Set<String>>> grants = new TreeMap<>();
        for (String line : environment(SERVICES_NODE.path("topics")).get("GRANTS").split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] words = line.trim().split("\\s+");
            assertThat(words.length).as("GRANTS line '%s': a principal, a right, at least one name", line).isGreaterThanOrEqualTo(3);
            Set<String> names = grants.computeIfAbsent(words[0], p -> new TreeMap<>()).computeIfAbsent(words[1], r -> new TreeSet<>());
            names.addAll(Arrays.asList(words).subList(2, words.length));
        }
        return grants;
    }

    /** KafkaAccess in the rights of GRANTS: what each principal reads, writes, joins and joins by prefix. */
    static Map<String, Map<String, Set<String>>> kafkaAccessGrants() {
        Map<String, Map<String, Set<String>>> grants = new TreeMap<>();
        for (KafkaAccess.Grant grant : KafkaAccess.all()) {
            Map<String, Set<String>> rights = new TreeMap<>();
            Map.of("reads", grant.reads(), "writes", grant.writes(), "joins", grant.groups(), "joins-prefix", grant.groupPrefixes())
                    .forEach((right, names) -> {
                        if (!names.isEmpty()) {
                            rights.put(right, new TreeSet<>(names));
                        }
                    });
            grants.put(grant.principal(), rights);
        }
        return grants;
    }

    @Test
    void theTopicsJobGivesEachPrincipalExactlyItsRightsInKafkaAccess() {
        assertThat(composeGrants()).as("GRANTS of the topics job").isEqualTo(kafkaAccessGrants());
        JsonNode topics = SERVICES_NODE.path("topics");
        String script = topics.path("command").get(0).asText();
        // What each right of GRANTS means on the broker, and that every line of GRANTS is applied as the principal's.
        assertThat(script).contains("reads) kind=--topic; operations=(--operation Read --operation Describe) ;;")
                .contains("writes) kind=--topic; operations=(--operation Write --operation Describe) ;;")
                .contains("joins) kind=--group; operations=(--operation Read) ;;")
                .contains("joins-prefix) kind=--group; operations=(--operation Read --resource-pattern-type prefixed) ;;")
                .contains("*) echo \"unknown right")
                .contains("for name in $$names; do resources+=(\"$$kind\" \"$$name\"); done")
                .contains("kafka-acls.sh \"$${admin[@]}\" --add --allow-principal \"User:$$user\" \"$${operations[@]}\" \"$${resources[@]}\"")
                .contains("done <<< \"$$GRANTS\"")
                .doesNotContain("--deny-principal").doesNotContain("--cluster").doesNotContain("'*'");
        // Every principal's SCRAM credential, its password from FAITH_KAFKA_<PRINCIPAL>_PASSWORD.
        assertThat(script).contains("for user in $$(awk '{ print $$1 }' <<< \"$$GRANTS\" | sort -u)")
                .contains("variable=\"FAITH_KAFKA_$$(tr 'a-z-' 'A-Z_' <<< \"$$user\")_PASSWORD\"")
                .contains("--entity-type users --entity-name \"$$user\"")
                .contains("--add-config \"" + KafkaAccess.MECHANISM + "=[password=$${!variable}]\"");
        // As admin, over SASL/PLAIN on the internal listener.
        assertThat(script).contains("username=\"admin\" password=\"%s\"").contains("\"$$FAITH_KAFKA_ADMIN_PASSWORD\" > /tmp/admin.properties")
                .contains("admin=(--bootstrap-server \"$$BOOTSTRAP\" --command-config /tmp/admin.properties)")
                .doesNotContain("kafka-topics.sh --bootstrap-server");
        Map<String, String> env = environment(topics);
        Set<String> passwords = new TreeSet<>();
        env.forEach((name, value) -> {
            if (name.endsWith("_PASSWORD")) {
                passwords.add(name);
                Matcher m = PASSWORD_VARIABLE.matcher(value);
                assertThat(m.matches() && m.group(1).equals(name)).as(name + " is the .env variable of that name: " + value).isTrue();
            }
        });
        Set<String> expected = new TreeSet<>(Set.of("FAITH_KAFKA_ADMIN_PASSWORD"));
        KafkaAccess.all().forEach(grant -> expected.add(passwordVariable(grant.principal())));
        assertThat(passwords).isEqualTo(expected);
    }

    @ParameterizedTest
    @FieldSource("FAITH_SERVICES")
    void eachServiceSignsInToKafkaAsItsOwnPrincipal(String name) {
        Map<String, String> env = environment(SERVICES_NODE.path(name));
        assertThat(env.get("KAFKA_SECURITY_PROTOCOL")).isEqualTo("SASL_PLAINTEXT");
        assertThat(env.get("KAFKA_SASL_MECHANISM")).isEqualTo(KafkaAccess.MECHANISM);
        Matcher jaas = Pattern.compile("org\\.apache\\.kafka\\.common\\.security\\.scram\\.ScramLoginModule required username=\"([^\"]+)\" password=\"([^\"]+)\";")
                .matcher(env.get("KAFKA_SASL_JAAS_CONFIG"));
        assertThat(jaas.matches()).as(name + ": " + env.get("KAFKA_SASL_JAAS_CONFIG")).isTrue();
        assertThat(jaas.group(1)).isEqualTo(KafkaAccess.of(name).principal());
        Matcher password = PASSWORD_VARIABLE.matcher(jaas.group(2));
        assertThat(password.matches()).as(name + "'s password comes from .env").isTrue();
        assertThat(password.group(1)).isEqualTo(passwordVariable(name));
        assertThat(environment(SERVICES_NODE.path("topics"))).as("the topics job gives " + name + " that password")
                .containsKey(passwordVariable(name));
    }

    /** Every password in the file is a variable of .env, and every Kafka password variable has an entry in .env.example. */
    @Test
    void kafkaPasswordsComeOnlyFromVariables() throws IOException {
        String text = Files.readString(COMPOSE);
        Matcher m = Pattern.compile("(?:password|user_[a-z]+)=\"([^\"]*)\"").matcher(text);
        int found = 0;
        while (m.find()) {
            found++;
            assertThat(m.group(1)).as("a password in docker-compose.yml").satisfiesAnyOf(
                    p -> assertThat(p).matches(PASSWORD_VARIABLE.pattern()), p -> assertThat(p).isEqualTo("%s"));
        }
        assertThat(found).isGreaterThanOrEqualTo(SERVICES.size() + 4);
        Set<String> example = new TreeSet<>();
        for (String line : Files.readAllLines(ROOT.resolve(".env.example"))) {
            if (line.startsWith("FAITH_KAFKA_")) {
                example.add(line.substring(0, line.indexOf('=')));
            }
        }
        Set<String> expected = new TreeSet<>(Set.of("FAITH_KAFKA_ADMIN_PASSWORD", "FAITH_KAFKA_CONTROLLER_PASSWORD"));
        KafkaAccess.all().forEach(grant -> expected.add(passwordVariable(grant.principal())));
        assertThat(example).isEqualTo(expected);
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
        assertThat(example).containsAll(used).doesNotContain("OPENAI_API_KEY", "ANTHROPIC_API_KEY");
        String text = Files.readString(COMPOSE);
        assertThat(text).doesNotContainPattern("(?i)(password|token|api_key):\\s*[\"']?[A-Za-z0-9]");
        // Model API keys come from models.env, so that no service container receives the other principals' passwords of .env.
        assertThat(Files.readString(ROOT.resolve("models.env.example"))).contains("OPENAI_API_KEY=", "ANTHROPIC_API_KEY=")
                .doesNotContainPattern("(?m)^(FAITH_|POSTGRES|GRAFANA)");
        assertThat(Files.readString(ROOT.resolve(".gitignore"))).containsPattern("(?m)^models\\.env$");
        SERVICES_NODE.fields().forEachRemaining(service -> {
            for (JsonNode file : service.getValue().path("env_file")) {
                assertThat(file.path("path").asText(file.asText())).as(service.getKey() + " env_file").isEqualTo("models.env");
            }
            assertThat(service.getValue().path("env_file").isTextual()).as(service.getKey() + " env_file").isFalse();
        });
        for (String service : List.of("model-caller", "grader")) {
            assertThat(SERVICES_NODE.path(service).path("env_file").path(0).path("path").asText()).isEqualTo("models.env");
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
