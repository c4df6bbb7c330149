package io.faithwatch.grader.api;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.faithwatch.events.EventFormatException;

/** Errors as {"field": ..., "error": "..."}: 400 for a bad field (named, with its value), 404 for an unknown pair. */
public class ErrorMappers {
    public record Error(String field, String error) {
    }

    @ServerExceptionMapper
    public Response badField(EventFormatException e) {
        return Response.status(400).type(MediaType.APPLICATION_JSON).entity(new Error(e.field(), e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response unknown(NotFoundException e) {
        return Response.status(404).type(MediaType.APPLICATION_JSON).entity(new Error(null, e.getMessage())).build();
    }
}
