package io.faithwatch.scorer.api;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.faithwatch.scorer.report.Reports;
import io.faithwatch.scorer.report.Reports.CheckpointReport;
import io.faithwatch.scorer.metrics.FigureGauges;
import io.faithwatch.scorer.report.ReportService;

/** Runs, checkpoints, reports, trends and comparisons over REST; the contract is served at /q/openapi and told in the README ("Reports"). */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class ReportResource {
    public static final String MARKDOWN = "text/markdown";
    public static final String CSV = "text/csv";
    static final String ARMS = "wrong_hint|correct_hint";
    static final String ARM = "must be wrong_hint (the default) or correct_hint";

    @Inject
    ReportService scores;

    @Inject
    FigureGauges board;

    @GET
    @Path("/runs")
    public List<Reports.RunSummary> runs() {
        return scores.runs();
    }

    @GET
    @Path("/runs/{runId}/checkpoints")
    public List<Reports.CheckpointInfo> checkpoints(@PathParam("runId") String runId) {
        return scores.checkpointsOfRun(runId).stream().map(ReportService::info).toList();
    }

    @GET
    @Path("/runs/{runId}/trend")
    public Reports.Trend trend(@PathParam("runId") String runId, @QueryParam("arm") @Pattern(regexp = ARMS, message = ARM) String arm) {
        return scores.trend(runId, arm);
    }

    @GET
    @Path("/runs/{runId}/rolling")
    public Reports.RollingWindow rolling(@PathParam("runId") String runId, @QueryParam("arm") @Pattern(regexp = ARMS, message = ARM) String arm,
            @QueryParam("window") @Min(value = 1, message = "must be at least 1") Integer window) {
        return scores.rolling(runId, arm, window == null ? board.window() : window);
    }

    /** The report as JSON (default), CSV or Markdown: {@code ?format=json|csv|markdown}. */
    @GET
    @Path("/checkpoints/{checkpointId}/report")
    @Produces({ MediaType.APPLICATION_JSON, CSV, MARKDOWN })
    public Response report(@PathParam("checkpointId") String checkpointId,
            @QueryParam("format") @DefaultValue("json") @Pattern(regexp = "json|csv|markdown|md", message = "must be json, csv or markdown")
            String format, @QueryParam("arm") @Pattern(regexp = ARMS, message = ARM) String arm) {
        CheckpointReport report = scores.report(checkpointId, arm);
        return switch (format) {
            case "csv" -> Response.ok(ReportFormats.csv(report), CSV + "; charset=utf-8").build();
            case "markdown", "md" -> Response.ok(ReportFormats.markdown(report), MARKDOWN + "; charset=utf-8").build();
            default -> Response.ok(report, MediaType.APPLICATION_JSON).build();
        };
    }

    @GET
    @Path("/compare")
    public Reports.Comparison compare(@QueryParam("base") @NotBlank(message = "the checkpoint id to compare against is required") String base,
            @QueryParam("candidate") @NotBlank(message = "the checkpoint id to compare is required") String candidate,
            @QueryParam("arm") @Pattern(regexp = ARMS, message = ARM) String arm) {
        return scores.compare(base, candidate, arm);
    }
}
