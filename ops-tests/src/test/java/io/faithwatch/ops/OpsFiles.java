package io.faithwatch.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.faithwatch.localstack.RepoRoot;

/** The repository's operations files as Jackson trees, and what the services themselves say in their settings. */
final class OpsFiles {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path ROOT = RepoRoot.find();
    static final Path SCHEMAS = RepoRoot.shared().resolve("schemas");
    static final List<String> SERVICES = List.of("pair-builder", "model-caller", "grader", "scorer");

    private OpsFiles() {
    }

    /** Every document of a YAML file. SnakeYAML itself, because Jackson's YAML reader ignores merge keys ({@code <<:}). */
    static List<JsonNode> yamlDocuments(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<JsonNode> docs = new ArrayList<>();
            for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(in)) {
                if (doc != null) {
                    docs.add(JSON.valueToTree(doc));
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw new AssertionError(ROOT.relativize(file) + " is not valid YAML: " + e.getMessage(), e);
        }
    }

    static JsonNode yaml(Path file) {
        List<JsonNode> docs = yamlDocuments(file);
        if (docs.size() != 1) {
            throw new AssertionError(ROOT.relativize(file) + ": expected one YAML document, found " + docs.size());
        }
        return docs.get(0);
    }

    static ObjectNode json(Path file) {
        try {
            return (ObjectNode) JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A service module's application.properties (the defaults the packaged service runs with). */
    static Properties serviceProperties(String service) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(ROOT.resolve(service).resolve("src/main/resources/application.properties"))) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /**
     * How a service signs in to Kafka (SASL): Quarkus hands every {@code KAFKA_*} variable to all the service's Kafka
     * channels and clients as the {@code kafka.*} setting, whether application.properties names it or not.
     */
    static final Set<String> KAFKA_CLIENT_SETTINGS = Set.of("KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM", "KAFKA_SASL_JAAS_CONFIG");

    /**
     * The environment variable names a service understands, in MicroProfile Config's environment form (e.g.
     * faith.grader.judge-mode -> FAITH_GRADER_JUDGE_MODE): the settings of its config mapping, the framework
     * properties of its application.properties, and the Kafka client settings of how it signs in.
     */
    static Set<String> environmentNames(String service) {
        Set<String> names = new TreeSet<>(KAFKA_CLIENT_SETTINGS);
        Settings.of(service).keySet().stream().filter(name -> !name.contains("*")).map(OpsFiles::environmentName).forEach(names::add);
        Pattern property = Pattern.compile("^#?\\s*([a-z%][A-Za-z0-9.\"_%-]*)\\s*=", Pattern.MULTILINE);
        try {
            Matcher m = property.matcher(Files.readString(ROOT.resolve(service).resolve("src/main/resources/application.properties")));
            while (m.find()) {
                if (!m.group(1).startsWith("%")) {
                    names.add(environmentName(m.group(1)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** The HTTP port a service listens on (quarkus.http.port). */
    static int httpPort(String service) {
        return Integer.parseInt(serviceProperties(service).getProperty("quarkus.http.port"));
    }

    /** The consumer group of the incoming channel that reads {@code topic} in a service, or null. */
    static String consumerGroup(String service, String topic) {
        Properties p = serviceProperties(service);
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("mp.messaging.incoming.") && key.endsWith(".topic") && p.getProperty(key).equals(topic)) {
                return p.getProperty(key.substring(0, key.length() - ".topic".length()) + ".group.id");
            }
        }
        return null;
    }

    static Map<String, JsonNode> fields(JsonNode node) {
        Map<String, JsonNode> fields = new java.util.LinkedHashMap<>();
        node.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue()));
        return fields;
    }
}
