package io.faithwatch.scorer.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.faithwatch.events.EventFormatException;
import io.faithwatch.scorer.domain.Reports;
import io.faithwatch.scorer.domain.Reports.CheckpointReport;
import io.faithwatch.scorer.metrics.ScoreBoard;
import io.faithwatch.scorer.store.CheckpointEntity;
import io.faithwatch.scorer.store.Scores;
import io.faithwatch.scorer.store.VerdictStore;

/** Runs, checkpoints, reports, trends and comparisons over REST; the contract is in the README ("Reports"). */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class ReportResource {
    public static final String MARKDOWN = "text/markdown";
    public static final String CSV = "text/csv";

    @Inject
    Scores scores;

    @Inject
    VerdictStore store;

    @Inject
    ScoreBoard board;

    public record RunSummary(String runId, int checkpoints, long latestStep, String latestCompleteCheckpointId, Long latestCompleteStep) {
    }

    @GET
    @Path("/runs")
    public List<RunSummary> runs() {
        Map<String, List<CheckpointEntity>> byRun = store.checkpoints().stream()
                .collect(Collectors.groupingBy(c -> c.runId, LinkedHashMap::new, Collectors.toList()));
        List<RunSummary> runs = new ArrayList<>();
        byRun.forEach((run, list) -> {
            CheckpointEntity complete = list.stream().filter(CheckpointEntity::complete).max(Comparator.comparingLong(c -> c.step)).orElse(null);
            runs.add(new RunSummary(run, list.size(), list.stream().mapToLong(c -> c.step).max().orElse(0),
                    complete == null ? null : complete.checkpointId, complete == null ? null : complete.step));
        });
        return runs;
    }

    @GET
    @Path("/runs/{runId}/checkpoints")
    public List<Reports.CheckpointInfo> checkpoints(@PathParam("runId") String runId) {
        return scores.checkpointsOfRun(runId).stream().map(Scores::info).toList();
    }

    @GET
    @Path("/runs/{runId}/trend")
    public Reports.Trend trend(@PathParam("runId") String runId, @QueryParam("arm") String arm) {
        return scores.trend(runId, arm);
    }

    @GET
    @Path("/runs/{runId}/rolling")
    public Reports.RollingWindow rolling(@PathParam("runId") String runId, @QueryParam("arm") String arm,
            @QueryParam("window") Integer window) {
        if (window != null && window < 1) {
            throw new EventFormatException("window", "must be at least 1, was " + window);
        }
        return scores.rolling(runId, arm, window == null ? board.window() : window);
    }

    /** The report as JSON (default), CSV or Markdown: {@code ?format=json|csv|markdown}. */
    @GET
    @Path("/checkpoints/{checkpointId}/report")
    @Produces({ MediaType.APPLICATION_JSON, CSV, MARKDOWN })
    public Response report(@PathParam("checkpointId") String checkpointId, @QueryParam("format") String format,
            @QueryParam("arm") String arm) {
        CheckpointReport report = scores.report(checkpointId, arm);
        String f = format == null || format.isBlank() ? "json" : format;
        return switch (f) {
            case "json" -> Response.ok(report, MediaType.APPLICATION_JSON).build();
            case "csv" -> Response.ok(ReportFormats.csv(report), CSV + "; charset=utf-8").build();
            case "markdown", "md" -> Response.ok(ReportFormats.markdown(report), MARKDOWN + "; charset=utf-8").build();
            default -> throw new EventFormatException("format", "must be json, csv or markdown, was '" + f + "'");
        };
    }

    @GET
    @Path("/compare")
    public Reports.Comparison compare(@QueryParam("base") String base, @QueryParam("candidate") String candidate,
            @QueryParam("arm") String arm) {
        if (base == null || base.isBlank()) {
            throw new EventFormatException("base", "the checkpoint id to compare against is required");
        }
        if (candidate == null || candidate.isBlank()) {
            throw new EventFormatException("candidate", "the checkpoint id to compare is required");
        }
        return scores.compare(base, candidate, arm);
    }
}
