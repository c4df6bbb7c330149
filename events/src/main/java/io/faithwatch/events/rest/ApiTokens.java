package io.faithwatch.events.rest;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * The tokens of a service's HTTP API, and the one rule every service applies with them ({@link ApiTokenFilter}):
 * <ul>
 * <li>a <b>write token</b> ({@code faith.<service>.api-token}): when set, every call that changes state (any method but
 * GET, HEAD and OPTIONS) needs it as {@code Authorization: Bearer <token>};
 * <li>a <b>read token</b> ({@code faith.<service>.read-token}): when set, every read (GET, HEAD, OPTIONS: the JSON API
 * and the pages) needs it, or the write token. A read also takes HTTP Basic credentials whose password is either
 * token (the user name is ignored), so that a browser can open the pages: a refused read asks for them.
 * </ul>
 * Where no write token is set but a read token is, a write needs the read token: a call never needs less than a read.
 * {@code /q/} (health, metrics, OpenAPI) never needs a token. Unset or blank, a token is off. Tokens are compared in
 * constant time, so that response times tell nothing about them. Writes take bearer tokens only: a browser never sends
 * one on its own, so a page of another site cannot make a write with credentials the browser remembers.
 */
public final class ApiTokens {
    /** What a request needs. */
    public enum Need {
        NOTHING, READ, WRITE
    }

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private static final String BASIC_CHALLENGE = "Basic realm=\"faithwatch\", charset=\"UTF-8\"";

    private final byte[] write;
    private final byte[] read;

    private ApiTokens(Optional<String> write, Optional<String> read) {
        this.write = bytes(write);
        this.read = bytes(read);
    }

    /** The tokens of a service; an empty or blank one is off. */
    public static ApiTokens of(Optional<String> write, Optional<String> read) {
        return new ApiTokens(write, read);
    }

    /** No token: every call is let in. */
    public static ApiTokens none() {
        return new ApiTokens(Optional.empty(), Optional.empty());
    }

    private static byte[] bytes(Optional<String> token) {
        return token.map(String::trim).filter(t -> !t.isEmpty()).map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null);
    }

    /** What a call of this method on this path (as requested, decoded or not) needs. */
    public static Need need(String method, String path) {
        if (isManagement(path)) {
            return Need.NOTHING;
        }
        return READS.contains(method == null ? "" : method.toUpperCase(Locale.ROOT)) ? Need.READ : Need.WRITE;
    }

    /**
     * {@code /q/...} after the dot segments are resolved ({@code /q/../api/x} is {@code /api/x}); a path that cannot be
     * read is not one.
     */
    static boolean isManagement(String path) {
        if (path == null) {
            return false;
        }
        String normalized;
        try {
            normalized = new URI(null, null, path.startsWith("/") ? path : "/" + path, null).normalize().getPath();
        } catch (URISyntaxException e) {
            return false;
        }
        return normalized.equals("/q") || normalized.startsWith("/q/");
    }

    /**
     * Null when the call may go on; otherwise the 401 problem naming the {@code Authorization} header, with the
     * challenge ({@code WWW-Authenticate: Bearer}, and Basic too for a read).
     *
     * @param authorization the request's {@code Authorization} header, or null
     * @param instance the path of the request, for the problem
     */
    public Response refusal(String method, String path, String authorization, String instance) {
        Need need = need(method, path);
        if (need == Need.NOTHING || need == Need.READ && read == null || need == Need.WRITE && write == null && read == null) {
            return null;
        }
        byte[] presented = need == Need.READ ? presentedForRead(authorization) : bearer(authorization);
        boolean allowed = need == Need.READ ? matches(presented, write) | matches(presented, read)
                : matches(presented, write != null ? write : read);
        if (allowed) {
            return null;
        }
        Response.ResponseBuilder refused = Response.fromResponse(Problem.of(401, authorization == null ? "missing bearer token"
                : "invalid bearer token", HttpHeaders.AUTHORIZATION, instance).response()).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        if (need == Need.READ) {
            refused.header(HttpHeaders.WWW_AUTHENTICATE, BASIC_CHALLENGE);
        }
        return refused.build();
    }

    /** The token of {@code Bearer <token>}, or null. */
    static byte[] bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    }

    /** A bearer token, or the password of Basic credentials ({@code user:password} in Base64). */
    static byte[] presentedForRead(String authorization) {
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String credentials = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = credentials.indexOf(':');
                return colon < 0 ? null : credentials.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return bearer(authorization);
    }

    /** Constant time in the token's length: {@link MessageDigest#isEqual} looks at every byte whatever differs. */
    static boolean matches(byte[] presented, byte[] token) {
        return presented != null && token != null && MessageDigest.isEqual(presented, token);
    }
}
