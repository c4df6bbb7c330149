package io.faithwatch.pairbuilder.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import io.faithwatch.events.rest.Problem;

/** The intake's bearer token ({@code faith.pair-builder.api-token}): one check for every endpoint that publishes. */
final class BearerToken {
    private BearerToken() {
    }

    /** Constant-time comparison, so that the token cannot be guessed from response times; no token configured lets anyone in. */
    static boolean authorized(Optional<String> configured, String authorization) {
        Optional<String> apiToken = configured.filter(token -> !token.isBlank());
        if (apiToken.isEmpty()) {
            return true;
        }
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8),
                apiToken.get().getBytes(StandardCharsets.UTF_8));
    }

    /** The 401 problem, with the challenge. */
    static Response refused(String authorization, String instance) {
        return Response.fromResponse(Problem.of(401, authorization == null ? "missing bearer token" : "invalid bearer token",
                HttpHeaders.AUTHORIZATION, instance).response()).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }
}
