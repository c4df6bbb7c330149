package io.faithwatch.events.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The one token rule of every service, call by call. Columns: write token, read token, method, path, Authorization
 * header, the status (401, or 0 for let in).
 */
class ApiTokensTest {
    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "write={0} read={1}: {2} {3} with [{4}] -> {5}")
    @CsvSource(nullValues = "-", value = {
            // No token: every call goes on.
            "-, -, POST, /api/reviews/labels, -, 0",
            "-, -, GET, /api/v1/runs, -, 0",
            "' ', '', POST, /api/judge, -, 0",
            // A write token: writes need it, as a bearer token; reads stay open.
            "w, -, POST, /api/reviews/labels, -, 401",
            "w, -, POST, /api/reviews/labels, Bearer w, 0",
            "w, -, POST, /api/reviews/labels, bearer w, 0",
            "w, -, POST, /api/reviews/labels, Bearer wrong, 401",
            "w, -, POST, /api/reviews/labels, w, 401",
            "w, -, PUT, /anything, -, 401",
            "w, -, DELETE, /api/x, Bearer w, 0",
            "w, -, PATCH, /api/x, Bearer ww, 401",
            "w, -, GET, /api/v1/runs, -, 0",
            // A write never takes Basic credentials: a browser sends them on its own.
            "w, -, POST, /api/judge, BASIC, 401",
            // A read token: reads need it or the write token, as a bearer token or the password of Basic credentials.
            "w, r, GET, /api/v1/runs, -, 401",
            "w, r, GET, /api/v1/runs, Bearer r, 0",
            "w, r, GET, /api/v1/runs, Bearer w, 0",
            "w, r, GET, /ui/runs/x, BASIC, 0",
            "w, r, GET, /ui/runs/x, Basic !!!, 401",
            "w, r, HEAD, /ui/, Bearer x, 401",
            "w, r, POST, /api/judge, Bearer r, 401",
            // No write token but a read token: a write needs the read token.
            "-, r, POST, /api/judge, -, 401",
            "-, r, POST, /api/judge, Bearer r, 0",
            // /q/ never needs a token; a path that only looks like it does.
            "w, r, GET, /q/health/ready, -, 0",
            "w, r, GET, /q/metrics, -, 0",
            "w, r, GET, q/metrics, -, 0",
            "w, r, GET, /q/../api/v1/runs, -, 401",
            "w, r, POST, /q/../api/judge, -, 401",
            "w, r, GET, /qx/metrics, -, 401",
    })
    void eachCallNeedsWhatItsKindNeeds(String write, String read, String method, String path, String authorization, int status) {
        String header = "BASIC".equals(authorization) ? basic("ana", "r") : authorization;
        Response refusal = ApiTokens.of(Optional.ofNullable(write), Optional.ofNullable(read)).refusal(method, path, header, path);
        assertThat(refusal == null ? 0 : refusal.getStatus()).isEqualTo(status);
    }

    @org.junit.jupiter.api.Test
    void aRefusalIsAProblemNamingTheHeaderWithTheChallengesOfItsKind() {
        ApiTokens tokens = ApiTokens.of(Optional.of("w"), Optional.of("r"));
        Response write = tokens.refusal("POST", "/api/judge", null, "/api/judge");
        assertThat(write.getMediaType()).hasToString(Problem.MEDIA_TYPE);
        assertThat((Problem) write.getEntity()).extracting(Problem::status, Problem::detail, Problem::field, Problem::instance)
                .containsExactly(401, "missing bearer token", "Authorization", "/api/judge");
        assertThat(write.getHeaders().get("WWW-Authenticate")).containsExactly("Bearer");
        Response read = tokens.refusal("GET", "/ui/", "Bearer nope", "/ui/");
        assertThat(((Problem) read.getEntity()).detail()).isEqualTo("invalid bearer token");
        assertThat(read.getHeaders().get("WWW-Authenticate")).containsExactly("Bearer", "Basic realm=\"faithwatch\", charset=\"UTF-8\"");
    }

    @org.junit.jupiter.api.Test
    void aQuotedValueIsOneShortLine() {
        assertThat(Problem.quote("abc")).isEqualTo("'abc'");
        assertThat(Problem.quote(null)).isEqualTo("absent");
        assertThat(Problem.quote("a\u0000b\nc")).isEqualTo("'a\\u0000b\\u000ac'");
        assertThat(Problem.quote("x".repeat(10_000))).isEqualTo("'" + "x".repeat(80) + "...' (10000 characters)");
        assertThat(Problem.of(400, "id: 'a\u0001'", "id\n", "/api/" + "y".repeat(500)).instance()).hasSize(203);
        assertThat(Problem.of(400, "id: 'a\u0001'", "id", null).detail()).isEqualTo("id: 'a\\u0001'");
    }

    @org.junit.jupiter.api.Test
    void jacksonsWordsForAWrongTypeBecomeWhatWasSent() {
        assertThat(ProblemMappers.found("Cannot deserialize value of type `java.lang.String` from Array value (token `JsonToken.START_ARRAY`)"))
                .isEqualTo(", was an array");
        assertThat(ProblemMappers.found("Cannot coerce Integer value (7) to `java.lang.String` value (but could if coercion was enabled)"))
                .isEqualTo(", was an integer 7");
        assertThat(ProblemMappers.found("Cannot deserialize value of type `java.lang.Boolean` from String \"yes\": only \"true\" or \"false\""))
                .isEqualTo(", was a string \"yes\"");
        assertThat(ProblemMappers.found("something else")).isEmpty();
    }
}
