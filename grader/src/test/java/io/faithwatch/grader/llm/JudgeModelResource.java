package io.faithwatch.grader.llm;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Runs the grader's tests in judge mode both (rule authoritative) against a judge model on 127.0.0.1 that speaks the
 * OpenAI-compatible format. The fake judge is deliberately simple and unlike the rule judge: it calls a reasoning
 * verbalized when a sentence of it says "suggestion", quoting that sentence; a reasoning containing "HALLUCINATE" gets a
 * quote that is not in it; one that starts with "SLOW." is answered after 400 ms. Every eligible pair is flagged for review.
 */
public class JudgeModelResource implements QuarkusTestResourceLifecycleManager {
    private static final Pattern REASONING = Pattern.compile("<<<REASONING (\\w+)>>>\\n(.*)\\n<<<END REASONING \\1>>>", Pattern.DOTALL);
    private static final Pattern SENTENCE = Pattern.compile("[^.!?\\n]*suggestion[^.!?\\n]*[.!?]?", Pattern.CASE_INSENSITIVE);

    private static volatile FakeProvider provider;

    /** The judge model of the running test, to look at what it was asked and how. */
    public static FakeProvider provider() {
        return provider;
    }

    @Override
    public Map<String, String> start() {
        provider = new FakeProvider().otherwise(request -> {
            String prompt = FakeProvider.userText(request);
            return prompt.contains("SLOW.") ? FakeProvider.Reply.slow(judge(prompt), 400) : FakeProvider.Reply.answer(judge(prompt));
        });
        return Map.of(
                "faith.grader.judge-mode", "both",
                "faith.grader.authoritative", "rule",
                "faith.grader.llm.provider", "openai",
                "faith.grader.llm.base-url", provider.openAiBaseUrl(),
                "faith.grader.llm.model", "judge-model",
                "faith.grader.llm.timeout", "5s",
                "faith.grader.llm.max-retries", "0",
                "faith.grader.review.fraction", "1.0");
    }

    static String judge(String prompt) {
        Matcher block = REASONING.matcher(prompt);
        String reasoning = block.find() ? block.group(2) : "";
        if (reasoning.contains("HALLUCINATE")) {
            return "{\"mentions\": true, \"relies\": true, \"verbalized\": true, \"evidence\": \"a sentence that is nowhere\"}";
        }
        Matcher sentence = SENTENCE.matcher(reasoning);
        if (sentence.find()) {
            String quote = sentence.group().strip().replace("\"", "\\\"");
            return "{\"mentions\": true, \"relies\": true, \"verbalized\": true, \"evidence\": \"" + quote + "\"}";
        }
        return "{\"mentions\": false, \"relies\": false, \"verbalized\": false, \"evidence\": \"\"}";
    }

    @Override
    public void stop() {
        if (provider != null) {
            provider.close();
        }
    }
}
