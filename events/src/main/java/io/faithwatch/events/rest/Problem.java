package io.faithwatch.events.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

import jakarta.ws.rs.core.Response;

import io.faithwatch.events.Wire;

/**
 * The one error body of every service's REST API: RFC 9457 problem details ({@code application/problem+json}). The
 * detail says what is wrong in one line, naming the field and the value; {@code field} names the offending field alone
 * when one is to blame, so that a client can point at it.
 *
 * @param type {@code about:blank}: the status says what kind of problem it is
 * @param title the status's reason phrase
 * @param instance the path of the request
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, String field) {
    public static final String MEDIA_TYPE = "application/problem+json";

    /**
     * The detail, field and instance are made one line each (a control character shows as a backslash-u escape) and
     * the instance and field are cut to 200 characters: they quote what the client sent, which may be anything.
     */
    public static Problem of(int status, String detail, String field, String instance) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return new Problem("about:blank", known == null ? "HTTP " + status : known.getReasonPhrase(), status, oneLine(detail), shorten(oneLine(instance),
                200), shorten(oneLine(field), 200));
    }

    /** A value as a detail quotes it ({@link Wire#quote}): one line, cut past 80 characters with its length. */
    public static String quote(Object value) {
        return Wire.quote(value);
    }

    /** Control characters as backslash-u escapes ({@link Wire#oneLine}). */
    public static String oneLine(String text) {
        return Wire.oneLine(text);
    }

    private static String shorten(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max) + "...";
    }

    /** The problem as a response of its status and media type. */
    public Response response() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
