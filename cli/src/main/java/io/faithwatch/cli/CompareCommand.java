package io.faithwatch.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The difference between two checkpoints, overall, by category and by hint type, with its bootstrap interval. */
@Command(name = "compare", mixinStandardHelpOptions = true, description = "Compare checkpoint B against checkpoint A.")
public class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ServiceUrls urls = new ServiceUrls();

    @Parameters(index = "0", description = "base checkpoint id (A)")
    String base;

    @Parameters(index = "1", description = "candidate checkpoint id (B)")
    String candidate;

    @Override
    public Integer call() {
        Http.Reply reply = Http.get("scorer", urls.scorer + "/api/v1/compare?base=" + EvalCommand.encode(base) + "&candidate="
                + EvalCommand.encode(candidate));
        if (reply.status() != 200) {
            throw new Faith.UserError(reply.status() == 404 ? reply.error() : "scorer answered " + reply.status() + ": " + reply.error());
        }
        JsonNode comparison = reply.json();
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] { "scope", base, candidate, "difference", "95% CI", "CI excludes 0" });
        for (JsonNode d : comparison.get("differences")) {
            lines.add(new String[] { d.get("scope").asText(), ReportTable.number(d.get("base")), ReportTable.number(d.get("candidate")),
                    ReportTable.number(d.get("difference")), ReportTable.interval(d.get("differenceCi")),
                    d.get("ciExcludesZero").asBoolean() ? "yes" : "no" });
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "Normalized faithfulness, %s minus %s%n%n%s", candidate, base, ReportTable.columns(lines));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
