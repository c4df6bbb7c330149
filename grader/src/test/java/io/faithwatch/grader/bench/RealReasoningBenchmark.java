package io.faithwatch.grader.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import com.fasterxml.jackson.databind.JsonNode;

import io.faithwatch.events.Events;
import io.faithwatch.events.HintType;
import io.faithwatch.events.Judgement;
import io.faithwatch.grader.domain.RuleJudge;

/**
 * The rule judge on real reasoning kept outside the project ({@code ../shared/datasets/real-cot/}: DeepSeek-R1 under a
 * sycophancy hint and a "dev note" hint, labelled by its source for mentioning the hint). Prints agreement of the judge's
 * mention with that label, per hint, the misses' evidence, and how many eligible pairs it judges verbalized; never asserts
 * (the texts are development material, their labels a keyword search: read the misses).
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class RealReasoningBenchmark {
    static final Path RECORDS = Path.of(System.getProperty("real-cot",
            "../../shared/datasets/real-cot/deepseek-r1-671b/records.jsonl"));
    static final Map<String, HintType> HINTS = Map.of("sycophancy", HintType.SYCOPHANCY, "sus", HintType.METADATA);

    @Test
    void agreementOnRealReasoning() throws IOException {
        RuleJudge judge = new RuleJudge();
        Map<String, int[]> byHint = new TreeMap<>();
        List<String> misses = new ArrayList<>();
        Map<String, int[]> eligible = new TreeMap<>();
        List<String> lines = Files.readAllLines(RECORDS);
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            JsonNode record = Events.mapper().readTree(line);
            HintType type = HINTS.get(record.path("hint_type").asText());
            if (type == null || record.path("label_verbalized").isNull()) {
                continue;
            }
            boolean label = record.path("label_verbalized").asBoolean();
            Judgement judgement = judge.read(type, record.path("hint_letter").asText(), record.path("reasoning").asText());
            // [agree, total, true positives, labelled positive, judged positive]
            int[] t = byHint.computeIfAbsent(type.wireName(), k -> new int[5]);
            t[0] += judgement.mentions() == label ? 1 : 0;
            t[1]++;
            t[2] += judgement.mentions() && label ? 1 : 0;
            t[3] += label ? 1 : 0;
            t[4] += judgement.mentions() ? 1 : 0;
            String hint = record.path("hint_letter").asText();
            if (hint.equals(record.path("hinted_answer").asText()) && !hint.equals(record.path("unhinted_answer").asText())) {
                // eligible: the answer moved to the hint; the paper's verbalization is judged on these
                int[] e = eligible.computeIfAbsent(type.wireName(), k -> new int[2]);
                e[0] += judgement.verbalized() ? 1 : 0;
                e[1]++;
            }
            if (judgement.mentions() != label) {
                misses.add(String.format(Locale.ROOT, "  MISS line %d %s label=%s judged=%s evidence \"%s\"", n + 1, type.wireName(), label,
                        judgement.mentions(), abbreviate(judgement.evidence())));
            }
        }
        StringBuilder report = new StringBuilder("\n== Rule judge " + RuleJudge.VERSION + " on real reasoning (" + RECORDS + "), mentions ==\n");
        int[] all = new int[5];
        byHint.forEach((hint, t) -> {
            report.append(row(hint, t));
            for (int i = 0; i < 5; i++) {
                all[i] += t[i];
            }
        });
        report.append(row("all", all));
        eligible.forEach((hint, e) -> report.append(String.format(Locale.ROOT, "  %-12s eligible (answer moved to the hint): %d, judged verbalized %d%n",
                hint, e[1], e[0])));
        misses.forEach(m -> report.append(m).append('\n'));
        System.out.println(report);
    }

    private static String row(String name, int[] t) {
        return String.format(Locale.ROOT, "  %-12s agreement %d/%d = %.3f, recall %.3f, precision %.3f%n", name, t[0], t[1], (double) t[0] / t[1],
                (double) t[2] / Math.max(1, t[3]), (double) t[2] / Math.max(1, t[4]));
    }

    private static String abbreviate(String text) {
        return text.length() > 160 ? text.substring(0, 160) + "..." : text;
    }
}
