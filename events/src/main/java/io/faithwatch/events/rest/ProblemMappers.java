package io.faithwatch.events.rest;

import java.util.Comparator;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.faithwatch.events.EventFormatException;

/**
 * Every refusal of every service's REST API as a {@link Problem}: a {@link ProblemException} with its status, a
 * request that breaks an event's contract or a Bean Validation constraint as 400 naming the field and the value, and
 * whatever the framework refuses (unknown path, wrong method, unreadable body) with its own status. The services index
 * this module ({@code quarkus.index-dependency.events}) so that these mappers, declared outside any resource, apply to all
 * their resources.
 */
public final class ProblemMappers {
    @ServerExceptionMapper
    public Response refused(ProblemException e, UriInfo uri) {
        return Problem.of(e.status(), e.getMessage(), e.field(), path(uri)).response();
    }

    @ServerExceptionMapper
    public Response breaksTheContract(EventFormatException e, UriInfo uri) {
        return Problem.of(400, e.getMessage(), e.field(), path(uri)).response();
    }

    /** Bean Validation on a request: every violation in the detail, the first one's field as the field. */
    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        var violations = e.getConstraintViolations().stream().sorted(Comparator.comparing(v -> field(v))).toList();
        String detail = violations.stream().map(v -> field(v) + ": " + v.getMessage() + ", was " + value(v.getInvalidValue()))
                .collect(Collectors.joining("; "));
        return Problem.of(400, detail, violations.isEmpty() ? null : field(violations.get(0)), path(uri)).response();
    }

    @ServerExceptionMapper
    public Response framework(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        return Problem.of(status, e.getMessage(), null, path(uri)).response();
    }

    static String path(UriInfo uri) {
        return uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
    }

    /**
     * The field of a request body ({@code hintLetter}), or the query or path parameter ({@code window}): not the method
     * and parameter names Bean Validation puts first.
     */
    static String field(ConstraintViolation<?> violation) {
        String parameter = null;
        StringBuilder property = new StringBuilder();
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.getName();
            } else if (node.getKind() == ElementKind.PROPERTY) {
                property.append(property.isEmpty() ? "" : ".").append(node.getName());
            }
        }
        return !property.isEmpty() ? property.toString() : parameter != null ? parameter : violation.getPropertyPath().toString();
    }

    static String value(Object value) {
        return value == null ? "absent" : "'" + value + "'";
    }
}
