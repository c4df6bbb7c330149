package io.faithwatch.ops;

import static io.faithwatch.ops.OpsFiles.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.faithwatch.events.KafkaAccess;

/**
 * The tables of who may do what on Kafka, in the README ("Docker Compose") and in docs/design.md ("Least privilege on
 * Kafka"), say what {@link KafkaAccess} says: a row per principal, with its topics read and written and its consumer
 * groups ({@code name-*} for a group prefix).
 */
class KafkaAccessDocsTest {
    static final Pattern CODE = Pattern.compile("`([^`]+)`");

    static Set<String> names(String cell) {
        Set<String> names = new TreeSet<>();
        Matcher m = CODE.matcher(cell);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @ParameterizedTest
    @ValueSource(strings = {"README.md", "docs/design.md"})
    void theTableOfPrincipalsSaysWhatKafkaAccessSays(String file) throws IOException {
        String text = Files.readString(ROOT.resolve(file));
        int header = text.indexOf("| principal | reads | writes | consumer groups |");
        assertThat(header).as(file + " has the table of principals").isNotNegative();
        Map<String, List<Set<String>>> rows = new TreeMap<>();
        for (String line : text.substring(header).lines().skip(2).takeWhile(l -> l.startsWith("|")).toList()) {
            String[] cells = line.split("\\|", -1);
            assertThat(cells).as(file + ": " + line).hasSize(6);
            Set<String> principal = names(cells[1]);
            assertThat(principal).as(file + ": " + line).hasSize(1);
            assertThat(rows.put(principal.iterator().next(), List.of(names(cells[2]), names(cells[3]), names(cells[4]))))
                    .as(file + ": one row per principal").isNull();
        }
        Map<String, List<Set<String>>> expected = new TreeMap<>();
        for (KafkaAccess.Grant grant : KafkaAccess.all()) {
            Set<String> groups = new TreeSet<>(grant.groups());
            grant.groupPrefixes().forEach(prefix -> groups.add(prefix + "*"));
            expected.put(grant.principal(), List.of(new TreeSet<>(grant.reads()), new TreeSet<>(grant.writes()), groups));
        }
        assertThat(rows).as(file + ": principal -> [reads, writes, consumer groups]").isEqualTo(expected);
    }
}
