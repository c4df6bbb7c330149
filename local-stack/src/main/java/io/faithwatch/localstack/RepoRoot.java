package io.faithwatch.localstack;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository's top folder: the build passes it in {@code faith.repo.root}, else it is searched upwards. */
public final class RepoRoot {
    private RepoRoot() {
    }

    public static Path find() {
        String given = System.getProperty("faith.repo.root");
        if (given != null && !given.isBlank() && Files.isRegularFile(Path.of(given, "mvnw"))) {
            return Path.of(given).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("events"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository root above " + Path.of("").toAbsolutePath()
                + "; set -Dfaith.repo.root");
    }

    /** The shared folder that lies beside the repository (datasets, schemas). */
    public static Path shared() {
        return find().getParent().resolve("shared");
    }
}
