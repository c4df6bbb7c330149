package io.faithwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.faithwatch.localstack.RepoRoot;

/**
 * `faith demo` as a user runs it, in a process of its own, with FAITH_PAIR_BUILDER_API_TOKEN set in the environment (as
 * the compose setup asks users to): the demo's services inherit that environment, and the demo still evaluates.
 */
class DemoCommandIT {
    @Test
    void theDemoWorksWhateverTokenTheEnvironmentHolds() throws Exception {
        Path root = RepoRoot.find();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder demo = new ProcessBuilder(java.toString(), "-Xmx256m", "-Dfaith.repo.root=" + root, "-cp",
                System.getProperty("java.class.path"), Faith.class.getName(), "demo", "--sample", "5", "--logs",
                root.resolve("cli/target/service-logs-demo").toString()).redirectErrorStream(true);
        Path printedTo = root.resolve("cli/target/demo-output.txt");
        demo.redirectOutput(printedTo.toFile());
        demo.environment().put("FAITH_PAIR_BUILDER_API_TOKEN", "a-users-own-token-0f3c");
        Process process = demo.start();
        boolean ended = process.waitFor(5, TimeUnit.MINUTES);
        if (!ended) {
            process.destroyForcibly();
        }
        String printed = Files.readString(printedTo, StandardCharsets.UTF_8);
        assertThat(ended).as(printed).isTrue();
        assertThat(process.exitValue()).as(printed).isZero();
        assertThat(printed).contains("submitted checkpoint demo@0: 30 pairs planned")
                .contains("Checkpoint demo@0 (run demo, step 0): 30 of 30 pairs scored, complete").doesNotContain("401");
        for (String scope : List.of("overall", "neutral", "misaligned")) {
            assertThat(printed.lines()).anyMatch(line -> line.startsWith("all") && line.contains(scope));
        }
    }
}
