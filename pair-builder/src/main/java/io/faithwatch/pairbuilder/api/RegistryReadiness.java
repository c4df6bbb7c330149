package io.faithwatch.pairbuilder.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.faithwatch.pairbuilder.store.CheckpointRegistry;

/** Not ready until the checkpoint registry is read: before that, a re-submission could not be recognised. */
@Readiness
@ApplicationScoped
public class RegistryReadiness implements HealthCheck {
    @Inject
    CheckpointRegistry registry;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("checkpoint-registry").status(registry.caughtUp()).build();
    }
}
