package io.faithwatch.events.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

import jakarta.ws.rs.core.Response;

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

    public static Problem of(int status, String detail, String field, String instance) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return new Problem("about:blank", known == null ? "HTTP " + status : known.getReasonPhrase(), status, detail, instance, field);
    }

    /** The problem as a response of its status and media type. */
    public Response response() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
