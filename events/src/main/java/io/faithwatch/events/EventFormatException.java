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

    /** The offending field, when one field is to blame. */
    public String field() {
        return field;
    }
}
