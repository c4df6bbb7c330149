package io.faithwatch.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;

/** The scorer's REST API as the commands read it: a 404 is the user's mistake, any other failure names the status. */
final class ScorerApi {
    private final String base;
    private final String token;

    ScorerApi(String base) {
        this(base, null);
    }

    /** {@code token}: the scorer's read token, or null when it has none. */
    ScorerApi(String base, String token) {
        this.base = base;
        this.token = token;
    }

    /** A checkpoint's JSON report. */
    JsonNode report(String checkpointId) {
        return get("/api/v1/checkpoints/" + encode(checkpointId) + "/report", "unknown checkpoint '" + checkpointId + "'").json();
    }

    /** A checkpoint's report as the scorer renders it: json, csv or markdown, ending with a line break. */
    String report(String checkpointId, String format) {
        String body = get("/api/v1/checkpoints/" + encode(checkpointId) + "/report?format=" + format,
                "unknown checkpoint '" + checkpointId + "'").body();
        return body.endsWith("\n") ? body : body + "\n";
    }

    JsonNode compare(String baseCheckpoint, String candidate) {
        return get("/api/v1/compare?base=" + encode(baseCheckpoint) + "&candidate=" + encode(candidate), null).json();
    }

    JsonNode trend(String run) {
        return get("/api/v1/runs/" + encode(run) + "/trend", null).json();
    }

    /** The checkpoints of a run and their progress; null while the scorer has no verdict of the run (404). */
    JsonNode checkpointsOrNull(String run) {
        Http.Reply reply = Http.get("scorer", token, base + "/api/v1/runs/" + encode(run) + "/checkpoints");
        unauthorized(reply);
        return reply.status() == 200 ? reply.json() : null;
    }

    /** A run's training rollouts, per step and environment; null while the scorer has none of the run (404). */
    JsonNode rolloutsOrNull(String run) {
        Http.Reply reply = Http.get("scorer", token, base + "/api/v1/runs/" + encode(run) + "/rollouts");
        if (reply.status() == 404) {
            return null;
        }
        unauthorized(reply);
        if (reply.status() != 200) {
            throw new Faith.UserError("scorer answered " + reply.status() + ": " + reply.error());
        }
        return reply.json();
    }

    /** A run's training rollouts per step, pooled over the environments of each step (the intervals of the pooled counts). */
    JsonNode pooledRollouts(String run) {
        return get("/api/v1/runs/" + encode(run) + "/rollouts?pooled=true", "the scorer has no rollout of run " + run).json();
    }

    /** {@code unknown} is what a 404 tells the user; null: the scorer's own detail. */
    private Http.Reply get(String path, String unknown) {
        Http.Reply reply = Http.get("scorer", token, base + path);
        if (reply.status() == 404) {
            throw new Faith.UserError(unknown != null ? unknown : reply.error());
        }
        unauthorized(reply);
        if (reply.status() != 200) {
            throw new Faith.UserError("scorer answered " + reply.status() + ": " + reply.error());
        }
        return reply;
    }

    /** A 401: the scorer has a read token and was not given it (or another). */
    private static void unauthorized(Http.Reply reply) {
        if (reply.status() == 401) {
            throw new Faith.UserError("scorer answered 401 (" + reply.error() + "): it has a read token; give it with --scorer-token or"
                    + " FAITH_SCORER_READ_TOKEN");
        }
    }

    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
