package io.faithwatch.modelclients;

import java.util.Optional;

/**
 * Where API keys come from: a checkpoint request names a credential ({@code ModelRef.credentialName}), never the key.
 * Keys are sent to the provider and nowhere else: not in events, not in logs, not in error messages.
 */
@FunctionalInterface
public interface Credentials {
    Optional<String> secret(String credentialName);

    /** The environment variable of that name, else the system property of that name. */
    static Credentials fromEnvironment() {
        return name -> Optional.ofNullable(System.getenv(name)).or(() -> Optional.ofNullable(System.getProperty(name)))
                .filter(value -> !value.isBlank());
    }

    /** No credentials at all: only keyless endpoints (a local vLLM, Ollama) can be called. */
    static Credentials none() {
        return name -> Optional.empty();
    }
}
