package io.faithwatch.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import io.faithwatch.events.Metrics;

/**
 * Follows a checkpoint until every planned pair is scored: the scorer's progress, and what model-caller and the scorer
 * have counted since the submission (calls, their latency, pairs through model-caller, error verdicts).
 */
record ProgressFollower(ServiceUrls urls, String run, String checkpointId, int planned, PrintWriter out) {
    private static final String OK = Metrics.Tag.OUTCOME + "=\"ok\"";
    /** On a terminal the line is redrawn in place; otherwise (a log, a pipe) a line is written every 5 s. */
    private static final boolean TERMINAL = System.console() != null;

    void follow(Duration timeout) {
        Instant start = Instant.now();
        Counters atStart = counters();
        Instant lastLine = Instant.EPOCH;
        while (true) {
            JsonNode info = checkpointInfo();
            long scored = info == null ? 0 : info.get("pairsScored").asLong();
            boolean complete = info != null && info.get("status").asText().equals("complete");
            double seconds = Math.max(0.001, Duration.between(start, Instant.now()).toMillis() / 1000.0);
            String caller = metrics(urls.modelCaller);
            Counters now = counters();
            String line = new ProgressLine(scored, planned, seconds, gauge(caller, Metrics.MODEL_CALLS_IN_FLIGHT),
                    gauge(caller, Metrics.MODEL_CALLS_WAITING), now.callsAnswered - atStart.callsAnswered,
                    now.callSeconds - atStart.callSeconds, gauge(caller, Metrics.MODEL_PAIRS_IN_FLIGHT), now.pairsAnswered - atStart.pairsAnswered,
                    now.pairSeconds - atStart.pairSeconds, now.errors - atStart.errors).render();
            if (TERMINAL) {
                out.print("\r" + line + "\u001b[K");
                out.flush();
            } else if (complete || Duration.between(lastLine, Instant.now()).toSeconds() >= 5) {
                out.println(line);
                out.flush();
                lastLine = Instant.now();
            }
            if (complete) {
                if (TERMINAL) {
                    out.println();
                }
                return;
            }
            if (Duration.between(start, Instant.now()).compareTo(timeout) > 0) {
                throw new Faith.UserError("checkpoint " + checkpointId + " not complete after " + timeout + " (" + scored + " of "
                        + planned + " pairs scored)");
            }
            sleep(500);
        }
    }

    /** What model-caller and the scorer have counted since they started; the progress shows the change since the submission. */
    private record Counters(double callsAnswered, double callSeconds, double pairsAnswered, double pairSeconds, double errors) {
    }

    private Counters counters() {
        String caller = metrics(urls.modelCaller);
        return new Counters(MetricsText.sum(caller, Metrics.MODEL_REQUESTS.prometheusName() + "_count", OK),
                MetricsText.sum(caller, Metrics.MODEL_REQUESTS.prometheusName() + "_sum", OK),
                MetricsText.sum(caller, Metrics.MODEL_PAIR_DURATION.prometheusName() + "_count", null),
                MetricsText.sum(caller, Metrics.MODEL_PAIR_DURATION.prometheusName() + "_sum", null),
                MetricsText.sum(metrics(urls.scorer), Metrics.VERDICTS.prometheusName(), Metrics.Tag.OUTCOME + "=\"error\""));
    }

    private static double gauge(String exposition, Metrics.Metric metric) {
        return MetricsText.sum(exposition, metric.prometheusName(), null);
    }

    private JsonNode checkpointInfo() {
        JsonNode checkpoints = urls.scorerApi().checkpointsOrNull(run);
        if (checkpoints == null) {
            return null;
        }
        for (JsonNode checkpoint : checkpoints) {
            if (checkpoint.get("checkpointId").asText().equals(checkpointId)) {
                return checkpoint;
            }
        }
        return null;
    }

    private static String metrics(String url) {
        try {
            Http.Reply reply = Http.get("metrics", url + "/q/metrics");
            return reply.status() == 200 ? reply.body() : "";
        } catch (Faith.UserError e) {
            return "";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Faith.UserError("interrupted");
        }
    }
}
