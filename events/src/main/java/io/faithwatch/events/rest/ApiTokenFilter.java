package io.faithwatch.events.rest;

import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The token check of every service's HTTP API ({@link ApiTokens}), before anything else: before the path is matched
 * and the body read, so that a call without its token learns nothing (not even whether the path exists) and costs
 * nothing. Like {@link ProblemMappers}, it applies to every service that indexes this module; each service produces its
 * {@link ApiTokens} from its own settings ({@code faith.<service>.api-token}, {@code faith.<service>.read-token}).
 */
public final class ApiTokenFilter {
    private final ApiTokens tokens;

    @Inject
    public ApiTokenFilter(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION)
    public Optional<Response> check(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        return Optional.ofNullable(tokens.refusal(request.getMethod(), path, request.getHeaderString(HttpHeaders.AUTHORIZATION),
                "/" + path.replaceFirst("^/", "")));
    }
}
