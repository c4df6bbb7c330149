package io.faithwatch.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The README's settings tables document every setting of each service's config mapping, with the default the code
 * declares (a default is written once, in the code; the README must agree), and no setting the code does not have.
 */
class ReadmeSettingsTest {
    static final java.util.List<String> SERVICES = OpsFiles.SERVICES;
    static final Pattern ROW = Pattern.compile("^\\| `(faith\\.[a-z-]+\\.[^`]+)` \\| ([^|]*) \\|", Pattern.MULTILINE);
    static final Pattern DEFAULT = Pattern.compile("^`([^`]*)`$");

    @ParameterizedTest
    @FieldSource("SERVICES")
    void everySettingIsDocumentedWithItsDefault(String service) throws IOException {
        String readme = Files.readString(OpsFiles.ROOT.resolve("README.md"));
        Map<String, String> documented = new TreeMap<>();
        Matcher row = ROW.matcher(readme);
        while (row.find()) {
            if (row.group(1).startsWith("faith." + service + ".")) {
                Matcher value = DEFAULT.matcher(row.group(2).strip());
                String previous = documented.put(row.group(1), value.matches() ? value.group(1) : null);
                assertThat(previous).as(row.group(1) + " documented twice with different defaults").isIn(null, documented.get(row.group(1)));
            }
        }
        Map<String, String> declared = Settings.of(service);
        assertThat(documented.keySet()).as(service + " settings in the README").containsExactlyInAnyOrderElementsOf(declared.keySet());
        declared.forEach((name, value) -> assertThat(documented.get(name)).as("default of " + name).isEqualTo(value));
    }
}
