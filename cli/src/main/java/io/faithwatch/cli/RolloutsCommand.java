package io.faithwatch.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.faithwatch.events.Events;
import io.faithwatch.events.RolloutObserved;
import io.faithwatch.modelclients.SimulatedTraining;
import io.faithwatch.modelclients.SimulatedTraining.Environment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Publishes the rollouts of a simulated training run through pair-builder's intake, waits until the scorer has counted
 * every one, and prints what it measured beside the truth planted in the run.
 */
@Command(name = "rollouts", mixinStandardHelpOptions = true,
        description = "Publish the rollouts of a simulated training run (--simulate) and print exploitation and verbalization per step"
                + " beside the planted truth.")
public class RolloutsCommand extends FaithCommand {
    /** Most rollouts pair-builder takes in one request. */
    static final int BATCH = 1000;
    /** A 503 or a connection that fails is tried again this many times, waiting twice as long each time. */
    static final int ATTEMPTS = 6;

    /** The first wait before sending a batch again; tests shorten it. */
    long firstWaitMs = 500;

    @Mixin
    ServiceUrls urls = new ServiceUrls();

    @Option(names = "--simulate", description = "publish the rollouts of a simulated training run (the only source of rollouts in the CLI)")
    boolean simulate;

    @Option(names = "--run", defaultValue = "sim-training", description = "run id; must be new to the scorer (default: ${DEFAULT-VALUE})")
    String run;

    @Option(names = "--steps", defaultValue = "5", description = "training steps (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--step-size", defaultValue = "1", description = "steps are numbered step-size, 2 × step-size, ... (default: ${DEFAULT-VALUE})")
    long stepSize;

    @Option(names = "--per-step", defaultValue = "200", description = "rollouts per step in each environment (default: ${DEFAULT-VALUE})")
    int perStep;

    @Option(names = "--environments", split = ",", description = "environments, by name (reward-hack-metadata) or hint type (metadata);"
            + " default: one per hint type, six")
    List<String> environments = new ArrayList<>();

    @Option(names = "--exploit-first", defaultValue = "0.10", description = "exploitation rate at the first step (default: ${DEFAULT-VALUE})")
    double exploitFirst;

    @Option(names = "--exploit-last", defaultValue = "0.95", description = "exploitation rate at the last step (default: ${DEFAULT-VALUE})")
    double exploitLast;

    @Option(names = "--verbalize", defaultValue = "0.02", description = "share of exploited rollouts whose reasoning says it used the cue"
            + " (default: ${DEFAULT-VALUE})")
    double verbalize;

    @Option(names = "--seed", defaultValue = "0", description = "seed of the questions, texts and roles (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--by-environment", description = "one row per step and environment instead of per step")
    boolean byEnvironment;

    @Option(names = "--token", defaultValue = "${env:FAITH_PAIR_BUILDER_API_TOKEN}", description = "bearer token of pair-builder (default: $FAITH_PAIR_BUILDER_API_TOKEN)")
    String token;

    @Option(names = "--timeout", defaultValue = "PT5M", description = "give up waiting for the scorer after this long (ISO-8601, default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Override
    public Integer call() {
        PrintWriter out = out();
        out.print(simulateAndReport(err()));
        out.flush();
        return 0;
    }

    /** Publishes, waits for the scorer, and returns the table; progress goes to {@code progress}. */
    String simulateAndReport(PrintWriter progress) {
        SimulatedTraining training = new SimulatedTraining(settings());
        ScorerApi scorer = urls.scorerApi();
        JsonNode existing = scorer.rolloutsOrNull(run);
        if (existing != null) {
            throw new Faith.UserError("--run: run '" + run + "' already has " + counted(existing)
                    + " rollouts in the scorer; the planted figures would not be comparable, choose another run id");
        }
        progress.printf(Locale.ROOT, "publishing %s%n", training);
        progress.flush();
        Instant observedAt = Instant.now();
        long published = 0;
        for (int k = 0; k < training.settings().steps(); k++) {
            List<RolloutObserved> rollouts = training.rollouts(k, observedAt);
            for (int from = 0; from < rollouts.size(); from += BATCH) {
                publish(rollouts.subList(from, Math.min(rollouts.size(), from + BATCH)), progress);
            }
            published += rollouts.size();
            progress.printf(Locale.ROOT, "step %d: %d rollouts published (%d of %d)%n", training.planted(k).get(0).step(), rollouts.size(),
                    published, training.size());
            progress.flush();
        }
        JsonNode counted = waitForScorer(scorer, training.size(), progress);
        return RolloutTable.render(run, counted, scorer.pooledRollouts(run), training.planted(), byEnvironment);
    }

    /** The simulation asked for, each bad option named with its value. */
    SimulatedTraining.Settings settings() {
        if (!simulate) {
            throw new Faith.UserError("rollouts: --simulate is required; the CLI has no other source of rollouts (trainers publish their own"
                    + " to pair-builder's POST /api/rollouts or to the faith.rollouts topic)");
        }
        atLeastOne(steps, "--steps");
        atLeastOne(perStep, "--per-step");
        atLeastOne(stepSize, "--step-size");
        rate(exploitFirst, "--exploit-first");
        rate(exploitLast, "--exploit-last");
        rate(verbalize, "--verbalize");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new Faith.UserError("--timeout: must be positive, was " + timeout);
        }
        List<Environment> chosen = new ArrayList<>();
        for (String name : environments) {
            try {
                chosen.add(Environment.parse(name));
            } catch (IllegalArgumentException e) {
                throw new Faith.UserError("--" + e.getMessage());
            }
        }
        try {
            return new SimulatedTraining.Settings(run, steps, stepSize, perStep, chosen.isEmpty() ? Environment.defaults() : chosen, exploitFirst,
                    exploitLast, verbalize, seed);
        } catch (IllegalArgumentException e) {
            // What is left to check is the run id and the environments' names, which the settings name as fields.
            String message = e.getMessage();
            throw new Faith.UserError(message.startsWith("runId:") ? "--run:" + message.substring("runId:".length())
                    : message.startsWith("environments:") ? "--" + message : message);
        }
    }

    private static void atLeastOne(long value, String option) {
        if (value < 1) {
            throw new Faith.UserError(option + ": must be at least 1, was " + value);
        }
    }

    private static void rate(double value, String option) {
        if (!(value >= 0 && value <= 1)) {
            throw new Faith.UserError(option + ": must be a rate between 0 and 1, was " + value);
        }
    }

    /** The request body of a batch: the rollouts without the envelope's schemaVersion, which the intake fills in. */
    static String body(List<RolloutObserved> batch) {
        ObjectNode body = Events.mapper().createObjectNode();
        ArrayNode list = body.putArray("rollouts");
        for (RolloutObserved rollout : batch) {
            ObjectNode node = Events.mapper().valueToTree(rollout);
            node.remove("schemaVersion");
            list.add(node);
        }
        return body.toString();
    }

    /** One batch to pair-builder: a 503 or a failed connection is sent again (rollouts are counted once by id); a refusal stops. */
    private void publish(List<RolloutObserved> batch, PrintWriter progress) {
        String body = body(batch);
        long waitMs = firstWaitMs;
        String failure = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                Http.Reply reply = Http.post("pair-builder", urls.pairBuilder + "/api/rollouts", body, token);
                if (reply.status() == 202) {
                    int accepted = reply.json().path("accepted").asInt(-1);
                    if (accepted != batch.size()) {
                        throw new Faith.UserError("pair-builder accepted " + accepted + " of a batch of " + batch.size() + " rollouts");
                    }
                    return;
                }
                if (reply.status() != 503) {
                    throw new Faith.UserError("rollouts refused (" + reply.status() + "): " + reply.error());
                }
                failure = "503: " + reply.error();
            } catch (Faith.UserError e) {
                if (!e.getMessage().startsWith("pair-builder at ")) {
                    throw e;
                }
                // Http says "pair-builder at <url> ..." only when the request did not get an answer: worth another try.
                failure = e.getMessage();
            }
            if (attempt < ATTEMPTS) {
                progress.printf(Locale.ROOT, "pair-builder did not take the batch (%s); again in %.1f s%n", failure, waitMs / 1000.0);
                progress.flush();
                sleep(waitMs);
                waitMs *= 2;
            }
        }
        throw new Faith.UserError("pair-builder did not take a batch of " + batch.size() + " rollouts after " + ATTEMPTS + " attempts: " + failure);
    }

    /** Polls the scorer until it has counted every rollout published; the run's figures then. */
    private JsonNode waitForScorer(ScorerApi scorer, long published, PrintWriter progress) {
        Instant start = Instant.now();
        Instant lastLine = Instant.EPOCH;
        while (true) {
            JsonNode rollouts = scorer.rolloutsOrNull(run);
            long counted = rollouts == null ? 0 : counted(rollouts);
            if (counted >= published) {
                progress.printf(Locale.ROOT, "scorer: %d of %d rollouts counted%n", counted, published);
                progress.flush();
                return rollouts;
            }
            if (Duration.between(start, Instant.now()).compareTo(timeout) > 0) {
                throw new Faith.UserError("run " + run + ": " + counted + " of " + published + " rollouts counted by the scorer after " + timeout
                        + "; raise --timeout, or look at the grader's and the scorer's logs");
            }
            if (Duration.between(lastLine, Instant.now()).toSeconds() >= 5) {
                progress.printf(Locale.ROOT, "scorer: %d of %d rollouts counted%n", counted, published);
                progress.flush();
                lastLine = Instant.now();
            }
            sleep(500);
        }
    }

    static long counted(JsonNode rollouts) {
        long sum = 0;
        for (JsonNode point : rollouts.path("points")) {
            sum += point.path("rollouts").asLong();
        }
        return sum;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Faith.UserError("interrupted");
        }
    }
}
