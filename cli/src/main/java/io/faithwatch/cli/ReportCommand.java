package io.faithwatch.cli;


import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Prints a checkpoint's report: the table, or the scorer's JSON, CSV or Markdown. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Print the faithfulness report of a checkpoint.")
public class ReportCommand extends ScorerCommand {
    @Parameters(index = "0", description = "checkpoint id")
    String checkpoint;

    @Option(names = "--format", defaultValue = "table", description = "table, json, csv or md (default: ${DEFAULT-VALUE})")
    String format;

    @Override
    String text() {
        return switch (format) {
            case "table" -> ReportTable.render(scorer().report(checkpoint));
            case "json", "csv" -> scorer().report(checkpoint, format);
            case "md" -> scorer().report(checkpoint, "markdown");
            default -> throw new Faith.UserError("--format: must be table, json, csv or md, was '" + format + "'");
        };
    }
}
