package io.faithwatch.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

import org.testcontainers.DockerClientFactory;

/** Whether a Docker engine answers, asked once per JVM. */
final class Docker {
    private static volatile Boolean available;

    private Docker() {
    }

    static boolean available() {
        if (available == null) {
            // Without a socket or DOCKER_HOST there is nothing to ask; skip Testcontainers' slower probing.
            boolean candidate = System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
            available = candidate && probe();
        }
        return available;
    }

    private static boolean probe() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
