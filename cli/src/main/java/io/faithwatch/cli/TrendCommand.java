package io.faithwatch.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Normalized faithfulness over the training steps of a run: overall, by category and by hint type. */
@Command(name = "trend", mixinStandardHelpOptions = true, description = "Print the faithfulness trend of an RL run over its steps.")
public class TrendCommand extends ScorerCommand {
    @Parameters(index = "0", description = "run id")
    String run;

    @Override
    String text() {
        JsonNode points = scorer().trend(run).get("points");
        if (points.isEmpty()) {
            throw new Faith.UserError("unknown run '" + run + "' (no checkpoint scored)");
        }
        Set<String> types = new LinkedHashSet<>();
        points.forEach(p -> p.path("byHintType").fieldNames().forEachRemaining(types::add));
        List<String[]> lines = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("step", "checkpoint", "status", "reasoning", "overall", "neutral", "misaligned"));
        header.addAll(types);
        lines.add(header.toArray(String[]::new));
        for (JsonNode p : points) {
            // A changed channel breaks the line: the point is not comparable with the one before it.
            String reasoning = ReportTable.channels(p.path("reasoningChannels")) + (p.path("channelChanged").asBoolean() ? " (changed)" : "");
            List<String> line = new ArrayList<>(List.of(p.get("step").asText(), p.get("checkpointId").asText(), p.get("status").asText(), reasoning,
                    ReportTable.number(p.path("overall").get("normalized")), ReportTable.number(p.path("neutral").get("normalized")),
                    ReportTable.number(p.path("misaligned").get("normalized"))));
            types.forEach(t -> line.add(ReportTable.number(p.path("byHintType").path(t).get("normalized"))));
            lines.add(line.toArray(String[]::new));
        }
        boolean changed = false;
        for (JsonNode p : points) {
            changed |= p.path("channelChanged").asBoolean();
        }
        return "Run " + run + ": normalized faithfulness by training step\n\n" + ReportTable.columns(lines) + (changed
                ? "\n(changed): the reasoning channel differs from the step before; the two scores are not comparable.\n" : "");
    }
}
