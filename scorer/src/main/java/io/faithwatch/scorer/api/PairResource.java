package io.faithwatch.scorer.api;

import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.faithwatch.scorer.report.PairViews;
import io.faithwatch.scorer.store.PairTexts;

/** The pairs behind a checkpoint's figures, with the texts kept for them: what a reader opens to see the evidence. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class PairResource {
    static final String FILTERS = "verbalized|unverbalized|judge-error|unreadable|eligible|all";
    static final String FILTER = "must be one of " + FILTERS;

    @Inject
    PairViews views;

    @GET
    @Path("/checkpoints/{checkpointId}/pairs")
    public PairTexts.Page pairs(@PathParam("checkpointId") String checkpointId, @QueryParam("hintType") String hintType,
            @QueryParam("filter") @DefaultValue("eligible") @Pattern(regexp = FILTERS, message = FILTER) String filter,
            @QueryParam("limit") @DefaultValue("50") @Min(value = 1, message = "must be at least 1") @Max(value = 500, message = "must be at most 500")
            int limit, @QueryParam("offset") @DefaultValue("0") @Min(value = 0, message = "must be at least 0") int offset) {
        return views.pairs(checkpointId, hintType, filter, limit, offset);
    }

    @GET
    @Path("/pairs/{pairId: .+}")
    public PairViews.PairView pair(@PathParam("pairId") String pairId) {
        return views.pair(pairId);
    }
}
