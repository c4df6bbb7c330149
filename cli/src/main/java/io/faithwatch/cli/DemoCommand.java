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
 * model on the built-in questions, prints the table, and stops everything.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start the system, evaluate the simulated model on built-in questions, print the table, stop.")
public class DemoCommand extends FaithCommand {
    @Option(names = "--sample", defaultValue = "200", description = "questions (default: ${DEFAULT-VALUE}); each is asked with all six hint types")
    int sample;

    @Option(names = "--seed", defaultValue = "1", description = "sampling seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Mixin
    StackOptions options = new StackOptions();

    @Override
    public Integer call() {
        PrintWriter out = out();
        PrintWriter err = err();
        err.println("starting Kafka, PostgreSQL and the four services (logs in " + options.logs() + ") ...");
        err.flush();
        // The demo's own pair-builder takes a token of the demo's own, whatever FAITH_PAIR_BUILDER_API_TOKEN says.
        String token = UUID.randomUUID().toString();
        try (LocalRun run = LocalRun.start(0, 0, 0, options.logs(), token)) {
            ServiceUrls urls = run.urls();
            EvalCommand eval = new EvalCommand();
            new CommandLine(eval).parseArgs("--pair-builder", urls.pairBuilder, "--model-caller", urls.modelCaller, "--scorer", urls.scorer,
                    "--run", "demo", "--step", "0", "--provider", "sim", "--model", "sim-reasoner", "--sample", String.valueOf(sample),
                    "--seed", String.valueOf(seed), "--timeout", "PT10M", "--token", token);
            JsonNode report = eval.evaluate(err);
            out.print(ReportTable.render(report));
            out.flush();
            err.println("stopping ...");
            err.flush();
        }
        return 0;
    }
}
