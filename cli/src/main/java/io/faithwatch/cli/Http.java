package io.faithwatch.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.faithwatch.events.Events;

/** Calls to the services' REST APIs; a service that does not answer, or answers an error, is one clear line. */
final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    /** A response: status and body. */
    record Reply(int status, String body) {
        JsonNode json() {
            try {
                return Events.mapper().readTree(body);
            } catch (JsonProcessingException e) {
                throw new Faith.UserError("unexpected answer (not JSON): " + body.substring(0, Math.min(200, body.length())));
            }
        }

        /** The detail of the problem a service answers with (RFC 9457), or the body. */
        String error() {
            try {
                JsonNode node = Events.mapper().readTree(body);
                return node.hasNonNull("detail") ? node.get("detail").asText() : body;
            } catch (JsonProcessingException e) {
                return body;
            }
        }
    }

    private Http() {
    }

    static Reply get(String service, String url) {
        return get(service, null, url);
    }

    /** A GET with the service's read token as a bearer token, when one is given. */
    static Reply get(String service, String token, String url) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(service, request);
    }

    static Reply post(String service, String url, String json, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(service, request);
    }

    private static Reply send(String service, HttpRequest.Builder request) {
        HttpRequest built = request.timeout(Duration.ofSeconds(60)).build();
        try {
            HttpResponse<String> response = CLIENT.send(built, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (ConnectException e) {
            throw new Faith.UserError(service + " at " + base(built.uri()) + " does not answer; is the system up? (start it with ./faith up)");
        } catch (HttpTimeoutException e) {
            throw new Faith.UserError(service + " at " + base(built.uri()) + " did not answer in time");
        } catch (IOException e) {
            throw new Faith.UserError(service + " at " + base(built.uri()) + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Faith.UserError("interrupted");
        }
    }

    private static String base(URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority();
    }
}
