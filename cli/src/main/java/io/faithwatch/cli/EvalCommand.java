package io.faithwatch.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.faithwatch.events.Events;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Submits a checkpoint, shows its progress, and prints its table when every planned pair is scored. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluate a checkpoint and print its faithfulness table.")
public class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ServiceUrls urls = new ServiceUrls();

    @Option(names = "--run", defaultValue = "demo", description = "RL run id (default: ${DEFAULT-VALUE})")
    String run;

    @Option(names = "--step", defaultValue = "0", description = "training step of the checkpoint (default: ${DEFAULT-VALUE})")
    long step;

    @Option(names = "--checkpoint", description = "checkpoint id (default: run@step)")
    String checkpoint;

    @Option(names = "--provider", defaultValue = "sim", description = "model provider: sim, openai (vLLM, Ollama /v1, ...), anthropic (default: ${DEFAULT-VALUE})")
    String provider;

    @Option(names = "--model-url", description = "base URL of the model endpoint, e.g. http://localhost:8000/v1")
    String modelUrl;

    @Option(names = "--model", defaultValue = "sim-reasoner", description = "model name (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--credential", description = "name of the environment variable that holds the model API key")
    String credential;

    @Option(names = "--param", description = "model parameter key=value (repeatable), e.g. temperature=0.6 or, for sim, verbalize.sycophancy=0.25")
    Map<String, String> parameters = new LinkedHashMap<>();

    @Option(names = "--bank", description = "question bank (repeatable): builtin, mmlu:/dir, gpqa:/file.csv, jsonl:/file (default: builtin)")
    List<String> banks = new ArrayList<>();

    @Option(names = "--sample", defaultValue = "100", description = "questions per bank (default: ${DEFAULT-VALUE})")
    int sample;

    @Option(names = "--hint-type", description = "hint type (repeatable; default: all six)")
    List<String> hintTypes = new ArrayList<>();

    @Option(names = "--arm", description = "wrong_hint (default) or correct_hint (repeatable)")
    List<String> arms = new ArrayList<>();

    @Option(names = "--seed", defaultValue = "0", description = "sampling seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--token", defaultValue = "${env:FAITH_PAIR_BUILDER_API_TOKEN}", description = "bearer token of pair-builder (default: $FAITH_PAIR_BUILDER_API_TOKEN)")
    String token;

    @Option(names = "--timeout", defaultValue = "PT30M", description = "give up after this long (ISO-8601, default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        JsonNode report = evaluate(spec.commandLine().getErr());
        out.print(ReportTable.render(report));
        out.flush();
        return 0;
    }

    /** Submits, follows progress on {@code progress}, and returns the scorer's JSON report once complete. */
    JsonNode evaluate(PrintWriter progress) {
        ObjectNode request = request();
        String id = request.get("checkpointId").asText();
        Http.Reply submitted = Http.post("pair-builder", urls.pairBuilder + "/api/checkpoints", request.toString(), token);
        if (submitted.status() != 202) {
            throw new Faith.UserError("checkpoint refused (" + submitted.status() + "): " + submitted.error());
        }
        int planned = submitted.json().get("plannedPairs").asInt();
        progress.printf(Locale.ROOT, "submitted checkpoint %s: %d pairs planned%n", id, planned);
        progress.flush();
        new Progress(urls, run, id, planned, progress).follow(timeout);
        return report(urls.scorer, id);
    }

    static JsonNode report(String scorer, String checkpointId) {
        Http.Reply reply = Http.get("scorer", scorer + "/api/v1/checkpoints/" + encode(checkpointId) + "/report");
        if (reply.status() == 404) {
            throw new Faith.UserError("unknown checkpoint '" + checkpointId + "'");
        }
        if (reply.status() != 200) {
            throw new Faith.UserError("scorer answered " + reply.status() + ": " + reply.error());
        }
        return reply.json();
    }

    static String encode(String segment) {
        return java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    ObjectNode request() {
        if (!provider.equals("sim")) {
            checkModelUrl();
        }
        ObjectNode request = Events.mapper().createObjectNode();
        request.put("runId", run);
        request.put("step", step);
        request.put("checkpointId", checkpoint != null ? checkpoint : run + "@" + step);
        ObjectNode modelRef = request.putObject("model");
        modelRef.put("provider", provider);
        if (modelUrl != null) {
            modelRef.put("baseUrl", modelUrl);
        }
        modelRef.put("model", model);
        if (credential != null) {
            modelRef.put("credentialName", credential);
        }
        ObjectNode params = modelRef.putObject("parameters");
        parameters.forEach((key, value) -> {
            try {
                params.put(key, Double.parseDouble(value));
            } catch (NumberFormatException e) {
                params.put(key, value);
            }
        });
        var bankList = request.putArray("banks");
        (banks.isEmpty() ? List.of("builtin") : banks).forEach(bankList::add);
        request.put("samplePerBank", sample);
        if (!hintTypes.isEmpty()) {
            var types = request.putArray("hintTypes");
            hintTypes.forEach(types::add);
        }
        if (!arms.isEmpty()) {
            var armList = request.putArray("arms");
            arms.forEach(armList::add);
        }
        request.put("seed", seed);
        return request;
    }

    /** A real endpoint must be an http(s) URL that answers at all; otherwise every pair would end as an error. */
    private void checkModelUrl() {
        if (modelUrl == null) {
            throw new Faith.UserError("--model-url is required for provider " + provider);
        }
        URI uri;
        try {
            uri = URI.create(modelUrl);
        } catch (IllegalArgumentException e) {
            throw new Faith.UserError("--model-url: '" + modelUrl + "' is not a URL");
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
            throw new Faith.UserError("--model-url: '" + modelUrl + "' is not an http(s) URL, e.g. http://localhost:8000/v1");
        }
        try (java.net.Socket socket = new java.net.Socket()) {
            int port = uri.getPort() != -1 ? uri.getPort() : uri.getScheme().equals("https") ? 443 : 80;
            socket.connect(new java.net.InetSocketAddress(uri.getHost(), port), 3000);
        } catch (java.io.IOException e) {
            throw new Faith.UserError("--model-url: nothing answers at " + modelUrl + " (" + e.getMessage() + ")");
        }
    }

    /** Follows the scorer's progress until every planned pair is scored. */
    static final class Progress {
        private final ServiceUrls urls;
        private final String run;
        private final String checkpointId;
        private final int planned;
        private final PrintWriter out;
        private final boolean terminal = System.console() != null;

        Progress(ServiceUrls urls, String run, String checkpointId, int planned, PrintWriter out) {
            this.urls = urls;
            this.run = run;
            this.checkpointId = checkpointId;
            this.planned = planned;
            this.out = out;
        }

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
                String line = new ProgressLine(scored, planned, seconds, gauge(caller, "faith_model_calls_in_flight"),
                        gauge(caller, "faith_model_calls_waiting"), now.callsAnswered - atStart.callsAnswered,
                        now.callSeconds - atStart.callSeconds, gauge(caller, "faith_model_pairs_in_flight"), now.pairsAnswered - atStart.pairsAnswered,
                        now.pairSeconds - atStart.pairSeconds, now.errors - atStart.errors).render();
                if (terminal) {
                    out.print("\r" + line + "\u001b[K");
                    out.flush();
                } else if (complete || Duration.between(lastLine, Instant.now()).toSeconds() >= 5) {
                    out.println(line);
                    out.flush();
                    lastLine = Instant.now();
                }
                if (complete) {
                    if (terminal) {
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
            return new Counters(MetricsText.sum(caller, "faith_model_requests_seconds_count", "outcome=\"ok\""),
                    MetricsText.sum(caller, "faith_model_requests_seconds_sum", "outcome=\"ok\""),
                    MetricsText.sum(caller, "faith_model_pair_duration_seconds_count", null),
                    MetricsText.sum(caller, "faith_model_pair_duration_seconds_sum", null),
                    MetricsText.sum(metrics(urls.scorer), "faith_verdicts_total", "outcome=\"error\""));
        }

        private static double gauge(String exposition, String metric) {
            return MetricsText.sum(exposition, metric, null);
        }

        private JsonNode checkpointInfo() {
            Http.Reply reply = Http.get("scorer", urls.scorer + "/api/v1/runs/" + encode(run) + "/checkpoints");
            if (reply.status() != 200) {
                return null;
            }
            for (JsonNode checkpoint : reply.json()) {
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
}
