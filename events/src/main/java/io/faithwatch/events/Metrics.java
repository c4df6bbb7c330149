package io.faithwatch.events;

import java.util.List;
import java.util.Locale;

/**
 * Every metric the services export, with its kind, unit, help text and tag keys: the contract beside {@link Topics}.
 * The services register meters by these names, the CLI reads their Prometheus names, the tests check the dashboard,
 * the alert rules and the README's metrics table against them.
 */
public final class Metrics {
    private Metrics() {
    }

    public enum Kind {
        COUNTER, GAUGE, TIMER
    }

    /** Tag keys. */
    public static final class Tag {
        private Tag() {
        }

        public static final String CHANNEL = "channel";
        public static final String PROVIDER = "provider";
        public static final String OUTCOME = "outcome";
        public static final String REASON = "reason";
        public static final String PROMPT = "prompt";
        public static final String RESULT = "result";
        public static final String KIND = "kind";
        public static final String CHECKPOINT = "checkpoint";
        public static final String RUN = "run";
        public static final String DATASET = "dataset";
        public static final String HINT_TYPE = "hint_type";
        public static final String CATEGORY = "category";
        public static final String COT = "cot";
        public static final String JUDGE = "judge";
        public static final String VERSION = "version";
        /** The reasoning channel of a response ({@link ReasoningChannel}); {@link #CHANNEL} names a messaging channel. */
        public static final String REASONING = "reasoning";
        /** A training environment of a run's rollouts. */
        public static final String ENVIRONMENT = "environment";
    }

    /** The tags of a figure of one group of pairs (a checkpoint's dataset and hint type, or a summary over them). */
    private static final String[] FIGURE = {Tag.RUN, Tag.CHECKPOINT, Tag.DATASET, Tag.HINT_TYPE, Tag.CATEGORY};
    private static final String[] ROLLING = {Tag.RUN, Tag.HINT_TYPE, Tag.CATEGORY};

    /**
     * One metric: its Micrometer name, kind, base unit (null for none), help text and tag keys.
     *
     * @param service the module that exports it; {@code all} when every service does
     */
    public record Metric(String name, Kind kind, String baseUnit, String description, List<String> tags, String service) {
        /** The name of its samples in Prometheus' text format: {@code _total} for a counter, the unit for the others. */
        public String prometheusName() {
            String base = name.replace('.', '_');
            return switch (kind) {
                case COUNTER -> base + "_total";
                case TIMER -> base + "_seconds";
                case GAUGE -> baseUnit == null ? base : base + "_" + baseUnit.toLowerCase(Locale.ROOT);
            };
        }
    }

    private static Metric counter(String service, String name, String description, String... tags) {
        return new Metric(name, Kind.COUNTER, null, description, List.of(tags), service);
    }

    private static Metric gauge(String service, String name, String baseUnit, String description, String... tags) {
        return new Metric(name, Kind.GAUGE, baseUnit, description, List.of(tags), service);
    }

    private static Metric timer(String service, String name, String description, String... tags) {
        return new Metric(name, Kind.TIMER, null, description, List.of(tags), service);
    }

    private static final String ALL = "all";
    private static final String PAIR_BUILDER = "pair-builder";
    private static final String MODEL_CALLER = "model-caller";
    private static final String GRADER = "grader";
    private static final String SCORER = "scorer";
    private static final String RATIO = "ratio";

    // ------------------------------------------------------------------ every service

    public static final Metric DEAD_LETTERS = counter(ALL, "faith.dead.letters",
            "Records of an input channel sent to its dead-letter topic (<topic>.dlq, reason in the dead-letter-reason header)", Tag.CHANNEL);

    // ------------------------------------------------------------------ pair-builder

    public static final Metric PAIRS_PUBLISHED = counter(PAIR_BUILDER, "faith.pairs.published", "Pairs published by pair-builder");

    // ------------------------------------------------------------------ model-caller

    public static final Metric MODEL_REQUESTS = timer(MODEL_CALLER, "faith.model.requests",
            "HTTP requests to model endpoints and their latency, by outcome (ok or the failure's reason)", Tag.PROVIDER, Tag.OUTCOME);
    public static final Metric MODEL_RETRIES = counter(MODEL_CALLER, "faith.model.retries",
            "Requests retried after a 429, 5xx, timeout or connection failure", Tag.PROVIDER, Tag.REASON);
    public static final Metric MODEL_CIRCUIT_OPENED = counter(MODEL_CALLER, "faith.model.circuit.opened",
            "Times an endpoint's circuit breaker opened", Tag.PROVIDER);
    public static final Metric MODEL_ENDPOINTS_DOWN = gauge(MODEL_CALLER, "faith.model.endpoints.down", null,
            "Model endpoints whose circuit is open or half-open");
    public static final Metric MODEL_CALLS_IN_FLIGHT = gauge(MODEL_CALLER, "faith.model.calls.in.flight", null,
            "Requests sent to model endpoints and not answered yet");
    public static final Metric MODEL_CALLS_WAITING = gauge(MODEL_CALLER, "faith.model.calls.waiting", null,
            "Calls waiting for an endpoint slot, a rate-limit start or an open circuit");
    public static final Metric MODEL_PAIRS_IN_FLIGHT = gauge(MODEL_CALLER, "faith.model.pairs.in.flight", null,
            "Pairs taken by model-caller and not answered yet");
    public static final Metric MODEL_BATCHED_PAIRS = gauge(MODEL_CALLER, "faith.model.batched.pairs", null,
            "Pairs whose calls go through a batch API, waiting for their batch to be submitted or to end");
    public static final Metric MODEL_BATCHES_OPEN = gauge(MODEL_CALLER, "faith.model.batches.open", null,
            "Batches submitted to a provider's batch API and not ended yet");
    public static final Metric MODEL_PAIR_DURATION = timer(MODEL_CALLER, "faith.model.pair.duration",
            "From taking a pair to its response, waits included");
    public static final Metric MODEL_CALLS = counter(MODEL_CALLER, "faith.model.calls",
            "Model calls made by model-caller, by the reasoning channel of their reply (none for a failed call)", Tag.PROMPT, Tag.RESULT,
            Tag.REASONING);
    public static final Metric MODEL_TOKENS = counter(MODEL_CALLER, "faith.model.tokens", "Tokens reported by the providers", Tag.KIND);
    public static final Metric MODEL_COST = counter(MODEL_CALLER, "faith.model.cost.usd", "Cost of the calls in US dollars, when prices are configured",
            Tag.CHECKPOINT);

    // ------------------------------------------------------------------ grader

    public static final Metric GRADER_VERDICTS = counter(GRADER, "faith.grader.verdicts", "Verdicts published by the grader", Tag.OUTCOME,
            Tag.HINT_TYPE);
    public static final Metric JUDGE_ERRORS = counter(GRADER, "faith.judge.errors", "Authoritative judgements that failed", Tag.JUDGE,
            Tag.HINT_TYPE);
    public static final Metric JUDGE_INVALID = counter(GRADER, "faith.judge.invalid",
            "Invalid LLM-judge answers (bad JSON, a quote not in the reasoning, a refusal), each retried once", Tag.JUDGE, Tag.HINT_TYPE);
    public static final Metric JUDGE_AGREEMENT = gauge(GRADER, "faith.judge.agreement", RATIO,
            "Share of eligible pairs on which the two judges agree on verbalized", Tag.HINT_TYPE);
    public static final Metric JUDGE_KAPPA = gauge(GRADER, "faith.judge.kappa", RATIO, "Cohen's kappa of the two judges on verbalized",
            Tag.HINT_TYPE);
    public static final Metric JUDGE_COMPARED = gauge(GRADER, "faith.judge.compared.pairs", null, "Eligible pairs both judges judged",
            Tag.HINT_TYPE);
    public static final Metric JUDGE_ACCURACY = gauge(GRADER, "faith.judge.accuracy", RATIO,
            "Share of human-labelled pairs on which the judge agrees with the human", Tag.JUDGE);
    public static final Metric JUDGE_GOLD_AGREEMENT = gauge(GRADER, "faith.judge.gold.agreement", RATIO,
            "Raw agreement of the judge with the frozen gold set on verbalized (share of judged gold cases)", Tag.JUDGE, Tag.VERSION);
    public static final Metric JUDGE_GOLD_KAPPA = gauge(GRADER, "faith.judge.gold.kappa", RATIO,
            "Cohen's kappa of the judge against the gold set's labels on verbalized (agreement beyond chance)", Tag.JUDGE, Tag.VERSION);
    public static final Metric JUDGE_GOLD_MENTIONS_AGREEMENT = gauge(GRADER, "faith.judge.gold.mentions.agreement", RATIO,
            "Raw agreement of the judge with the gold set on mentions alone", Tag.JUDGE, Tag.VERSION);
    public static final Metric JUDGE_GOLD_CASES = gauge(GRADER, "faith.judge.gold.cases", null,
            "Gold cases the judge judged at its latest check (failed judgements excluded)", Tag.JUDGE, Tag.VERSION);
    public static final Metric JUDGE_GOLD_FAILED = gauge(GRADER, "faith.judge.gold.failed", null,
            "Gold cases the judge failed to judge at its latest check", Tag.JUDGE, Tag.VERSION);
    public static final Metric JUDGE_GOLD_CHECKED = gauge(GRADER, "faith.judge.gold.checked.timestamp", "seconds",
            "When the judge was last re-judged on the gold set (Unix time)", Tag.JUDGE, Tag.VERSION);
    public static final Metric GRADER_ROLLOUTS = counter(GRADER, "faith.grader.rollouts",
            "Training rollouts read by the grader, by result: not_sampled, not_exploited, verbalized, unverbalized, judge_failed (the last"
                    + " three exploited and sampled)", Tag.RESULT);
    public static final Metric REVIEW_PENDING = gauge(GRADER, "faith.review.pending.pairs", null, "Pairs flagged for human review and not labelled yet");
    public static final Metric REVIEW_LABELLED = gauge(GRADER, "faith.review.labelled.pairs", null, "Pairs with a human label");

    // ------------------------------------------------------------------ scorer: figures of the latest checkpoints of each run

    public static final Metric NORMALIZED = gauge(SCORER, "faith.normalized.faithfulness", RATIO,
            "Normalized faithfulness min(1, raw/alpha); hint_type=\"all\" rows: mean over the hint types of category (all, neutral, misaligned)",
            FIGURE);
    public static final Metric NORMALIZED_CI_LOW = gauge(SCORER, "faith.normalized.faithfulness.ci.low", RATIO,
            "Lower end of the 95% bootstrap interval of the normalized faithfulness", FIGURE);
    public static final Metric NORMALIZED_CI_HIGH = gauge(SCORER, "faith.normalized.faithfulness.ci.high", RATIO,
            "Upper end of the 95% bootstrap interval of the normalized faithfulness", FIGURE);
    public static final Metric RAW = gauge(SCORER, "faith.raw.faithfulness", RATIO, "Verbalized / judged eligible pairs", FIGURE);
    public static final Metric ALPHA = gauge(SCORER, "faith.alpha", RATIO, "Share of answer changes to the hint explained by the hint, not noise",
            FIGURE);
    public static final Metric P = gauge(SCORER, "faith.p", RATIO, "Share of pairs with unhinted answer off the hint whose hinted answer is the hint",
            FIGURE);
    public static final Metric Q = gauge(SCORER, "faith.q", RATIO,
            "Share of pairs with unhinted answer off the hint whose hinted answer is another option", FIGURE);
    public static final Metric ELIGIBLE = gauge(SCORER, "faith.eligible.pairs", null, "Pairs whose answer the hint changed to the hinted option",
            FIGURE);
    public static final Metric VERBALIZED = gauge(SCORER, "faith.verbalized.pairs", null, "Eligible pairs whose reasoning verbalizes the hint",
            FIGURE);
    public static final Metric JUDGE_FAILED = gauge(SCORER, "faith.judge.failed.pairs", null, "Eligible pairs whose judge failed; in neither part of raw",
            FIGURE);
    public static final Metric UNREADABLE = gauge(SCORER, "faith.unreadable.pairs", null,
            "Eligible pairs whose hinted reasoning is redacted (unreadable): not judged, in neither part of raw", FIGURE);
    public static final Metric PAIRS = gauge(SCORER, "faith.pairs", null, "Pairs with a verdict, by outcome", Tag.RUN, Tag.CHECKPOINT, Tag.DATASET,
            Tag.HINT_TYPE, Tag.CATEGORY, Tag.OUTCOME);
    public static final Metric REASONING_PAIRS = gauge(SCORER, "faith.reasoning.pairs", null,
            "Pairs by the reasoning channel of their hinted response (error and unhinted_on_hint verdicts left out)", Tag.RUN, Tag.CHECKPOINT,
            Tag.DATASET, Tag.HINT_TYPE, Tag.CATEGORY, Tag.REASONING);
    public static final Metric TOKENS_MEAN = gauge(SCORER, "faith.reasoning.tokens.mean", null,
            "Mean hinted reasoning tokens of eligible pairs, faithful or unfaithful (cot)", Tag.RUN, Tag.CHECKPOINT, Tag.DATASET, Tag.HINT_TYPE,
            Tag.CATEGORY, Tag.COT);
    public static final Metric TOKENS_MEDIAN = gauge(SCORER, "faith.reasoning.tokens.median", null,
            "Median hinted reasoning tokens of eligible pairs, faithful or unfaithful (cot)", Tag.RUN, Tag.CHECKPOINT, Tag.DATASET,
            Tag.HINT_TYPE, Tag.CATEGORY, Tag.COT);
    public static final Metric ACCURACY_UNHINTED = gauge(SCORER, "faith.accuracy.unhinted", RATIO, "Share of parsed unhinted answers that are correct",
            FIGURE);
    public static final Metric ACCURACY_HINTED = gauge(SCORER, "faith.accuracy.hinted", RATIO, "Share of parsed hinted answers that are correct",
            FIGURE);
    public static final Metric CORRECT_TURNED_WRONG = gauge(SCORER, "faith.correct.turned.wrong", RATIO,
            "Share of correct unhinted answers a wrong hint turned wrong", FIGURE);
    public static final Metric NORMALIZED_SECOND_JUDGE = gauge(SCORER, "faith.normalized.faithfulness.second.judge", RATIO,
            "Normalized faithfulness under the second judge (judge mode both), defined as for the authoritative one", FIGURE);
    public static final Metric JUDGE_SENSITIVITY = gauge(SCORER, "faith.judge.sensitivity", RATIO,
            "Second judge's normalized faithfulness minus the authoritative judge's: how much the headline depends on the judge", FIGURE);
    public static final Metric ROLLING_NORMALIZED = gauge(SCORER, "faith.rolling.normalized.faithfulness", RATIO,
            "Normalized faithfulness over the most recent W eligible pairs of the run and hint type", ROLLING);
    public static final Metric ROLLING_CI_LOW = gauge(SCORER, "faith.rolling.normalized.faithfulness.ci.low", RATIO,
            "Lower end of its 95% bootstrap interval", ROLLING);
    public static final Metric ROLLING_CI_HIGH = gauge(SCORER, "faith.rolling.normalized.faithfulness.ci.high", RATIO,
            "Upper end of its 95% bootstrap interval", ROLLING);
    public static final Metric ROLLING_RAW = gauge(SCORER, "faith.rolling.raw.faithfulness", RATIO, "Raw faithfulness over the rolling window",
            ROLLING);
    public static final Metric ROLLING_ALPHA = gauge(SCORER, "faith.rolling.alpha", RATIO, "Alpha over the rolling window", ROLLING);
    public static final Metric ROLLING_ELIGIBLE = gauge(SCORER, "faith.rolling.eligible.pairs", null, "Eligible pairs in the rolling window (at most W)",
            ROLLING);
    public static final Metric CHECKPOINT_SCORED = gauge(SCORER, "faith.checkpoint.pairs.scored", null, "Pairs of the checkpoint with a verdict",
            Tag.RUN, Tag.CHECKPOINT);
    public static final Metric CHECKPOINT_PLANNED = gauge(SCORER, "faith.checkpoint.pairs.planned", null, "Pairs planned for the checkpoint",
            Tag.RUN, Tag.CHECKPOINT);
    public static final Metric CHECKPOINT_PROGRESS = gauge(SCORER, "faith.checkpoint.progress", RATIO, "Pairs scored / pairs planned", Tag.RUN,
            Tag.CHECKPOINT);
    public static final Metric RUN_LATEST_STEP = gauge(SCORER, "faith.run.latest.complete.step", null,
            "Training step of the run's latest complete checkpoint", Tag.RUN);

    /** The tags of a figure of a run's rollouts in one environment, at the latest step that has rollouts. */
    private static final String[] ROLLOUT = {Tag.RUN, Tag.ENVIRONMENT};

    public static final Metric ROLLOUT_STEP = gauge(SCORER, "faith.rollout.latest.step", null,
            "Latest training step with rollouts in the run and environment (the step of the other rollout gauges)", ROLLOUT);
    public static final Metric ROLLOUT_COUNT = gauge(SCORER, "faith.rollout.rollouts", null, "Rollouts of that step", ROLLOUT);
    public static final Metric ROLLOUT_EXPLOITED = gauge(SCORER, "faith.rollout.exploited", null,
            "Rollouts of that step whose answer is the one the cue rewards", ROLLOUT);
    public static final Metric ROLLOUT_EXPLOITATION = gauge(SCORER, "faith.rollout.exploitation", RATIO,
            "Exploitation rate of that step: exploited / rollouts", ROLLOUT);
    public static final Metric ROLLOUT_JUDGED = gauge(SCORER, "faith.rollout.judged", null,
            "Exploited rollouts of that step that were sampled and judged (judge failures left out)", ROLLOUT);
    public static final Metric ROLLOUT_VERBALIZATION = gauge(SCORER, "faith.rollout.verbalization", RATIO,
            "Verbalization rate of that step among exploited rollouts: verbalized / judged", ROLLOUT);
    public static final Metric ROLLOUT_EXPLOITATION_RISE = gauge(SCORER, "faith.rollout.exploitation.rise", RATIO,
            "Exploitation rate of the latest step minus that of the step W steps with rollouts before it (the first, if fewer)", ROLLOUT);
    public static final Metric RUN_UPTAKE_RISE = gauge(SCORER, "faith.run.uptake.rise", RATIO,
            "Hint uptake p (all datasets and hint types) of the run's latest complete checkpoint minus that of the one W complete checkpoints"
                    + " before it (the first, if fewer)", Tag.RUN);
    public static final Metric RUN_NORMALIZED_RISE = gauge(SCORER, "faith.run.normalized.faithfulness.rise", RATIO,
            "Normalized faithfulness (overall) of the run's latest complete checkpoint minus that of the one W complete checkpoints before",
            Tag.RUN);

    // ------------------------------------------------------------------ scorer: counters

    public static final Metric VERDICTS = counter(SCORER, "faith.verdicts", "Verdicts stored, by outcome", Tag.OUTCOME);
    public static final Metric VERDICTS_DUPLICATE = counter(SCORER, "faith.verdicts.duplicate", "Redelivered verdicts recognised and ignored");
    public static final Metric VERDICTS_JUDGE_FAILED = counter(SCORER, "faith.verdicts.judge.failed", "Eligible verdicts stored whose judge failed");
    public static final Metric CHECKPOINTS_SCORED = counter(SCORER, "faith.checkpoints.scored", "Checkpoint-scored events published");
    public static final Metric REGRESSIONS = counter(SCORER, "faith.regressions", "Checkpoints published as regression", Tag.RUN);
    public static final Metric ROLLOUTS_STORED = counter(SCORER, "faith.rollouts.stored", "Judged rollouts stored");
    public static final Metric ROLLOUTS_DUPLICATE = counter(SCORER, "faith.rollouts.duplicate", "Redelivered judged rollouts recognised and ignored");

    /** The gauges of the scorer's figures, in the order of the README. */
    public static final List<Metric> FIGURES = List.of(NORMALIZED, NORMALIZED_CI_LOW, NORMALIZED_CI_HIGH, RAW, ALPHA, P, Q, ELIGIBLE, VERBALIZED,
            JUDGE_FAILED, UNREADABLE, PAIRS, REASONING_PAIRS, TOKENS_MEAN, TOKENS_MEDIAN, ACCURACY_UNHINTED, ACCURACY_HINTED, CORRECT_TURNED_WRONG,
            NORMALIZED_SECOND_JUDGE, JUDGE_SENSITIVITY, ROLLING_NORMALIZED,
            ROLLING_CI_LOW, ROLLING_CI_HIGH, ROLLING_RAW, ROLLING_ALPHA, ROLLING_ELIGIBLE, CHECKPOINT_SCORED, CHECKPOINT_PLANNED,
            CHECKPOINT_PROGRESS, RUN_LATEST_STEP, ROLLOUT_STEP, ROLLOUT_COUNT, ROLLOUT_EXPLOITED, ROLLOUT_EXPLOITATION, ROLLOUT_JUDGED,
            ROLLOUT_VERBALIZATION, ROLLOUT_EXPLOITATION_RISE, RUN_UPTAKE_RISE, RUN_NORMALIZED_RISE);

    /** Every metric of the system. */
    public static List<Metric> all() {
        List<Metric> all = new java.util.ArrayList<>(FIGURES);
        all.addAll(List.of(VERDICTS, VERDICTS_DUPLICATE, ROLLOUTS_STORED, ROLLOUTS_DUPLICATE, GRADER_ROLLOUTS, VERDICTS_JUDGE_FAILED, CHECKPOINTS_SCORED, REGRESSIONS, DEAD_LETTERS, PAIRS_PUBLISHED,
                MODEL_REQUESTS, MODEL_RETRIES, MODEL_CIRCUIT_OPENED, MODEL_ENDPOINTS_DOWN, MODEL_CALLS_IN_FLIGHT, MODEL_CALLS_WAITING,
                MODEL_PAIRS_IN_FLIGHT, MODEL_BATCHED_PAIRS, MODEL_BATCHES_OPEN, MODEL_PAIR_DURATION, MODEL_CALLS, MODEL_TOKENS, MODEL_COST, GRADER_VERDICTS, JUDGE_ERRORS, JUDGE_INVALID,
                JUDGE_AGREEMENT, JUDGE_KAPPA, JUDGE_COMPARED, JUDGE_ACCURACY, JUDGE_GOLD_AGREEMENT, JUDGE_GOLD_KAPPA, JUDGE_GOLD_MENTIONS_AGREEMENT,
                JUDGE_GOLD_CASES, JUDGE_GOLD_FAILED, JUDGE_GOLD_CHECKED, REVIEW_PENDING, REVIEW_LABELLED));
        return List.copyOf(all);
    }
}
