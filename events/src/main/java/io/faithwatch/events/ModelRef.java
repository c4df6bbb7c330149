package io.faithwatch.events;

import java.util.Map;

/**
 * The model under test. {@code credentialName} names where the API key is configured (for example an
 * environment variable); the secret itself never travels in an event.
 */
public record ModelRef(String provider, String baseUrl, String model, Map<String, Object> parameters, String credentialName) {
    public ModelRef {
        Wire.requiredText(provider, "model.provider");
        Wire.requiredText(model, "model.model");
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }

    /** The built-in simulated reasoning model, whose true faithfulness is known. */
    public static ModelRef simulated() {
        return new ModelRef("sim", null, "sim-reasoner", Map.of(), null);
    }
}
