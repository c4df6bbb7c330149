package io.faithwatch.cli;

import java.io.PrintWriter;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The first run on a fresh machine: starts the system on free ports, evaluates a checkpoint of the simulated reasoning
 * model on the built-in questions, prints the table, and stops everything. With {@code --training}, it publishes the
 * rollouts of a simulated training run instead and prints what the rollout monitor measured beside the planted truth.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start the system, evaluate the simulated model on built-in questions (or, with --training, watch the rollouts of a"
                + " simulated training run), print the table, stop.")
public class DemoCommand extends FaithCommand {
    @Option(names = "--sample", defaultValue = "200", description = "questions (default: ${DEFAULT-VALUE}); each is asked with all six hint types")
    int sample;

    @Option(names = "--seed", defaultValue = "1", description = "sampling seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--training", description = "watch the rollouts of a simulated training run instead of evaluating a checkpoint")
    boolean training;

    @Option(names = "--steps", defaultValue = "5", description = "with --training: training steps (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--per-step", defaultValue = "200", description = "with --training: rollouts per step in each of the six environments"
            + " (default: ${DEFAULT-VALUE})")
    int perStep;

    @Mixin
    StackOptions options = new StackOptions();

    @Override
    public Integer call() {
        PrintWriter out = out();
        PrintWriter err = err();
        // The demo's own pair-builder takes a token of the demo's own, whatever FAITH_PAIR_BUILDER_API_TOKEN says.
        String token = UUID.randomUUID().toString();
        RolloutsCommand rollouts = training ? rollouts(token) : null;
        if (rollouts != null) {
            rollouts.settings(); // its options checked, each bad one named, before the system starts (which takes a while)
        }
        err.println("starting Kafka, PostgreSQL and the four services (logs in " + options.logs() + ") ...");
        err.flush();
        try (LocalRun run = LocalRun.start(0, 0, 0, options.logs(), token)) {
            ServiceUrls urls = run.urls();
            if (rollouts != null) {
                rollouts.urls = urls;
                out.print(rollouts.simulateAndReport(err));
            } else {
                out.print(ReportTable.render(checkpoint(urls, token, err)));
            }
            out.flush();
            err.println("stopping ...");
            err.flush();
        }
        return 0;
    }

    /** The report of one checkpoint of the simulated model, evaluated on the demo's own system. */
    private JsonNode checkpoint(ServiceUrls urls, String token, PrintWriter err) {
        EvalCommand eval = new EvalCommand();
        new CommandLine(eval).parseArgs("--pair-builder", urls.pairBuilder, "--model-caller", urls.modelCaller, "--scorer", urls.scorer,
                "--run", "demo", "--step", "0", "--provider", "sim", "--model", "sim-reasoner", "--sample", String.valueOf(sample),
                "--seed", String.valueOf(seed), "--timeout", "PT10M", "--token", token);
        return eval.evaluate(err);
    }

    /** The simulated training run of the demo, its service URLs set once the system is up. */
    private RolloutsCommand rollouts(String token) {
        RolloutsCommand rollouts = new RolloutsCommand();
        new CommandLine(rollouts).parseArgs("--simulate", "--run", "demo-training", "--steps", String.valueOf(steps), "--per-step",
                String.valueOf(perStep), "--seed", String.valueOf(seed), "--timeout", "PT10M", "--token", token);
        return rollouts;
    }
}
