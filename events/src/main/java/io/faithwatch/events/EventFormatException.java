package io.faithwatch.events;

/** An event or request that does not follow the contract. The message always names the field. */
public class EventFormatException extends IllegalArgumentException {
    private final String field;

    public EventFormatException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    public EventFormatException(String message) {
        super(message);
        this.field = null;
    }

    public EventFormatException(String message, Throwable cause) {
        super(message, cause);
        this.field = null;
    }

    private EventFormatException(String message, String field, boolean unused) {
        super(message);
        this.field = field;
    }

    /** A message that already names the field ({@code Verdict does not follow its schema: $.step: ...}), and the field alone. */
    public static EventFormatException naming(String field, String message) {
        return new EventFormatException(message, field, true);
    }

    /** The offending field, when one field is to blame. */
    public String field() {
        return field;
    }
}
