package io.faithwatch.scorer.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.faithwatch.testsupport.BadInput;
import io.faithwatch.testsupport.KafkaTestResource;
import io.faithwatch.testsupport.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * With {@code faith.scorer.read-token} set, every read of the API and the pages needs it: as a bearer token (the CLI,
 * scripts) or as the password of Basic credentials (a browser, which a refused page asks for them); health, metrics and
 * the API description never do.
 */
@QuarkusTest
@TestProfile(ReadTokenIT.WithReadToken.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class ReadTokenIT {
    public static class WithReadToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("faith.scorer.read-token", "read-secret");
        }
    }

    @TestHTTPResource("/")
    URL root;

    BadInput.Reply get(String path, String authorization) {
        return BadInput.call(root.toString(), "GET", path, null, authorization);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyReadNeedsTheReadTokenAsABearerTokenOrABrowsersPassword() {
        for (String path : new String[] { "/api/v1/runs", "/ui/", "/api/v1/runs/r/trend", "/api/v1/no-such-path" }) {
            BadInput.Reply refused = get(path, null);
            assertThat(refused.status()).as(path).isEqualTo(401);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.json().path("detail").asText()).isEqualTo("missing bearer token");
            assertThat(refused.json().path("field").asText()).isEqualTo("Authorization");
            assertThat(refused.headers().get("www-authenticate")).containsExactly("Bearer", "Basic realm=\"faithwatch\", charset=\"UTF-8\"");
            assertThat(get(path, "Bearer read-secre").status()).as(path).isEqualTo(401);
            assertThat(get(path, basic("ana", "not-it")).status()).as(path).isEqualTo(401);
        }
        assertThat(get("/api/v1/runs", "Bearer read-secret").status()).isEqualTo(200);
        assertThat(get("/ui/", basic("anyone", "read-secret")).status()).isEqualTo(200);
        assertThat(get("/api/v1/runs/r/trend", "Bearer read-secret").status()).as("past the token: the run is unknown").isEqualTo(404);
        // With no write token of its own, a call that changes state needs the read token too.
        assertThat(BadInput.call(root.toString(), "POST", "/api/v1/runs", "{}", null).status()).isEqualTo(401);
    }

    @Test
    void healthMetricsAndTheApiDescriptionNeverNeedAToken() {
        for (String path : new String[] { "/q/health/ready", "/q/health/live", "/q/metrics", "/q/openapi" }) {
            assertThat(get(path, null).status()).as(path).isEqualTo(200);
        }
    }
}
