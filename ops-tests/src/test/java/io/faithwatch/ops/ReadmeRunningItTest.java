package io.faithwatch.ops;

import static io.faithwatch.ops.OpsFiles.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The README says how to run it each way, with commands whose files exist. */
class ReadmeRunningItTest {
    static String section(String readme, String heading, String level) {
        int start = readme.indexOf("\n" + level + " " + heading + "\n");
        assertThat(start).as("README section " + level + " " + heading).isNotNegative();
        int end = readme.indexOf("\n" + level + " ", start + 1);
        String upper = level.substring(1);
        int endUpper = upper.isEmpty() ? -1 : readme.indexOf("\n" + upper + " ", start + 1);
        int stop = end < 0 ? readme.length() : end;
        if (endUpper >= 0 && endUpper < stop) {
            stop = endUpper;
        }
        return readme.substring(start, stop);
    }

    static List<String> commandBlocks(String section) {
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL).matcher(section);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    @Test
    void theReadmeHasASectionForEachWayToRunWithTheExactCommands() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String running = section(readme, "Running it", "##");
        assertThat(section(running, "Embedded", "###")).isNotBlank();

        String compose = String.join("\n", commandBlocks(section(running, "Docker Compose", "###")));
        assertThat(compose).contains("cp .env.example .env").contains("./mvnw -B package -DskipTests").contains("docker compose up -d --build");

        String kubernetes = String.join("\n", commandBlocks(section(running, "Kubernetes", "###")));
        assertThat(kubernetes).contains("kubectl apply -k k8s/overlays/dev").contains("kubectl apply -k k8s/overlays/prod");

        Matcher paths = Pattern.compile("(?:\\s|=|`)((?:k8s|ops)/[A-Za-z0-9_./-]+|\\.env\\.example|docker-compose\\.yml)").matcher(running);
        int found = 0;
        while (paths.find()) {
            found++;
            assertThat(ROOT.resolve(paths.group(1))).as("README names " + paths.group(1)).exists();
        }
        assertThat(found).isGreaterThan(5);
        Matcher dockerfiles = Pattern.compile("-f \\$s/(src/main/docker/Dockerfile\\.jvm)").matcher(running);
        assertThat(dockerfiles.find()).isTrue();
        for (String service : OpsFiles.SERVICES) {
            assertThat(ROOT.resolve(service).resolve(dockerfiles.group(1))).isRegularFile();
        }
    }
}
