package io.faithwatch.events.rest;

import java.lang.reflect.Parameter;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.faithwatch.events.EventFormatException;

/**
 * Every refusal of every service's REST API as a {@link Problem}: a {@link ProblemException} with its status, a
 * request that breaks an event's contract or a Bean Validation constraint as 400 naming the field and the value, a body
 * that is not JSON or has a field of the wrong JSON type as 400 naming it, a query or path parameter that is not of its
 * type as 400 naming it, and whatever else the framework refuses (unknown path, wrong method) with its own status. The services index
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

    /**
     * What the framework refuses: a body that is not JSON (nested too deep, too long a string, cut short) as a 400
     * saying so, a query or path parameter that is not of its type (JAX-RS says 404) as a 400 naming the parameter and
     * the value, anything else with its own status.
     */
    @ServerExceptionMapper
    public Response framework(WebApplicationException e, UriInfo uri, ResourceInfo resource) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (e.getCause() instanceof MismatchedInputException mismatch) {
            return mismatched(mismatch, uri);
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return notJson(json, uri);
        }
        if (status == 404 && e.getCause() != null) {
            Response parameter = unconvertible(uri, resource);
            if (parameter != null) {
                return parameter;
            }
        }
        if (status == 404 && (resource == null || resource.getResourceMethod() == null)) {
            return Problem.of(404, "no resource at " + Problem.quote(path(uri)) + " (the API is described at /q/openapi)", null, path(uri)).response();
        }
        return Problem.of(status, e.getMessage(), null, path(uri)).response();
    }

    /** A body that is not JSON: where it breaks, or the bound it passes (nesting depth, string length). */
    @ServerExceptionMapper
    public Response notJson(JsonProcessingException e, UriInfo uri) {
        if (e instanceof MismatchedInputException mismatch) {
            return mismatched(mismatch, uri);
        }
        return Problem.of(400, "body: not JSON (" + e.getOriginalMessage() + located(e) + ")", "body", path(uri)).response();
    }

    /** A field of a request body of the wrong JSON type ({@code hintLetter: must be a string, was an array}). */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        String field = jsonPath(e);
        if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token")) {
            return Problem.of(400, "body: more JSON follows the body's value (one JSON value is expected)", "body", path(uri)).response();
        }
        String expected = expected(e.getTargetType());
        String detail = (field == null ? "body" : field) + ": " + (expected == null ? e.getOriginalMessage() : "must be " + expected
                + found(e.getOriginalMessage()));
        return Problem.of(400, detail, field == null ? "body" : field, path(uri)).response();
    }

    private static String located(JsonProcessingException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 0 ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    /** {@code rollouts[3].step}, or null when the whole body is to blame. */
    static String jsonPath(com.fasterxml.jackson.databind.JsonMappingException e) {
        String path = e.getPath().stream().map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining());
        return path.isEmpty() ? null : path.replaceFirst("^\\.", "");
    }

    /** The JSON a Java type is read from, in words; null for a type this cannot tell. */
    static String expected(Class<?> type) {
        if (type == null) {
            return null;
        }
        if (type == String.class || type == Character.class || type == char.class || type.isEnum()) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class || type == Short.class || type == short.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (type.isRecord() || java.util.Map.class.isAssignableFrom(type)) {
            return "an object";
        }
        return null;
    }

    private static final java.util.regex.Pattern FROM = java.util.regex.Pattern.compile(
            "from (Array|Object|String|Integer|Floating-point|Boolean|Null)(?: value)?(?: \\(token `[^`]*`\\))?(?: (\"[^\"]{0,80}\"?|\\([^)]{0,80}\\)))?");
    private static final java.util.regex.Pattern COERCE = java.util.regex.Pattern.compile(
            "Cannot coerce (String|Integer|Floating-point|Boolean) value \\(([^)]{0,80})\\)");

    /** {@code , was an array} from Jackson's message, or nothing when it does not say. */
    static String found(String message) {
        if (message == null) {
            return "";
        }
        java.util.regex.Matcher coerce = COERCE.matcher(message);
        if (coerce.find()) {
            return ", was " + kind(coerce.group(1)) + " " + Problem.oneLine(coerce.group(2));
        }
        java.util.regex.Matcher from = FROM.matcher(message);
        if (from.find()) {
            return ", was " + kind(from.group(1)) + (from.group(2) == null ? "" : " " + Problem.oneLine(from.group(2)));
        }
        return "";
    }

    private static String kind(String jackson) {
        return switch (jackson) {
            case "Array" -> "an array";
            case "Object" -> "an object";
            case "String" -> "a string";
            case "Integer" -> "an integer";
            case "Floating-point" -> "a number";
            case "Boolean" -> "a boolean";
            default -> "null";
        };
    }

    /**
     * The first query or path parameter of the matched method whose value is not of its type: JAX-RS answers such a
     * request 404, which would tell the client that the resource does not exist.
     */
    static Response unconvertible(UriInfo uri, ResourceInfo resource) {
        if (uri == null || resource == null || resource.getResourceMethod() == null) {
            return null;
        }
        for (Parameter parameter : resource.getResourceMethod().getParameters()) {
            QueryParam query = parameter.getAnnotation(QueryParam.class);
            PathParam pathParam = parameter.getAnnotation(PathParam.class);
            String name = query != null ? query.value() : pathParam != null ? pathParam.value() : null;
            if (name == null) {
                continue;
            }
            List<String> values = query != null ? uri.getQueryParameters().get(name) : uri.getPathParameters().get(name);
            for (String value : values == null ? List.<String> of() : values) {
                String expected = convertible(parameter.getType(), value);
                if (expected != null) {
                    return Problem.of(400, name + ": must be " + expected + ", was " + Problem.quote(value), name, path(uri)).response();
                }
            }
        }
        return null;
    }

    /** Null when the value reads as the type, else what it must be. */
    private static String convertible(Class<?> type, String value) {
        try {
            if (type == int.class || type == Integer.class) {
                Integer.parseInt(value);
            } else if (type == long.class || type == Long.class) {
                Long.parseLong(value);
            } else if (type == double.class || type == Double.class) {
                Double.parseDouble(value);
            } else {
                return null;
            }
            return null;
        } catch (NumberFormatException e) {
            return type == double.class || type == Double.class ? "a number" : "an integer";
        }
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
        return Problem.quote(value);
    }
}
