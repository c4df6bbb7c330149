package io.faithwatch.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.faithwatch.events.Events;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * The bad input of every service's {@code BadInputIT}, as data: what a REST call or a record may carry that no service
 * must take (JSON nested 10,000 deep, ids of 10,000 characters or holding control characters, a record of 1 MB, a record
 * without a key or a value), and how to find what became of a record on a dead-letter topic.
 */
public final class BadInput {
    private BadInput() {
    }

    /** 10,000 nested arrays: past Jackson's bound of 1,000 levels, deep enough to overflow a recursive reader's stack. */
    public static final String DEEP = "[".repeat(10_000) + "]".repeat(10_000);

    /** An id or name with control characters. */
    public static String control(String marker) {
        return marker + "\u0000\u0007\n";
    }

    /** An id of 10,000 characters. */
    public static String overlong(String marker) {
        return marker + "x".repeat(10_000);
    }

    /** A JSON object of about {@code bytes} bytes: one string field. */
    public static String hugeJson(int bytes) {
        return "{\"padding\": \"" + "x".repeat(Math.max(0, bytes - 16)) + "\"}";
    }

    /** A marker unique to one run of a test, to find its records on topics that every test of the JVM shares. */
    public static String marker(String name) {
        return name + "-" + Long.toString(System.nanoTime(), 36);
    }

    /**
     * A record of the matrix: its name, key and value (either may be null), the text its dead letter's reason must hold,
     * and the text by which its dead letter is found (in its key, or in its value when it has no key).
     */
    public record Poison(String name, String key, String value, String reason, String marker) {
        public ProducerRecord<String, String> record(String topic) {
            return new ProducerRecord<>(topic, key, value);
        }

        boolean is(ConsumerRecord<String, String> dead) {
            return key != null ? key.equals(dead.key()) : dead.key() == null && dead.value() != null && dead.value().contains(marker);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * The records every input topic is sent, built from a valid event of the topic ({@code valid}, whose ids hold the
     * marker): not JSON, JSON of the wrong type (an array, a string, a field of the wrong type), nested too deep (bare, and
     * inside the event), of 1 MB (its id), an id with control characters, an id of 10,000 characters, no value, no key.
     *
     * @param idField a field of the event that is an id ({@code pair.pairId}: a field of a field)
     * @param typedField a field of the event, given a value of the wrong type ({@code wrongType})
     */
    public static List<Poison> records(String marker, ObjectNode valid, String idField, String typedField, JsonNode wrongType) {
        List<Poison> records = new ArrayList<>();
        records.add(new Poison("not JSON", marker + "/not-json", "{not json " + marker, "not JSON", marker));
        records.add(new Poison("a JSON array", marker + "/array", "[\"" + marker + "\", 1]", "not a JSON object", marker));
        records.add(new Poison("a JSON string", marker + "/string", "\"" + marker + "\"", "not a JSON object", marker));
        records.add(new Poison(typedField + " of the wrong type", marker + "/typed", with(valid, typedField, wrongType).toString(), "$." + typedField,
                marker));
        records.add(new Poison("10,000 nested arrays", marker + "/deep", DEEP, "nesting depth", marker));
        records.add(new Poison("10,000 nested arrays inside the event", marker + "/deep-inside",
                valid.toString().replaceFirst("\\{", "{\"extra\": " + DEEP + ","), "nesting depth", marker));
        records.add(new Poison("1 MB (its " + idField + ")", marker + "/huge",
                with(valid, idField, Events.mapper().getNodeFactory().textNode(marker + "x".repeat(1_000_000))).toString(), "$." + idField, marker));
        records.add(new Poison(idField + " with control characters", marker + "/control",
                with(valid, idField, Events.mapper().getNodeFactory().textNode(control(marker))).toString(), "$." + idField, marker));
        records.add(new Poison(idField + " of 10,000 characters", marker + "/overlong",
                with(valid, idField, Events.mapper().getNodeFactory().textNode(overlong(marker))).toString(), "$." + idField, marker));
        records.add(new Poison("no value", marker + "/null-value", null, "no value", marker));
        String keyless = marker + "-no-key";
        records.add(new Poison("no key", null, valid.toString().replace(marker, keyless), "key", keyless));
        return records;
    }

    /** The event with a field ({@code pair.pairId}: a field of a field) set to the value. */
    public static ObjectNode with(ObjectNode valid, String field, JsonNode value) {
        ObjectNode copy = valid.deepCopy();
        ObjectNode parent = copy;
        String[] path = field.split("\\.");
        for (int i = 0; i < path.length - 1; i++) {
            parent = (ObjectNode) parent.get(path[i]);
        }
        parent.set(path[path.length - 1], value);
        return copy;
    }

    /** Sends the records, waiting for the broker. */
    public static void send(KafkaCompanion kafka, String topic, List<Poison> records) {
        kafka.produceStrings().fromRecords(records.stream().map(r -> r.record(topic)).toList()).awaitCompletion(Duration.ofSeconds(60));
    }

    /** The dead letter of a record; fails after the timeout. */
    public static ConsumerRecord<String, String> deadLetter(List<ConsumerRecord<String, String>> dead, Poison poison) {
        return dead.stream().filter(poison::is).findFirst().orElseThrow(() -> new AssertionError("no dead letter of " + poison.name()));
    }

    /** The records of a topic whose key or value holds the marker, read from its beginning until {@code count} are found or the timeout passes. */
    public static List<ConsumerRecord<String, String>> holding(KafkaCompanion kafka, String topic, String marker, int count, Duration timeout) {
        var task = kafka.consumeStrings().fromTopics(topic, records -> records.select().where(r -> holds(r, marker)));
        try {
            task.awaitRecords(count, timeout);
        } catch (AssertionError | RuntimeException e) {
            // Fewer than count: the caller says what it expected.
        }
        List<ConsumerRecord<String, String>> found = task.getRecords();
        task.stop();
        return found;
    }

    static boolean holds(ConsumerRecord<String, String> record, String marker) {
        return record.key() != null && record.key().contains(marker) || record.value() != null && record.value().contains(marker);
    }

    /** A reply: status, content type, body; status 0 when the server closed the connection before answering. */
    public record Reply(int status, String contentType, String body, java.util.Map<String, List<String>> headers) {
        /**
         * Fails unless this is the problem (status, problem JSON, a detail of one short line) naming {@code field} (when
         * not null) with a detail that holds {@code detail} (when not null): what every refused call of the matrix gets.
         */
        public void assertProblem(int expectedStatus, String field, String detail) {
            String shown = body.length() > 2000 ? body.substring(0, 2000) : body;
            check(status == expectedStatus, "status " + status + ", expected " + expectedStatus + ": " + shown);
            check(contentType != null && contentType.startsWith("application/problem+json"), "content type " + contentType + ": " + shown);
            JsonNode problem = json();
            String said = problem == null ? "" : problem.path("detail").asText();
            check(!said.contains("\n") && said.length() < 600, "the detail is not one short line: " + said);
            check(detail == null || said.contains(detail), "the detail '" + said + "' does not say '" + detail + "'");
            check(field == null || field.equals(problem.path("field").asText()), "the problem names '" + problem.path("field").asText()
                    + "', not '" + field + "': " + shown);
        }

        private static void check(boolean holds, String failure) {
            if (!holds) {
                throw new AssertionError(failure);
            }
        }

        /** The body as JSON (a problem), or null when it is not JSON. */
        public JsonNode json() {
            try {
                return Events.mapper().readTree(body);
            } catch (Exception e) {
                return null;
            }
        }
    }

    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * A call made as sent, without a client library's help (no request logging that would pretty-print 10,000 nested
     * arrays, no re-encoding of the path): {@code path} is sent as written, percent-escapes included.
     */
    public static Reply call(String base, String method, String path, String body, String authorization) {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(base.replaceFirst("/$", "") + path)).timeout(Duration.ofSeconds(120))
                .method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            var response = HTTP.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body(),
                    response.headers().map());
        } catch (java.io.IOException e) {
            return new Reply(0, "", e.toString(), java.util.Map.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A header's value as text, or null. */
    public static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
