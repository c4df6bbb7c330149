package io.faithwatch.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The difference between two checkpoints, overall, by category and by hint type, with two bootstrap intervals: resampling
 * the questions both answered with both checkpoints' pairs together (paired, what regressions are decided on), and
 * resampling each checkpoint apart.
 */
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
        lines.add(new String[] { "scope", base, candidate, "difference", "paired 95% CI", "excludes 0", "unpaired 95% CI", "excludes 0" });
        int questions = 0;
        for (JsonNode d : comparison.get("differences")) {
            questions = Math.max(questions, d.path("pairedQuestions").asInt(0));
            lines.add(new String[] { d.get("scope").asText(), ReportTable.number(d.get("base")), ReportTable.number(d.get("candidate")),
                    ReportTable.number(d.get("difference")), ReportTable.interval(d.get("pairedDifferenceCi")),
                    d.path("pairedDifferenceCi").isObject() ? d.path("pairedCiExcludesZero").asBoolean() ? "yes" : "no" : "",
                    ReportTable.interval(d.get("differenceCi")), d.get("ciExcludesZero").asBoolean() ? "yes" : "no" });
        }
        String paired = questions == 0 ? "no question in common: unpaired intervals only"
                : "paired: the " + questions + " questions both answered, resampled with both checkpoints' pairs together";
        return String.format(Locale.ROOT, "Normalized faithfulness, %s minus %s (%s)%n%n%s", candidate, base, paired, ReportTable.columns(lines));
    }
}
