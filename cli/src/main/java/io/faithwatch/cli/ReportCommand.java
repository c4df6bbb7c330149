package io.faithwatch.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Prints a checkpoint's report: the table, or the scorer's JSON, CSV or Markdown. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Print the faithfulness report of a checkpoint.")
public class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ServiceUrls urls = new ServiceUrls();

    @Parameters(index = "0", description = "checkpoint id")
    String checkpoint;

    @Option(names = "--format", defaultValue = "table", description = "table, json, csv or md (default: ${DEFAULT-VALUE})")
    String format;

    @Override
    public Integer call() {
        String text = switch (format) {
            case "table" -> ReportTable.render(EvalCommand.report(urls.scorer, checkpoint));
            case "json", "csv", "md" -> {
                String scorerFormat = format.equals("md") ? "markdown" : format;
                Http.Reply reply = Http.get("scorer", urls.scorer + "/api/v1/checkpoints/" + EvalCommand.encode(checkpoint)
                        + "/report?format=" + scorerFormat);
                if (reply.status() == 404) {
                    throw new Faith.UserError("unknown checkpoint '" + checkpoint + "'");
                }
                if (reply.status() != 200) {
                    throw new Faith.UserError("scorer answered " + reply.status() + ": " + reply.error());
                }
                yield reply.body().endsWith("\n") ? reply.body() : reply.body() + "\n";
            }
            default -> throw new Faith.UserError("--format: must be table, json, csv or md, was '" + format + "'");
        };
        spec.commandLine().getOut().print(text);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
