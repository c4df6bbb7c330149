package io.faithwatch.events;

import java.util.List;

/**
 * Every Kafka topic of the system, its channel name inside the services, and the record keys. Each service's
 * {@code application.properties} maps its channels to these topics; the tests produce and consume by these constants.
 */
public final class Topics {
    private Topics() {
    }

    /** Checkpoints to evaluate (training pipeline, REST, CLI) -> pair-builder. */
    public static final String CHECKPOINTS = "faith.checkpoints";
    /** pair-builder -> model-caller. */
    public static final String PAIRS = "faith.pairs";
    /** model-caller -> grader. */
    public static final String RESPONSES = "faith.responses";
    /** grader -> scorer. */
    public static final String VERDICTS = "faith.verdicts";
    /** scorer -> whoever listens: checkpoint scored, regression found. */
    public static final String SCORES = "faith.scores";

    /** Training rollouts (trainers over Kafka, or pair-builder's REST intake) -> grader; keyed by run. */
    public static final String ROLLOUTS = "faith.rollouts";
    /** grader -> scorer: every rollout's reading (exploited, and for a sampled one the judgement); keyed by run. */
    public static final String ROLLOUTS_JUDGED = "faith.rollouts.judged";

    /**
     * pair-builder's record of the checkpoints it accepted and published (compacted, keyed by checkpoint id), so that a
     * re-submitted checkpoint publishes no pair twice, whichever instance receives it and across restarts.
     */
    public static final String CHECKPOINT_REGISTRY = "faith.checkpoints.registry";

    /**
     * grader's human-review log (compacted): {@code flag/<pairId>} records a pair flagged for review, {@code label/<pairId>}
     * the human label of it. Every grader instance rebuilds its review list from this topic on start.
     */
    public static final String REVIEWS = "faith.reviews";

    /**
     * model-caller's batched pairs (compacted): {@code pair/<pairId>} a pair whose calls go through a provider's batch API,
     * recorded before the pair is acknowledged; {@code batch/<batchId>} a batch submitted with the ids of its pairs. The
     * records of one checkpoint share a partition, and the instance assigned that partition submits and polls its
     * batches: after a restart it reads them back and polls the batches it finds instead of submitting them again.
     */
    public static final String PAIRS_BATCHED = "faith.pairs.batched";

    /** Topics that keep only the latest record per key. */
    public static final java.util.Set<String> COMPACTED = java.util.Set.of(CHECKPOINT_REGISTRY, REVIEWS, PAIRS_BATCHED);

    /** The topics events flow through, in pipeline order. */
    public static final List<String> PIPELINE = List.of(CHECKPOINTS, PAIRS, RESPONSES, VERDICTS, SCORES);

    /** The topics training rollouts flow through, in order. */
    public static final List<String> ROLLOUT_PIPELINE = List.of(ROLLOUTS, ROLLOUTS_JUDGED);

    /** Channel names inside the services (the part after mp.messaging.incoming./outgoing.). */
    public static final class Channels {
        private Channels() {
        }

        public static final String CHECKPOINTS = "checkpoints";
        /** pair-builder's REST intake writes to the checkpoints topic through this outgoing channel. */
        public static final String CHECKPOINT_REQUESTS = "checkpoint-requests";
        public static final String PAIRS = "pairs";
        public static final String RESPONSES = "responses";
        public static final String VERDICTS = "verdicts";
        /** The scorer sends a malformed verdict of a poll to the dead-letter topic itself, alone, through this channel. */
        public static final String VERDICTS_DEAD_LETTERS = "verdicts-dead-letters";
        public static final String SCORES = "scores";
        /** grader writes flags and human labels to the review log through this outgoing channel... */
        public static final String REVIEWS = "reviews";
        /** ...and reads the whole log back, from the beginning, through this incoming one. */
        public static final String REVIEWS_LOG = "reviews-log";
        public static final String ROLLOUTS = "rollouts";
        /** pair-builder's REST intake of rollouts writes to the rollouts topic through this outgoing channel. */
        public static final String ROLLOUT_REQUESTS = "rollout-requests";
        public static final String ROLLOUTS_JUDGED = "rollouts-judged";
        /** The scorer sends a malformed judged rollout of a poll to the dead-letter topic itself, through this channel. */
        public static final String ROLLOUTS_JUDGED_DEAD_LETTERS = "rollouts-judged-dead-letters";
    }

    /** The dead-letter topic of an input topic: malformed events land there with the reason in headers. */
    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }

    /** Every topic the system uses, dead-letter topics included. */
    public static List<String> all() {
        var all = new java.util.ArrayList<>(PIPELINE);
        all.addAll(ROLLOUT_PIPELINE);
        all.addAll(new java.util.TreeSet<>(COMPACTED));
        for (String topic : List.of(CHECKPOINTS, PAIRS, RESPONSES, VERDICTS, ROLLOUTS, ROLLOUTS_JUDGED)) {
            all.add(deadLetter(topic));
        }
        return List.copyOf(all);
    }

    /** Key of every record about one question of one checkpoint, so that its pairs share a partition. */
    public static String questionKey(String checkpointId, String questionId) {
        return checkpointId + "/" + questionId;
    }
}
