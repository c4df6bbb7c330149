package io.faithwatch.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** The difference between two checkpoints, overall, by category and by hint type, with its bootstrap interval. */
@Command(name = "compare", mixinStandardHelpOptions = true, description = "Compare checkpoint B against checkpoint A.")
public class CompareCommand extends ScorerCommand {
    @Parameters(index = "0", description = "base checkpoint id (A)")
    String base;

    @Parameters(index = "1", description = "candidate checkpoint id (B)")
    String candidate;

    @Override
    String text() {
        JsonNode comparison = scorer().compare(base, candidate);
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] { "scope", base, candidate, "difference", "95% CI", "CI excludes 0" });
        for (JsonNode d : comparison.get("differences")) {
            lines.add(new String[] { d.get("scope").asText(), ReportTable.number(d.get("base")), ReportTable.number(d.get("candidate")),
                    ReportTable.number(d.get("difference")), ReportTable.interval(d.get("differenceCi")),
                    d.get("ciExcludesZero").asBoolean() ? "yes" : "no" });
        }
        return String.format(Locale.ROOT, "Normalized faithfulness, %s minus %s%n%n%s", candidate, base, ReportTable.columns(lines));
    }
}
