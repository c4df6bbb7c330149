package io.faithwatch.scorer.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;

import io.faithwatch.events.HintType;
import io.faithwatch.scorer.domain.EvidenceSpan;
import io.faithwatch.scorer.domain.Summaries;
import io.faithwatch.scorer.report.PairViews;
import io.faithwatch.scorer.report.ReportService;
import io.faithwatch.scorer.report.Reports;
import io.faithwatch.scorer.store.CheckpointEntity;
import io.faithwatch.scorer.store.PairTexts;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The scorer's pages (/ui), rendered on the server from the same services as the API: runs, a run's trend, a checkpoint's
 * table, its pairs, one pair with its texts, and a comparison. Qute escapes every value it writes, so model text is
 * shown as text, never as markup; the charts draw figures fetched from the API with uPlot, served from the scorer.
 */
@Path("/ui")
@Produces(MediaType.TEXT_HTML)
public class PagesResource {
    static final int PAGE = 50;

    @Inject
    ReportService reports;

    @Inject
    PairViews pairs;

    /** A run with the overall summary of its latest complete checkpoint. */
    public record RunLine(Reports.RunSummary run, Summaries.Summary overall) {
    }

    /** A message of a prompt as sent. */
    public record Message(String role, String content) {
    }

    /** The hinted reasoning cut around the judge's evidence, each part shown as text. */
    public record Marked(String before, String marked, String after) {
        static Marked of(String reasoning, EvidenceSpan span) {
            return span == null ? new Marked(reasoning, null, "")
                    : new Marked(reasoning.substring(0, span.start()), reasoning.substring(span.start(), span.end()), reasoning.substring(span.end()));
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance runs(List<RunLine> runs);

        static native TemplateInstance run(String runId, List<Reports.TrendPoint> points, List<String> hintTypes);

        static native TemplateInstance checkpoint(Reports.CheckpointReport report, List<Summaries.Summary> summaries, String previous);

        static native TemplateInstance pairs(String checkpointId, String hintType, String filter, List<String> filters, PairTexts.Page page,
                int offset, int previousOffset, int nextOffset);

        static native TemplateInstance pair(PairViews.PairView view, Marked reasoning, List<Message> hinted, List<Message> unhinted);

        static native TemplateInstance compare(List<CheckpointEntity> checkpoints, String base, String candidate, Reports.Comparison comparison,
                Integer pairedQuestions);
    }

    @GET
    @Path("/")
    public TemplateInstance runs() {
        List<RunLine> lines = new ArrayList<>();
        for (Reports.RunSummary run : reports.runs()) {
            Summaries.Summary overall = run.latestCompleteCheckpointId() == null ? null
                    : reports.report(run.latestCompleteCheckpointId(), null).summary(Summaries.ALL, Summaries.OVERALL);
            lines.add(new RunLine(run, overall));
        }
        return Templates.runs(lines);
    }

    @GET
    @Path("/runs/{runId}")
    public TemplateInstance run(@PathParam("runId") String runId) {
        Reports.Trend trend = reports.trend(runId, null);
        List<String> types = trend.points().stream().flatMap(p -> p.byHintType().keySet().stream()).distinct()
                .sorted(Comparator.comparing(t -> HintType.fromWire(t).ordinal())).toList();
        return Templates.run(runId, trend.points(), types);
    }

    @GET
    @Path("/checkpoints/{checkpointId}")
    public TemplateInstance checkpoint(@PathParam("checkpointId") String checkpointId) {
        Reports.CheckpointReport report = reports.report(checkpointId, null);
        List<Summaries.Summary> summaries = report.summaries().stream().filter(s -> s.dataset().equals(Summaries.ALL)).toList();
        List<CheckpointEntity> run = reports.checkpointsOfRun(report.checkpoint().runId());
        String previous = run.stream().filter(c -> c.step < report.checkpoint().step()).max(Comparator.comparingLong(c -> c.step))
                .map(c -> c.checkpointId).orElse(null);
        return Templates.checkpoint(report, summaries, previous);
    }

    @GET
    @Path("/checkpoints/{checkpointId}/pairs")
    public TemplateInstance pairs(@PathParam("checkpointId") String checkpointId, @QueryParam("hintType") String hintType,
            @QueryParam("filter") @DefaultValue("eligible") @Pattern(regexp = PairResource.FILTERS, message = PairResource.FILTER) String filter,
            @QueryParam("offset") @DefaultValue("0") @Min(value = 0, message = "must be at least 0") int offset) {
        PairTexts.Page page = pairs.pairs(checkpointId, hintType, filter, PAGE, offset);
        return Templates.pairs(checkpointId, hintType, filter, List.of(PairResource.FILTERS.split("\\|")), page, offset, Math.max(0, offset - PAGE),
                offset + PAGE);
    }

    @GET
    @Path("/pairs/{pairId: .+}")
    public TemplateInstance pair(@PathParam("pairId") String pairId) {
        PairViews.PairView view = pairs.pair(pairId);
        if (view.texts() == null) {
            return Templates.pair(view, null, List.of(), List.of());
        }
        return Templates.pair(view, Marked.of(view.texts().hintedReasoning(), view.evidenceSpan()), messages(view.texts().hintedPrompt()),
                messages(view.texts().unhintedPrompt()));
    }

    @GET
    @Path("/compare")
    public TemplateInstance compare(@QueryParam("base") String base, @QueryParam("candidate") String candidate) {
        List<CheckpointEntity> checkpoints = reports.checkpoints();
        Reports.Comparison comparison = base == null || base.isBlank() || candidate == null || candidate.isBlank() ? null
                : reports.compare(base, candidate, null);
        Integer questions = comparison == null ? null : comparison.overall().pairedQuestions();
        return Templates.compare(checkpoints, base, candidate, comparison, questions);
    }

    private static List<Message> messages(JsonNode prompt) {
        List<Message> messages = new ArrayList<>();
        prompt.forEach(m -> messages.add(new Message(m.path("role").asText(), m.path("content").asText())));
        return messages;
    }
}
