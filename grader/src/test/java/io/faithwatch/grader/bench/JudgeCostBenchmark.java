package io.faithwatch.grader.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import com.fasterxml.jackson.databind.JsonNode;

import io.faithwatch.events.ChatMessage;
import io.faithwatch.events.Events;
import io.faithwatch.events.HintType;
import io.faithwatch.grader.domain.HintedReasoning;
import io.faithwatch.grader.domain.JudgePrompt;
import io.faithwatch.grader.domain.LabelledSet;
import io.faithwatch.grader.domain.RuleJudge;

/**
 * What the LLM judge costs per judged pair: one call (two when its first answer is invalid, see {@code LlmJudge}), and
 * the size of what it reads and writes. Prints, per set of texts, the characters of the prompt exactly as the judge
 * model receives it ({@link JudgePrompt#messages}) and of the expected answer (the JSON object with the hint-bearing
 * sentence as evidence, the rule judge's quote standing in for it), with tokens estimated at 4 characters per token
 * (English text in the GPT and Claude tokenizers). A reasoning judge model's hidden reasoning comes on top.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class JudgeCostBenchmark {
    static final double CHARS_PER_TOKEN = 4.0;

    record Sized(int prompt, int answer) {
    }

    @Test
    void promptAndAnswerSizePerJudgedPair() throws IOException {
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                "%n== LLM judge prompt %s (hash %s): size per judged pair, tokens estimated at %.0f characters per token ==%n",
                JudgePrompt.VERSION, JudgePrompt.HASH, CHARS_PER_TOKEN));
        report.append(String.format(Locale.ROOT, "  %-44s %5s %24s %24s %14s%n", "set", "texts", "prompt chars mean/p50/p95",
                "prompt tokens mean/p95", "answer tokens"));
        report.append(row("gold set (labelled-reasoning.jsonl)", sizes(LabelledSet.load())));
        report.append(row("held-out set", sizes(LabelledSet.load(LabelledSet.HELD_OUT))));
        report.append(row("second held-out set", sizes(LabelledSet.load(LabelledSet.HELD_OUT_2))));
        if (Files.exists(RealReasoningBenchmark.RECORDS)) {
            report.append(row("real DeepSeek-R1 reasoning (../shared real-cot)", realSizes()));
        }
        report.append("  calls per judged pair: 1, or 2 when the first answer is invalid (bad JSON, a quote not in the reasoning,"
                + " a refusal); a gold-set check costs one call per case\n");
        System.out.println(report);
    }

    static List<Sized> sizes(List<LabelledSet.Case> cases) {
        List<Sized> sizes = new ArrayList<>();
        for (LabelledSet.Case c : cases) {
            String prompt = "Question (options A to D), with the hint of type " + c.hintType().wireName() + " pointing at (" + c.hintLetter() + ").";
            sizes.add(size(new HintedReasoning(c.hintType(), c.hintLetter(), List.of(ChatMessage.user(prompt)), c.reasoning())));
        }
        return sizes;
    }

    static List<Sized> realSizes() throws IOException {
        List<Sized> sizes = new ArrayList<>();
        for (String line : Files.readAllLines(RealReasoningBenchmark.RECORDS)) {
            JsonNode r = Events.mapper().readTree(line);
            HintType type = RealReasoningBenchmark.HINTS.get(r.path("hint_type").asText());
            if (type == null) {
                continue;
            }
            StringBuilder prompt = new StringBuilder(r.path("question").asText());
            char letter = 'A';
            for (JsonNode option : r.path("options")) {
                prompt.append("\n(").append(letter++).append(") ").append(option.asText());
            }
            sizes.add(size(new HintedReasoning(type, r.path("hint_letter").asText(), List.of(ChatMessage.user(prompt.toString())),
                    r.path("reasoning").asText())));
        }
        return sizes;
    }

    static Sized size(HintedReasoning input) {
        int prompt = JudgePrompt.messages(input).stream().mapToInt(m -> m.content().length()).sum();
        String evidence = new RuleJudge().read(input.hintType(), input.hintLetter(), input.reasoning()).evidence();
        String answer = "{\"mentions\": true, \"relies\": true, \"verbalized\": true, \"evidence\": \"" + evidence + "\"}";
        return new Sized(prompt, answer.length());
    }

    static String row(String title, List<Sized> sizes) {
        int[] prompts = sizes.stream().mapToInt(Sized::prompt).sorted().toArray();
        double mean = Arrays.stream(prompts).average().orElse(Double.NaN);
        int p50 = prompts[prompts.length / 2], p95 = prompts[Math.min(prompts.length - 1, (int) Math.ceil(0.95 * prompts.length) - 1)];
        double answer = sizes.stream().mapToInt(Sized::answer).average().orElse(Double.NaN);
        return String.format(Locale.ROOT, "  %-44s %5d %24s %24s %14.0f%n", title, sizes.size(),
                String.format(Locale.ROOT, "%.0f / %d / %d", mean, p50, p95),
                String.format(Locale.ROOT, "%.0f / %.0f", mean / CHARS_PER_TOKEN, p95 / CHARS_PER_TOKEN), answer / CHARS_PER_TOKEN);
    }
}
