package io.faithwatch.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * The JSON contract of the events: one codec for every service. Decoding checks the event against its JSON Schema
 * first, so that an error names the field ({@code $.step: string found, integer expected}); unknown extra fields are
 * tolerated so that older consumers read newer producers.
 */
public final class Events {
    /** The schema version this build writes and reads. */
    public static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    /** Schema file of each event, beside the records under {@code io/faithwatch/events/schema/}. */
    public static final Map<Class<?>, String> SCHEMA_FILES = Map.of(
            CheckpointRequested.class, "checkpoint-requested.schema.json",
            PairCreated.class, "pair-created.schema.json",
            PairAnswered.class, "pair-answered.schema.json",
            Verdict.class, "verdict.schema.json",
            CheckpointScored.class, "checkpoint-scored.schema.json",
            RolloutObserved.class, "rollout-observed.schema.json",
            RolloutJudged.class, "rollout-judged.schema.json");

    static final String SCHEMA_BASE_URI = "https://faithwatch.io/schema/";

    private static final Map<Class<?>, JsonSchema> SCHEMAS = loadSchemas();

    private Events() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    static void checkVersion(int version) {
        if (version != SCHEMA_VERSION) {
            throw new EventFormatException("schemaVersion", "unsupported version " + version + " (this build reads " + SCHEMA_VERSION + ")");
        }
    }

    public static String encode(Object event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + event.getClass().getSimpleName(), e);
        }
    }

    /** Reads one event, checking it against its schema and its record's invariants. */
    public static <T> T decode(String json, Class<T> type) {
        JsonNode tree = parse(json, type);
        Set<ValidationMessage> problems = schema(type).validate(tree);
        if (!problems.isEmpty()) {
            List<ValidationMessage> sorted = problems.stream().sorted(Comparator.comparing(Events::describe)).toList();
            throw EventFormatException.naming(field(sorted.get(0)), type.getSimpleName() + " does not follow its schema: " + sorted.stream()
                    .map(Events::describe)
                    .collect(Collectors.joining("; ")));
        }
        return bind(tree, type);
    }

    /**
     * Reads one record of a topic a service consumes: a record without a key is refused before its value is read. Every
     * such topic is keyed ({@link Topics}: by checkpoint and question, by run): a record without a key lands on any
     * partition, out of order with the records it belongs with.
     */
    public static <T> T decode(String key, String json, Class<T> type) {
        if (key == null || key.isEmpty()) {
            throw new EventFormatException("key", "the record has no key (" + type.getSimpleName() + " records are keyed: "
                    + KEYS.getOrDefault(type, "see Topics") + ")");
        }
        return decode(json, type);
    }

    private static final Map<Class<?>, String> KEYS = Map.of(
            CheckpointRequested.class, "checkpointId",
            PairCreated.class, "checkpointId/questionId",
            PairAnswered.class, "checkpointId/questionId",
            Verdict.class, "checkpointId/questionId",
            RolloutObserved.class, "runId",
            RolloutJudged.class, "runId");

    /** Reads a request body: the same record checks as {@link #decode} but without the event schema (no schemaVersion). */
    public static <T> T bind(JsonNode tree, Class<T> type) {
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause();
            if (cause instanceof EventFormatException formatProblem) {
                throw formatProblem;
            }
            throw new EventFormatException(type.getSimpleName() + ": " + (cause == null ? e.getOriginalMessage() : cause.getMessage()), e);
        } catch (JsonProcessingException e) {
            throw new EventFormatException(type.getSimpleName() + ": " + describe(e), e);
        }
    }

    public static JsonNode parse(String json, Class<?> type) {
        if (json == null) {
            throw new EventFormatException(type.getSimpleName() + ": empty record (no value)");
        }
        try {
            JsonNode tree = MAPPER.readTree(json);
            if (tree == null || !tree.isObject()) {
                throw new EventFormatException(type.getSimpleName() + ": not a JSON object");
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw new EventFormatException(type.getSimpleName() + ": not JSON (" + e.getOriginalMessage() + ")", e);
        }
    }

    static JsonSchema schema(Class<?> type) {
        JsonSchema schema = SCHEMAS.get(type);
        if (schema == null) {
            throw new IllegalArgumentException(type + " is not an event");
        }
        return schema;
    }

    /** The schema text of an event, as published beside the records. */
    public static String schemaText(Class<?> type) {
        try (InputStream in = Events.class.getResourceAsStream("schema/" + SCHEMA_FILES.get(type))) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The field a schema's message is about ({@code pair.step}, {@code cueDescription} when required), or null for the whole event. */
    static String field(ValidationMessage problem) {
        String at = problem.getInstanceLocation() == null ? "$" : problem.getInstanceLocation().toString();
        String path = at.replaceFirst("^\\$\\.?", "");
        if ("required".equals(problem.getType()) && problem.getProperty() != null) {
            path = path.isEmpty() ? problem.getProperty() : path + "." + problem.getProperty();
        }
        return path.isEmpty() ? null : path;
    }

    /** The schema's message, which names the field, and the offending value (shortened), except for a missing field. */
    private static String describe(ValidationMessage problem) {
        JsonNode value = problem.getInstanceNode();
        if ("required".equals(problem.getType()) || value == null || value.isContainerNode() && !"type".equals(problem.getType())) {
            return problem.getMessage();
        }
        String text = value.toString();
        return problem.getMessage() + " (was " + (text.length() > 60 ? text.substring(0, 60) + "..." : text) + ")";
    }

    private static String describe(JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            return field + ": " + e.getOriginalMessage();
        }
        return e.getOriginalMessage();
    }

    private static Map<Class<?>, JsonSchema> loadSchemas() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(SCHEMA_BASE_URI, "classpath:io/faithwatch/events/schema/")));
        return SCHEMA_FILES.entrySet().stream().collect(Collectors.toUnmodifiableMap(
                Map.Entry::getKey,
                e -> factory.getSchema(java.net.URI.create(SCHEMA_BASE_URI + e.getValue()))));
    }
}
