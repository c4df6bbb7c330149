package io.faithwatch.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.faithwatch.events.Metrics;

/** The README's table of metrics names exactly the metrics of the contract ({@link Metrics}), each with its labels. */
class ReadmeMetricsTest {
    static final Pattern NAME = Pattern.compile("`(faith_[a-z_]+)`");

    @Test
    void theMetricsTableIsTheContract() throws IOException {
        String readme = Files.readString(OpsFiles.ROOT.resolve("README.md"));
        String section = readme.substring(readme.indexOf("\n## Metrics"), readme.indexOf("\n## ", readme.indexOf("\n## Metrics") + 1));
        Map<String, Set<String>> documented = new TreeMap<>();
        Set<String> base = Set.of();
        for (String line : section.lines().filter(l -> l.startsWith("| `faith_")).toList()) {
            String[] cells = line.split("\\|");
            String cell = cells[2].strip();
            Set<String> labels = labels(cell, base);
            if (!cell.startsWith("same")) {
                base = labels;
            }
            Matcher names = NAME.matcher(cells[1]);
            while (names.find()) {
                documented.put(names.group(1), labels);
            }
        }
        Map<String, Set<String>> contract = new TreeMap<>();
        for (Metrics.Metric metric : Metrics.all()) {
            contract.put(metric.prometheusName(), new TreeSet<>(metric.tags()));
        }
        assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(contract.keySet());
        contract.forEach((name, tags) -> assertThat(documented.get(name)).as("labels of " + name).containsExactlyInAnyOrderElementsOf(tags));
    }

    /** "run, checkpoint", "same" (as the last row that lists its own), "same + outcome", "kind (`prompt`, ...)", or empty. */
    static Set<String> labels(String cell, Set<String> base) {
        Set<String> labels = new LinkedHashSet<>();
        String text = cell.replaceAll("\\([^)]*\\)", "");
        if (text.startsWith("same")) {
            labels.addAll(base);
            text = text.substring(4).replace("+", "");
        }
        List<String> words = new ArrayList<>();
        for (String word : text.split(",")) {
            if (!word.isBlank()) {
                words.add(word.strip());
            }
        }
        labels.addAll(words);
        return labels;
    }
}
