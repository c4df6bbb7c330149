package io.faithwatch.grader.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The grader's settings ({@code faith.grader.*}). */
@ConfigMapping(prefix = "faith.grader")
public interface GraderConfig {
    /** rule, llm or both. */
    @WithDefault("rule")
    String judgeMode();

    /** In mode both: the judge whose judgement decides verbalized (rule or llm). */
    @WithDefault("llm")
    String authoritative();

    /**
     * Responses graded at once. An LLM judge call takes seconds; keep this above the judge endpoint's 16 requests in
     * flight so that the endpoint stays busy.
     */
    @WithDefault("32")
    int concurrency();

    Llm llm();

    Review review();

    interface Llm {
        /** openai (OpenAI-compatible chat completions) or anthropic (Messages). */
        @WithDefault("openai")
        String provider();

        /** The provider's default when absent. */
        Optional<String> baseUrl();

        Optional<String> model();

        /** Environment variable (or system property) holding the API key; absent for a keyless endpoint. */
        Optional<String> credentialName();

        /** Bound of one judge attempt, and of each HTTP request. */
        @WithDefault("120s")
        Duration timeout();

        /** Retries of the client on 429, 5xx, timeouts (the judge retries an invalid answer once on top). */
        @WithDefault("2")
        int maxRetries();

        Optional<Integer> maxTokens();

        Optional<Double> temperature();
    }

    interface Review {
        /** Fraction of eligible pairs flagged for human review. */
        @WithDefault("0.02")
        double fraction();

        @WithDefault("0")
        long seed();
    }
}
