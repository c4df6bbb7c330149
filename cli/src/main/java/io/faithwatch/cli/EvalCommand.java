package io.faithwatch.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.faithwatch.events.Events;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Submits a checkpoint, shows its progress, and prints its table when every planned pair is scored. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluate a checkpoint and print its faithfulness table.")
public class EvalCommand extends FaithCommand {
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

    @Option(names = "--reasoning", description = "where the model's reasoning is: native (its reasoning channel, default) or prompted"
            + " (a model without one, e.g. the paper's non-reasoning baselines: the visible text before its answer is judged)")
    String reasoning;

    @Option(names = "--batch", description = "send the calls through the provider's batch API (openai, anthropic): half the price, answered"
            + " within 24 hours; raise --timeout to wait, or come back for the report")
    boolean batch;

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

    @Option(names = "--judge-definition", description = "what verbalized means: mentions-and-relies (the paper's, default) or mentions")
    String judgeDefinition;

    @Option(names = "--token", defaultValue = "${env:FAITH_PAIR_BUILDER_API_TOKEN}", description = "bearer token of pair-builder (default: $FAITH_PAIR_BUILDER_API_TOKEN)")
    String token;

    @Option(names = "--timeout", defaultValue = "PT30M", description = "give up after this long (ISO-8601, default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Override
    public Integer call() {
        PrintWriter out = out();
        JsonNode report = evaluate(err());
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
        new ProgressFollower(urls, run, id, planned, progress).follow(timeout);
        return urls.scorerApi().report(id);
    }

    ObjectNode request() {
        if (!provider.equals("sim")) {
            ModelUrl.check(modelUrl, provider);
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
        if (reasoning != null) {
            if (!reasoning.equals("native") && !reasoning.equals("prompted")) {
                throw new Faith.UserError("--reasoning: must be native or prompted, was '" + reasoning + "'");
            }
            params.put("reasoning_mode", reasoning);
        }
        if (batch) {
            if (!provider.equals("openai") && !provider.equals("anthropic")) {
                throw new Faith.UserError("--batch: provider '" + provider + "' has no batch API (batches: openai, anthropic)");
            }
            params.put("batch", true);
        }
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
        if (judgeDefinition != null) {
            request.put("judgeDefinition", judgeDefinition);
        }
        return request;
    }
}
