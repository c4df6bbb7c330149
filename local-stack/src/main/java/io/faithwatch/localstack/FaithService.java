package io.faithwatch.localstack;

import java.nio.file.Path;

/** The four services, where their packaged application lies in the repository, and their default HTTP ports. */
public enum FaithService {
    PAIR_BUILDER("pair-builder", 8081),
    MODEL_CALLER("model-caller", 8082),
    GRADER("grader", 8083),
    SCORER("scorer", 8084);

    private final String module;
    private final int defaultPort;

    FaithService(String module, int defaultPort) {
        this.module = module;
        this.defaultPort = defaultPort;
    }

    public String module() {
        return module;
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** The runnable jar that {@code ./mvnw package} leaves in the module (Quarkus fast-jar layout). */
    public Path runnableJar(Path repoRoot) {
        return repoRoot.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }
}
