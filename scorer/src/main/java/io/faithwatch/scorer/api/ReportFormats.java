package io.faithwatch.scorer.api;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import io.faithwatch.scorer.domain.Interval;
import io.faithwatch.scorer.domain.JudgeUse;
import io.faithwatch.scorer.report.Reports;
import io.faithwatch.scorer.report.Reports.CheckpointReport;
import io.faithwatch.scorer.report.Reports.Row;
import io.faithwatch.scorer.domain.Summaries.Summary;

/** The checkpoint report as CSV (one line per row or summary) and as the paper-style Markdown table. */
final class ReportFormats {
    static final List<String> CSV_HEADER = List.of("checkpoint_id", "run_id", "step", "arm", "dataset", "scope", "hint_type", "category",
            "pairs", "eligible", "verbalized", "judge_failed", "p", "q", "alpha", "raw", "normalized", "ci_low", "ci_high",
            "tokens_faithful_mean", "tokens_faithful_median", "tokens_unfaithful_mean", "tokens_unfaithful_median", "accuracy_unhinted",
            "accuracy_hinted", "correct_turned_wrong_rate", "unreadable", "reasoning_channels");

    private ReportFormats() {
    }

    /**
     * Undefined figures are empty cells; rows have scope "hint_type", summaries their scope. Columns added later come last,
     * so that readers by position keep working; reasoning channels are separated by spaces, like hint types.
     */
    static String csv(CheckpointReport r) {
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(CSV_HEADER.toArray(String[]::new)).get())) {
            var c = r.checkpoint();
            for (Row row : r.rows()) {
                csv.printRecord(c.checkpointId(), c.runId(), c.step(), r.arm(), row.dataset(), "hint_type", row.hintType(), row.category(),
                        row.pairs(), row.eligible(), row.verbalized(), row.judgeFailed(), cell(row.p()), cell(row.q()), cell(row.alpha()),
                        cell(row.raw()), cell(row.normalized()), cell(low(row.normalizedCi())), cell(high(row.normalizedCi())),
                        cell(row.faithfulTokens().mean()), cell(row.faithfulTokens().median()), cell(row.unfaithfulTokens().mean()),
                        cell(row.unfaithfulTokens().median()), cell(row.accuracyUnhinted()), cell(row.accuracyHinted()),
                        cell(row.correctTurnedWrongRate()), row.unreadable(), String.join(" ", row.reasoningChannels()));
            }
            for (Summary s : r.summaries()) {
                boolean hintType = s.hintTypes().size() == 1 && s.scope().equals(s.hintTypes().get(0));
                List<Object> cells = new ArrayList<>(List.of(c.checkpointId(), c.runId(), c.step(), r.arm(), s.dataset(),
                        hintType ? "hint_type" : s.scope(), hintType ? s.scope() : String.join(" ", s.hintTypes()), ""));
                cells.addAll(List.of("", "", "", "", "", "", "", "", cell(s.normalized()), cell(low(s.normalizedCi())),
                        cell(high(s.normalizedCi())), "", "", "", "", "", "", "", s.unreadable(), String.join(" ", s.reasoningChannels())));
                csv.printRecord(cells);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** "Model calls: $1.2345 for 700 priced pairs, both arms; $0.0123 per eligible pair (100)." */
    static String cost(Reports.Cost cost) {
        return String.format(Locale.ROOT, "Model calls: $%.4f for %d priced pairs, both arms; %s per eligible pair (%d).", cost.costUsd(),
                cost.pricedPairs(), cost.costPerEligiblePair() == null ? "undefined" : String.format(Locale.ROOT, "$%.4f",
                        cost.costPerEligiblePair()), cost.eligiblePairs());
    }

    static String markdown(CheckpointReport r) {
        var c = r.checkpoint();
        StringBuilder md = new StringBuilder();
        md.append("## Checkpoint ").append(c.checkpointId()).append(" (run ").append(c.runId()).append(", step ").append(c.step())
                .append(")\n\n");
        md.append(String.format(Locale.ROOT, "Status %s: %d of %d pairs scored. Arm %s. 95%% CI: percentile bootstrap, %d resamples, seed %d."
                + " Undefined figures read \"undefined\".%n%n", c.status(), c.pairsScored(), c.plannedPairs(), r.arm(),
                r.method().bootstrapResamples(), r.method().bootstrapSeed()));
        md.append("Judged by: ").append(judges(r)).append(".\n\n");
        md.append(reasoning(r)).append("\n\n");
        if (r.channelChange() != null) {
            var change = r.channelChange();
            md.append("**Reasoning channel changed**: ").append(String.join(", ", change.previousChannels())).append(" at ")
                    .append(change.previousCheckpointId()).append(" (step ").append(change.previousStep()).append("), ")
                    .append(String.join(", ", change.channels())).append(" here; the two are not comparable.\n\n");
        }
        if (r.cost() != null && r.cost().costUsd() != null) {
            md.append(cost(r.cost())).append("\n\n");
        }
        md.append("| dataset | hint type | category | raw | normalized | 95% CI | eligible n | p | q | alpha | tokens faithful"
                + " (mean / median) | tokens unfaithful (mean / median) | judge failed | unreadable | reasoning |\n");
        md.append("|---|---|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Row row : r.rows()) {
            md.append("| ").append(row.dataset()).append(" | ").append(row.hintType()).append(" | ").append(row.category()).append(" | ")
                    .append(pct(row.raw())).append(" | ").append(pct(row.normalized())).append(" | ").append(ci(row.normalizedCi()))
                    .append(" | ").append(row.eligible()).append(" | ").append(num(row.p())).append(" | ").append(num(row.q()))
                    .append(" | ").append(num(row.alpha())).append(" | ").append(tokens(row.faithfulTokens())).append(" | ")
                    .append(tokens(row.unfaithfulTokens())).append(" | ").append(row.judgeFailed()).append(" | ").append(row.unreadable())
                    .append(" | ").append(channels(row.reasoningChannels())).append(" |\n");
        }
        md.append("\n| dataset | scope | hint types | normalized | 95% CI | unreadable | reasoning |\n")
                .append("|---|---|---|---:|---|---:|---|\n");
        for (Summary s : r.summaries()) {
            md.append("| ").append(s.dataset()).append(" | ").append(s.scope()).append(" | ").append(String.join(", ", s.hintTypes()))
                    .append(" | ").append(pct(s.normalized())).append(" | ").append(ci(s.normalizedCi())).append(" | ").append(s.unreadable())
                    .append(" | ").append(channels(s.reasoningChannels())).append(" |\n");
        }
        if (!r.judgeSensitivity().isEmpty()) {
            md.append("\nJudge sensitivity: the normalized score under each judge; the authoritative one is reported above.\n\n")
                    .append("| scope | hint types | authoritative | second judge | second - authoritative |\n|---|---|---:|---:|---:|\n");
            for (Reports.JudgeBand b : r.judgeSensitivity()) {
                md.append("| ").append(b.scope()).append(" | ").append(String.join(", ", b.hintTypes())).append(" | ").append(pct(b.authoritative()))
                        .append(" | ").append(pct(b.second())).append(" | ").append(points(b.difference())).append(" |\n");
            }
        }
        return md.toString();
    }

    /**
     * What the checkpoint's scores were measured on: "Reasoning: raw." and, when some eligible pairs could not be read,
     * how many, so that a reader never takes a score over summaries for one over raw chains of thought, nor a redacted
     * pair for an unfaithful one.
     */
    static String reasoning(CheckpointReport r) {
        Summary all = r.summary(Reports.ALL, Reports.OVERALL);
        if (all == null) {
            return "Reasoning: no verdict.";
        }
        String text = "Reasoning: " + channels(all.reasoningChannels()) + ".";
        return all.unreadable() == 0 ? text : text + " Unreadable (redacted) eligible pairs: " + all.unreadable()
                + ", in neither part of raw.";
    }

    private static String channels(List<String> channels) {
        return channels.isEmpty() ? "-" : String.join(", ", channels);
    }

    /** A difference of scores in percentage points, signed. */
    private static String points(Double v) {
        return v == null ? "undefined" : String.format(Locale.ROOT, "%+.1f pp", 100 * v);
    }

    /** "rule 3 (12 verdicts), llm (12 verdicts, second judge)", or "no judged verdict". */
    static String judges(CheckpointReport r) {
        return r.judges().isEmpty() ? "no judged verdict" : String.join(", ", r.judges().stream().map(JudgeUse::describe).toList());
    }

    private static Object cell(Double value) {
        return value == null ? "" : value;
    }

    private static Double low(Interval i) {
        return i == null ? null : i.low();
    }

    private static Double high(Interval i) {
        return i == null ? null : i.high();
    }

    private static String pct(Double v) {
        return v == null ? "undefined" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    private static String num(Double v) {
        return v == null ? "undefined" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String ci(Interval i) {
        return i == null ? "undefined" : String.format(Locale.ROOT, "[%.1f%%, %.1f%%]", 100 * i.low(), 100 * i.high());
    }

    private static String tokens(io.faithwatch.scorer.domain.TokenStats t) {
        return t.pairs() == 0 ? "undefined" : String.format(Locale.ROOT, "%.1f / %.1f", t.mean(), t.median());
    }
}
