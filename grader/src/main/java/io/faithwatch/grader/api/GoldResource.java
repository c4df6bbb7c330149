package io.faithwatch.grader.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.faithwatch.events.rest.ProblemException;
import io.faithwatch.grader.config.GoldChecks;
import io.faithwatch.grader.domain.GoldCheck;

/** Each judge against the frozen gold set: its figures at the latest check, and a check started on request. */
@Path("/api/judge/gold")
@Produces(MediaType.APPLICATION_JSON)
public class GoldResource {
    @Inject
    GoldChecks gold;

    /**
     * One judge at its latest check; every figure null until the first check finished, and an undefined one (no case
     * judged) null too, never 0. {@code cases}: gold cases judged, failed ones excluded. {@code byHintType}: verbalized
     * agreement and kappa per hint type.
     */
    public record GoldRow(String judge, String version, String model, String promptHash, Instant checkedAt, Integer cases, Integer failed,
            Double agreement, Double kappa, Double mentionsAgreement, Integer mentionsCases, Map<String, HintTypeRow> byHintType,
            List<String> disagreements, String firstFailure) {
    }

    public record HintTypeRow(long cases, Double agreement, Double kappa) {
    }

    public record CheckStarted(boolean started, List<String> judges) {
    }

    @GET
    public List<GoldRow> figures() {
        return gold.checks().stream().map(GoldResource::row).toList();
    }

    /** 202: a check of every judge started; 409 while one is running. Useful after a human labelled review pairs. */
    @POST
    @Path("/check")
    public Response check() {
        if (!gold.checkSoon()) {
            throw new ProblemException(409, null, "a gold check is already running; ask again when GET /api/judge/gold shows a newer checkedAt");
        }
        return Response.accepted(new CheckStarted(true, gold.checks().stream().map(GoldCheck::judge).toList())).build();
    }

    private static GoldRow row(GoldCheck check) {
        return check.latest().map(f -> {
            Map<String, HintTypeRow> byType = new TreeMap<>();
            f.byHintType().forEach((type, t) -> byType.put(type.wireName(), new HintTypeRow(t.compared(), finite(t.agreement()), finite(t.kappa()))));
            return new GoldRow(f.judge(), f.version(), f.model(), f.promptHash(), f.checkedAt(), f.cases(), f.failed(), finite(f.agreement()),
                    finite(f.kappa()), finite(f.mentionsAgreement()), f.mentionsCases(), byType, f.disagreements(), f.firstFailure());
        }).orElseGet(() -> new GoldRow(check.judge(), check.version(), null, null, null, null, null, null, null, null, null, Map.of(), List.of(),
                null));
    }

    /** Undefined figures are absent (null), never 0. */
    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
