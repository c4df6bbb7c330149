package io.faithwatch.events;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/** Checks shared by the event records: required fields and lower-case enum names, with errors that name the field. */
public final class Wire {
    private Wire() {
    }

    public static <T> T required(T value, String field) {
        if (value == null) {
            throw new EventFormatException(field, "is required");
        }
        return value;
    }

    public static String requiredText(String value, String field) {
        if (required(value, field).isBlank()) {
            throw new EventFormatException(field, "must not be blank");
        }
        return value;
    }

    /** A count or duration of at least {@code min}. */
    public static long atLeast(long value, long min, String field) {
        if (value < min) {
            throw new EventFormatException(field, (min == 0 ? "must not be negative" : "must be at least " + min) + ", was " + value);
        }
        return value;
    }

    /** The ids every record about one pair carries: its own, its checkpoint's, its run's, its question's and dataset's. */
    public static void pairIds(String pairId, String checkpointId, String runId, String questionId, String dataset) {
        requiredText(pairId, "pairId");
        requiredText(checkpointId, "checkpointId");
        requiredText(runId, "runId");
        requiredText(questionId, "questionId");
        requiredText(dataset, "dataset");
    }

    /** An option letter A, B, ... within the number of options. */
    public static String letter(String value, String field, int numOptions) {
        requiredText(value, field);
        if (value.length() != 1 || value.charAt(0) < 'A' || value.charAt(0) >= 'A' + numOptions) {
            throw new EventFormatException(field, "must be an option letter A-" + (char) ('A' + numOptions - 1) + ", was '" + value + "'");
        }
        return value;
    }

    /** Like {@link #letter} but null is allowed: an answer that could not be parsed. */
    public static String optionalLetter(String value, String field, int numOptions) {
        return value == null ? null : letter(value, field, numOptions);
    }

    public static <E extends Enum<E>> E parse(Class<E> type, String value, String field) {
        Objects.requireNonNull(type);
        if (value == null) {
            throw new EventFormatException(field, "is required");
        }
        try {
            if (value.chars().anyMatch(Wire::isControl)) {
                throw new IllegalArgumentException("a control character");
            }
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            String allowed = Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", "));
            throw new EventFormatException(field, "unknown value " + quote(value) + " (expected one of " + allowed + ")");
        }
    }

    /** Longest value an error quotes in full; a longer one is cut, with its length. */
    public static final int QUOTED = 80;

    /**
     * A value as an error quotes it: {@code 'value'}, on one line (a control character as a backslash-u escape), cut
     * past {@value #QUOTED} characters with its length ({@code 'aaaa...' (10000 characters)}); {@code absent} for null.
     */
    public static String quote(Object value) {
        if (value == null) {
            return "absent";
        }
        String text = value.toString();
        String quoted = "'" + oneLine(text.length() > QUOTED ? text.substring(0, QUOTED) + "..." : text) + "'";
        return text.length() > QUOTED ? quoted + " (" + text.length() + " characters)" : quoted;
    }

    /** Control characters (line breaks included) as backslash-u escapes, so that a message stays one line whatever it quotes. */
    public static String oneLine(String text) {
        if (text == null || text.chars().noneMatch(Wire::isControl)) {
            return text;
        }
        StringBuilder line = new StringBuilder(text.length() + 16);
        text.chars().forEach(c -> line.append(isControl(c) ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return line.toString();
    }

    private static boolean isControl(int c) {
        return c < 0x20 || c == 0x7f;
    }
}
