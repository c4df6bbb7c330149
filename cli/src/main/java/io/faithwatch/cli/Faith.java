package io.faithwatch.cli;

import java.util.logging.Level;
import java.util.logging.Logger;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code faith} command. Errors a user can act on are one line on stderr (exit code 1), never a stack trace.
 */
@Command(name = "faith", mixinStandardHelpOptions = true, version = "faithwatch 0.1.0",
        description = "Watches whether reasoning models say what they think: evaluate checkpoints for chain-of-thought faithfulness, watch training rollouts.",
        subcommands = { DemoCommand.class, UpCommand.class, EvalCommand.class, ReportCommand.class, CompareCommand.class,
                TrendCommand.class, RolloutsCommand.class })
public class Faith {

    /** A problem the user can fix, said in one line. */
    public static class UserError extends RuntimeException {
        public UserError(String message) {
            super(message);
        }
    }

    /** Kept referenced so that their levels hold. */
    private static final java.util.List<Logger> QUIETED = new java.util.ArrayList<>();

    public static void main(String[] args) {
        quietLibraries();
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Faith());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            String message = e instanceof UserError || e instanceof IllegalStateException || e instanceof IllegalArgumentException
                    ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
            commandLine.getErr().println("faith: " + message);
            return 1;
        });
        return cli;
    }

    /** The broker and the database log at INFO to the console; the stack writes its own log files instead. */
    static void quietLibraries() {
        Logger root = Logger.getLogger("");
        root.setLevel(Level.WARNING);
        for (var handler : root.getHandlers()) {
            handler.setLevel(Level.WARNING);
        }
        // The in-process broker warns about its own shutdown order; nothing a user can act on.
        for (String chatty : new String[] { "org.apache.kafka", "kafka", "io.zonky" }) {
            Logger logger = Logger.getLogger(chatty);
            logger.setLevel(Level.SEVERE);
            QUIETED.add(logger);
        }
    }
}
