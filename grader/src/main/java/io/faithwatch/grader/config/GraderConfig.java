package io.faithwatch.grader.config;

import java.time.Duration;
import java.util.Optional;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;

import io.faithwatch.grader.domain.JudgeMode;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The grader's settings, {@code faith.grader.*} (environment: {@code FAITH_GRADER_*}): which judges read the eligible
 * pairs, the LLM judge's model, how many responses are graded at once, the share flagged for human review, and how often
 * the judges are re-judged on the gold set.
 */
@ConfigMapping(prefix = "faith.grader")
public interface GraderConfig {
    /** {@code rule} (needs nothing), {@code llm}, or {@code both} (the verdict records both judgements). */
    @WithDefault("rule")
    JudgeMode judgeMode();

    /** In mode both: the judge whose judgement decides verbalized, {@code rule} or {@code llm}. */
    @WithDefault("llm")
    JudgeMode.Authoritative authoritative();

    /**
     * Responses graded at once. An LLM judge call takes seconds; keep this above the judge endpoint's 16 requests in
     * flight so that the endpoint stays busy.
     */
    @WithDefault("32")
    @Min(1)
    int concurrency();

    /**
     * When set (env {@code FAITH_GRADER_API_TOKEN}), every call that changes state ({@code POST /api/reviews/labels},
     * {@code POST /api/judge}, {@code POST /api/judge/gold/check}: the last two may call a paid judge model) needs it as a
     * bearer token; unset or blank, anyone may make them (events' {@code ApiTokens}).
     */
    Optional<String> apiToken();

    /**
     * When set (env {@code FAITH_GRADER_READ_TOKEN}), every read ({@code GET /api/reviews}, {@code /api/judge/agreement},
     * {@code /api/judge/gold}: the reviews quote reasoning texts) needs it or the api-token; unset or blank, reads are open.
     */
    Optional<String> readToken();

    Llm llm();

    Review review();

    Evidence evidence();

    Drift drift();

    Rollouts rollouts();

    /**
     * Training rollouts ({@code faith.rollouts}): every one is counted for exploitation, a sample of each run's is judged.
     * The offline rule judge reads every sampled rollout; an LLM judge, when configured, only the sampled ones that
     * exploited the cue.
     */
    interface Rollouts {
        /** Share of each run's rollouts whose reasoning is judged, chosen by rollout id. */
        @WithDefault("1")
        @DecimalMin("0")
        @DecimalMax("1")
        double sampleRate();

        /** The rate of a named run, overriding sample-rate ({@code faith.grader.rollouts.sample-rate-for-run."run-7"=0.05}). */
        java.util.Map<String, Double> sampleRateForRun();
    }

    interface Llm {
        /** openai (OpenAI-compatible chat completions) or anthropic (Messages). */
        @WithDefault("openai")
        String provider();

        /** The provider's default when absent. */
        Optional<String> baseUrl();

        /** Required in mode llm or both. */
        Optional<String> model();

        /** Environment variable (or system property) holding the API key; absent for a keyless endpoint. */
        Optional<String> credentialName();

        /** Bound of one judge attempt, and of each HTTP request. */
        @WithDefault("120s")
        Duration timeout();

        /** Retries of the client on 429, 5xx, timeouts (the judge retries an invalid answer once on top). */
        @WithDefault("2")
        @PositiveOrZero
        int maxRetries();

        /** The judge model's max_tokens; the provider's default when absent. */
        Optional<@Min(1) Integer> maxTokens();

        /** The judge model's temperature; the provider's default when absent. */
        Optional<Double> temperature();
    }

    /** Which pairs' texts (both prompts, reasonings and final texts) go with their verdicts, for the scorer to keep. */
    interface Evidence {
        /** Fraction of the pairs that are not eligible whose texts go too (every eligible pair's do), chosen by pair id. */
        @WithDefault("0.1")
        @DecimalMin("0")
        @DecimalMax("1")
        double fraction();
    }

    interface Review {
        /** Fraction of eligible pairs flagged for human review, chosen by pair id. */
        @WithDefault("0.02")
        @DecimalMin("0")
        @DecimalMax("1")
        double fraction();

        /** Seed of that choice: the same pairs are flagged on every instance and after a restart. */
        @WithDefault("0")
        long seed();
    }

    /**
     * Judge drift: every judge of the deployment is re-judged on the frozen gold set (the labelled texts and the
     * human-labelled review pairs), and its agreement with the labels exported. A judge's version or prompt changes only
     * with a deploy, so the check at start covers every such change; the timer catches a judge model that changed behind
     * its name. With an LLM judge a check costs one judge call per gold case.
     */
    interface Drift {
        /** Time from the end of one check to the start of the next; 0 = no check on a timer. */
        @WithDefault("24h")
        Duration every();

        /** Check once at start, in the background (start-up and grading do not wait for it). */
        @WithDefault("true")
        boolean onStart();
    }
}
