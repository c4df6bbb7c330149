package io.faithwatch.scorer.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.faithwatch.events.EventFormatException;
import io.faithwatch.scorer.store.Scores;

/** Errors as {"error": "..."} naming the field and the value: 400 for a bad parameter, 404 for an unknown id. */
public class ErrorMappers {
    public record Error(String error) {
    }

    @ServerExceptionMapper
    public Response badParameter(EventFormatException e) {
        return Response.status(400).type(MediaType.APPLICATION_JSON).entity(new Error(e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response unknown(Scores.UnknownException e) {
        return Response.status(404).type(MediaType.APPLICATION_JSON).entity(new Error(e.getMessage())).build();
    }
}
