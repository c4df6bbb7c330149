package io.faithwatch.modelcaller.api;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.faithwatch.modelcaller.messaging.ModelProviders;
import io.faithwatch.modelclients.CircuitState;

/**
 * What model-caller is waiting on, for an operator watching a slow model: each endpoint it has called, its circuit, its
 * requests in flight and the calls waiting for it.
 */
@Path("/api/endpoints")
@Produces(MediaType.APPLICATION_JSON)
public class EndpointResource {
    @Inject
    ModelProviders providers;

    public record Endpoint(String provider, String endpoint, CircuitState circuit, int inFlight, int waiting) {
    }

    @GET
    public List<Endpoint> endpoints(@QueryParam("provider") @Pattern(regexp = "openai|openai-responses|anthropic",
            message = "must be openai, openai-responses or anthropic")
            String provider) {
        return providers.endpoints().entrySet().stream().filter(p -> provider == null || p.getKey().equals(provider))
                .flatMap(p -> p.getValue().stream().map(e -> new Endpoint(p.getKey(), e.endpoint(), e.circuit(), e.inFlight(), e.waiting())))
                .toList();
    }
}
