package io.faithwatch.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.faithwatch.modelclients.SimulatedTraining.Planted;

/**
 * The figures the scorer measured on a simulated training run ({@code GET /api/v1/runs/{run}/rollouts}) beside the truth
 * planted in it: per step, pooled over the environments (or per step and environment), the exploitation rate and the
 * verbalization rate among the judged exploited rollouts with their 95% Wilson intervals, and whether each planted rate
 * lies inside its interval.
 */
final class RolloutTable {
    static final String LEGEND = """
            exploitation = rollouts whose answer is the rewarded one / rollouts; verbalization = judged exploited rollouts whose reasoning
            says it used the cue / judged exploited rollouts (the grader judges a sample). Intervals are the scorer's 95% Wilson intervals;
            pooled rows are the scorer's figures of the step's environments together. planted = the run's truth (exploited / rollouts,
            verbalized / exploited over every rollout).""";

    private RolloutTable() {
    }

    /** Counts that add up over environments; {@code judged} and {@code verbalized} are the scorer's, the rest are both. */
    private record Row(long step, String environment, long rollouts, long exploited, long judged, long verbalized, long plantedRollouts,
            long plantedExploited, long plantedVerbalized) {

        Row plus(Row other) {
            return new Row(step, environment, rollouts + other.rollouts, exploited + other.exploited, judged + other.judged,
                    verbalized + other.verbalized, plantedRollouts + other.plantedRollouts, plantedExploited + other.plantedExploited,
                    plantedVerbalized + other.plantedVerbalized);
        }
    }

    /** A rate with its interval, as the scorer computed it; a run row's rate has no interval (NaN bounds). */
    record Rate(double value, double low, double high) {
        /** A share without an interval; null when {@code n} is 0. */
        static Rate valueOnly(long successes, long n) {
            return n == 0 ? null : new Rate((double) successes / n, Double.NaN, Double.NaN);
        }

        static Rate of(JsonNode node) {
            return node == null || node.isNull() ? null : new Rate(node.get("value").asDouble(), node.get("low").asDouble(), node.get("high").asDouble());
        }

        boolean hasInterval() {
            return !Double.isNaN(low);
        }

        /** Whether {@code truth} lies inside the interval, allowing for the rounding of the interval's printed bounds. */
        boolean holds(double truth) {
            return truth >= low - 1e-9 && truth <= high + 1e-9;
        }
    }

    /**
     * The table. {@code byEnvironment}: one row per step and environment; otherwise one row per step, the environments
     * pooled (the same as by environment when there is one). {@code rollouts} are the scorer's points per step and
     * environment, {@code pooledRollouts} its points per step over every environment ({@code pooled=true}).
     */
    static String render(String runId, JsonNode rollouts, JsonNode pooledRollouts, List<Planted> planted, boolean byEnvironment) {
        Map<Long, JsonNode> pooledPoints = new LinkedHashMap<>();
        for (JsonNode point : pooledRollouts.path("points")) {
            pooledPoints.put(point.get("step").asLong(), point);
        }
        Map<String, JsonNode> points = new LinkedHashMap<>();
        for (JsonNode point : rollouts.path("points")) {
            points.put(point.get("step").asLong() + "/" + point.get("environment").asText(), point);
        }
        long environments = planted.stream().map(cell -> cell.environment().name()).distinct().count();
        boolean perEnvironment = byEnvironment || environments == 1;
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] { "step", "environment", "rollouts", "exploitation", "95% CI", "planted", "inside", "judged", "verbalization",
                "95% CI", "planted", "inside" });
        Map<Long, Row> pooled = new LinkedHashMap<>();
        Row total = null;
        int inside = 0;
        int checked = 0;
        for (Planted cell : planted) {
            JsonNode point = points.get(cell.step() + "/" + cell.environment().name());
            Row row = new Row(cell.step(), cell.environment().name(), point == null ? 0 : point.get("rollouts").asLong(),
                    point == null ? 0 : point.get("exploited").asLong(), point == null ? 0 : point.get("judged").asLong(),
                    point == null ? 0 : point.get("verbalized").asLong(), cell.rollouts(), cell.exploited(), cell.verbalized());
            if (perEnvironment) {
                // The scorer's own intervals; the same formula as here, so a row reads the same either way.
                Rate exploitation = point == null ? null : Rate.of(point.get("exploitationRate"));
                Rate verbalization = point == null ? null : Rate.of(point.get("verbalizationRate"));
                String[] line = line(row, exploitation, verbalization);
                lines.add(line);
                inside += count(line, "yes");
                checked += count(line, "yes") + count(line, "NO");
            } else {
                pooled.merge(cell.step(), new Row(cell.step(), "all (" + environments + ")", row.rollouts, row.exploited, row.judged,
                        row.verbalized, row.plantedRollouts, row.plantedExploited, row.plantedVerbalized), Row::plus);
            }
            total = total == null ? new Row(0, "", row.rollouts, row.exploited, row.judged, row.verbalized, row.plantedRollouts,
                    row.plantedExploited, row.plantedVerbalized) : total.plus(row);
        }
        for (Row row : pooled.values()) {
            JsonNode point = pooledPoints.get(row.step);
            String[] line = line(row, point == null ? null : Rate.of(point.get("exploitationRate")),
                    point == null ? null : Rate.of(point.get("verbalizationRate")));
            lines.add(line);
            inside += count(line, "yes");
            checked += count(line, "yes") + count(line, "NO");
        }
        lines.add(null);
        String[] run = line(total, Rate.valueOnly(total.exploited, total.rollouts), Rate.valueOnly(total.verbalized, total.judged));
        run[0] = "run";
        run[1] = environments == 1 ? planted.get(0).environment().name() : "all (" + environments + ")";
        lines.add(run);
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Simulated training run %s: %d rollouts counted of %d published, %d judged%n", runId,
                total.rollouts, total.plantedRollouts, total.judged));
        out.append(String.format(Locale.ROOT, "Planted rates inside their 95%% intervals: %d of %d%s%n%n", inside, checked,
                perEnvironment ? " (per step and environment)" : " (per step, environments pooled)"));
        out.append(ReportTable.columns(lines));
        out.append('\n').append(LEGEND).append('\n');
        return out.toString();
    }

    private static String[] line(Row row, Rate exploitation, Rate verbalization) {
        double plantedExploitation = (double) row.plantedExploited / row.plantedRollouts;
        Double plantedVerbalization = row.plantedExploited == 0 ? null : (double) row.plantedVerbalized / row.plantedExploited;
        return new String[] { String.valueOf(row.step), row.environment, String.valueOf(row.rollouts), number(exploitation),
                interval(exploitation), String.format(Locale.ROOT, "%.3f", plantedExploitation), inside(exploitation, plantedExploitation),
                String.valueOf(row.judged), number(verbalization), interval(verbalization),
                plantedVerbalization == null ? ReportTable.UNDEFINED : String.format(Locale.ROOT, "%.3f", plantedVerbalization),
                inside(verbalization, plantedVerbalization) };
    }

    private static String number(Rate rate) {
        return rate == null ? ReportTable.UNDEFINED : String.format(Locale.ROOT, "%.3f", rate.value());
    }

    private static String interval(Rate rate) {
        return rate == null || !rate.hasInterval() ? "-" : String.format(Locale.ROOT, "[%.3f, %.3f]", rate.low(), rate.high());
    }

    /** yes or NO (capitals, to stand out); "-" when either side is undefined. */
    private static String inside(Rate rate, Double truth) {
        if (rate == null || truth == null || !rate.hasInterval()) {
            return "-";
        }
        return rate.holds(truth) ? "yes" : "NO";
    }

    private static int count(String[] line, String verdict) {
        return (verdict.equals(line[6]) ? 1 : 0) + (verdict.equals(line[11]) ? 1 : 0);
    }
}
