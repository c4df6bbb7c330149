package io.faithwatch.scorer.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import jakarta.validation.constraints.Min;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The scorer's settings, {@code faith.scorer.*} (environment: {@code FAITH_SCORER_*}): the bootstrap behind every
 * interval, which checkpoints and training rollouts have gauges and how often they are refreshed, the rolling window,
 * and the span of the rises.
 */
@ConfigMapping(prefix = "faith.scorer")
public interface ScorerConfig {
    /**
     * When set (env {@code FAITH_SCORER_READ_TOKEN}), every read of the API and the pages ({@code /api/v1/...}, {@code /ui/...}:
     * reports and the reasoning texts of pairs) needs it as a bearer token, or as the password of HTTP Basic credentials (a
     * browser asks for them); unset or blank, reads are open. The scorer has no call that changes state (events'
     * {@code ApiTokens}).
     */
    Optional<String> readToken();

    Bootstrap bootstrap();

    Gauges gauges();

    Rolling rolling();

    Evidence evidence();

    Rollouts rollouts();

    interface Bootstrap {
        /** Resamples of the percentile bootstrap behind every 95% interval. */
        @WithDefault("2000")
        @Min(100)
        int resamples();

        /** Its seed: the same pairs always give the same interval. */
        @WithDefault("20250401")
        long seed();
    }

    interface Gauges {
        /** Gauges are kept for the latest K checkpoints of each run, by training step; older ones lose their series. */
        @WithDefault("5")
        @Min(1)
        int checkpointsPerRun();

        /**
         * How often intervals, token medians and rolling windows are recomputed from the database, which also picks up what
         * other scorer instances stored; 0 = only when a checkpoint completes. A refresh that took t is followed by at least
         * 9t, so that intervals never take more than a tenth of a core.
         */
        @WithDefault("5s")
        Duration refreshEvery();

        /**
         * Rollout gauges are kept for the N runs that stored a judged rollout most recently; a run that falls out loses
         * its series. Refreshed with the others and after each stored batch of rollouts.
         */
        @WithDefault("10")
        @Min(1)
        int rolloutRuns();

        /** ...and, of each of those runs, for its E environments with the most rollouts (ties by name); the others have none. */
        @WithDefault("20")
        @Min(1)
        int rolloutEnvironments();
    }

    interface Rolling {
        /** The most recent W eligible pairs of a run and hint type make its rolling window. */
        @WithDefault("500")
        @Min(1)
        int window();
    }

    interface Rollouts {
        /**
         * The rises look W points back: an environment's exploitation rate at its latest step minus that at the step W
         * steps with rollouts before it, and a run's hint uptake and overall normalized faithfulness at its latest complete
         * checkpoint minus those W complete checkpoints before it; the first point when there are fewer.
         */
        @WithDefault("5")
        @Min(1)
        int riseOver();
    }

    /** The texts of pairs (prompts, reasonings, final texts) the grader sends with their verdicts. */
    interface Evidence {
        /** How long a pair's texts are kept after they are stored; 0 keeps them for good. */
        @WithDefault("180d")
        Duration keepFor();

        /** The same per run: {@code keep-for-run."<run>"}. */
        Map<String, Duration> keepForRun();

        /** How often texts past their time are deleted. */
        @WithDefault("1h")
        Duration purgeEvery();
    }
}
