package io.faithwatch.events.rest;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The path and query parameters of every service's API are ids, names and small values: one that holds a control
 * character ({@code %00}, a line break) or is longer than {@value #LONGEST} characters is refused with a 400 naming the
 * parameter, before the resource looks anything up with it (PostgreSQL refuses a NUL in a query, a log line would break).
 * Applies to every service that indexes this module, like {@link ProblemMappers}.
 */
public final class RequestParameters {
    /** Longest parameter value: an id of events is at most 1,000 characters. */
    public static final int LONGEST = 1000;

    @ServerRequestFilter
    public Optional<Response> check(ContainerRequestContext request) {
        String path = "/" + request.getUriInfo().getPath().replaceFirst("^/", "");
        return refused(request.getUriInfo().getPathParameters(), path).or(() -> refused(request.getUriInfo().getQueryParameters(), path));
    }

    static Optional<Response> refused(MultivaluedMap<String, String> parameters, String path) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            for (String value : parameter.getValue()) {
                String problem = problem(value);
                if (problem != null) {
                    String name = Problem.oneLine(parameter.getKey());
                    return Optional.of(Problem.of(400, name + ": " + problem + ", was " + Problem.quote(value), name, path).response());
                }
            }
        }
        return Optional.empty();
    }

    /** What is wrong with a value, or null. */
    static String problem(String value) {
        if (value == null) {
            return null;
        }
        if (value.length() > LONGEST) {
            return "must be at most " + LONGEST + " characters";
        }
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "must not hold control characters";
        }
        return null;
    }
}
