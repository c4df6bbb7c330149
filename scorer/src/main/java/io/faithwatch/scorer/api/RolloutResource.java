package io.faithwatch.scorer.api;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.faithwatch.events.rest.ProblemException;
import io.faithwatch.scorer.domain.RolloutCounts;
import io.faithwatch.scorer.domain.RolloutPoint;
import io.faithwatch.scorer.store.RolloutStore;

/** A run's training rollouts over REST: exploitation and verbalization per step and environment. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class RolloutResource {
    @Inject
    RolloutStore store;

    /**
     * The figures of a run's rollouts, one point per step and environment, by step then environment; with
     * {@code pooled=true} one point per step over all its environments (environment {@code all}), the intervals computed
     * from the pooled counts.
     */
    public record RunRollouts(String runId, List<RolloutPoint> points) {
    }

    @GET
    @Path("/runs/{run}/rollouts")
    public RunRollouts rollouts(@PathParam("run") String run, @QueryParam("environment") String environment,
            @QueryParam("pooled") @Pattern(regexp = "true|false", message = "must be true or false") String pooled) {
        boolean pool = Boolean.parseBoolean(pooled);
        String only = environment == null || environment.isBlank() ? null : environment;
        if (pool && only != null) {
            throw new ProblemException(400, "pooled", "pooled: pools every environment of a step; leave out environment=" + only);
        }
        List<RolloutCounts> counts = pool ? store.pooledCounts(run) : store.counts(run, only);
        if (counts.isEmpty()) {
            // Tell a run that has no rollout from an environment it has none in: either is a mistyped name.
            if (only == null || !store.has(run, null)) {
                throw ProblemException.notFound("run", run, "no rollout of this run is stored");
            }
            throw ProblemException.notFound("environment", only, "run '" + run + "' has no rollout in this environment");
        }
        return new RunRollouts(run, counts.stream().map(RolloutCounts::figures).toList());
    }
}
