package io.faithwatch.modelclients;

/**
 * Turns the lines of a {@code text/event-stream} body into events, as the HTML server-sent events rules say: a blank
 * line ends an event, {@code event:} names it, {@code data:} lines are joined with newlines, lines starting with
 * {@code :} are comments (keep-alives), {@code id:} and {@code retry:} are ignored. Not thread-safe: one per stream.
 */
final class ServerSentEvents {
    /** One event: its name ({@code message} when the server named none) and its data. */
    record Event(String name, String data) {
    }

    private String name;
    private StringBuilder data;

    /** The event this line completes, or null. */
    Event line(String line) {
        if (line.isEmpty()) {
            return dispatch();
        }
        if (line.startsWith(":")) {
            return null;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> name = value;
            case "data" -> {
                if (data == null) {
                    data = new StringBuilder(value);
                } else {
                    data.append('\n').append(value);
                }
            }
            default -> {
                // id, retry and unknown fields carry nothing a reply needs
            }
        }
        return null;
    }

    /**
     * The event still open when the body ended. The rules would drop it; a server that omits the blank line after its
     * last event would then never finish, so it is kept.
     */
    Event end() {
        return dispatch();
    }

    private Event dispatch() {
        Event event = data == null ? null : new Event(name == null || name.isEmpty() ? "message" : name, data.toString());
        name = null;
        data = null;
        return event;
    }
}
