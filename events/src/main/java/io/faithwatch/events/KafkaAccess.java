package io.faithwatch.events;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who may do what on the Kafka cluster: one principal per service and one for publishers (training pipelines, trainers),
 * each with exactly the topics it reads and writes and the consumer groups it joins, dead-letter topics included. The
 * broker's ACLs (embedded {@code faith up --secure}, docker-compose, Strimzi {@code KafkaUser}s) are made from this
 * table, and the tests hold every service's channels to it.
 */
public final class KafkaAccess {
    private KafkaAccess() {
    }

    /** The SASL mechanism of every principal. */
    public static final String MECHANISM = "SCRAM-SHA-512";

    /**
     * One principal's rights.
     *
     * @param principal the user name (the service's name, or {@code publisher})
     * @param reads topics it reads (READ and DESCRIBE)
     * @param writes topics it writes (WRITE and DESCRIBE)
     * @param groups consumer groups it joins by exact name (READ)
     * @param groupPrefixes consumer groups it joins by name prefix (READ), for a group named per instance
     */
    public record Grant(String principal, Set<String> reads, Set<String> writes, Set<String> groups, Set<String> groupPrefixes) {
        public Grant {
            reads = Set.copyOf(reads);
            writes = Set.copyOf(writes);
            groups = Set.copyOf(groups);
            groupPrefixes = Set.copyOf(groupPrefixes);
        }

        /** Every topic it touches. */
        public Set<String> topics() {
            Set<String> topics = new TreeSet<>(reads);
            topics.addAll(writes);
            return topics;
        }

        /** Whether it may join the group. */
        public boolean joins(String group) {
            return groups.contains(group) || groupPrefixes.stream().anyMatch(group::startsWith);
        }
    }

    public static final String PAIR_BUILDER = "pair-builder";
    public static final String MODEL_CALLER = "model-caller";
    public static final String GRADER = "grader";
    public static final String SCORER = "scorer";
    public static final String PUBLISHER = "publisher";

    /** Consumer groups, as the services name them. */
    public static final class Groups {
        private Groups() {
        }

        public static final String PAIR_BUILDER = "pair-builder";
        public static final String MODEL_CALLER = "model-caller";
        public static final String MODEL_CALLER_BATCHES = "model-caller-batches";
        public static final String GRADER = "grader";
        public static final String GRADER_ROLLOUTS = "grader-rollouts";
        /** Each grader instance reads the whole review log in a group of its own: {@code grader-reviews-<uuid>}. */
        public static final String GRADER_REVIEWS_PREFIX = "grader-reviews-";
        public static final String SCORER = "scorer";
        public static final String SCORER_ROLLOUTS = "scorer-rollouts";
    }

    private static final Map<String, Grant> GRANTS = grants();

    private static Map<String, Grant> grants() {
        Map<String, Grant> grants = new TreeMap<>();
        put(grants, new Grant(PAIR_BUILDER,
                Set.of(Topics.CHECKPOINTS, Topics.CHECKPOINT_REGISTRY),
                Set.of(Topics.CHECKPOINTS, Topics.ROLLOUTS, Topics.PAIRS, Topics.CHECKPOINT_REGISTRY, Topics.deadLetter(Topics.CHECKPOINTS)),
                Set.of(Groups.PAIR_BUILDER), Set.of()));
        put(grants, new Grant(MODEL_CALLER,
                Set.of(Topics.PAIRS, Topics.PAIRS_BATCHED),
                Set.of(Topics.RESPONSES, Topics.PAIRS_BATCHED, Topics.deadLetter(Topics.PAIRS)),
                Set.of(Groups.MODEL_CALLER, Groups.MODEL_CALLER_BATCHES), Set.of()));
        put(grants, new Grant(GRADER,
                Set.of(Topics.RESPONSES, Topics.ROLLOUTS, Topics.REVIEWS),
                Set.of(Topics.VERDICTS, Topics.REVIEWS, Topics.ROLLOUTS_JUDGED, Topics.deadLetter(Topics.RESPONSES),
                        Topics.deadLetter(Topics.ROLLOUTS)),
                Set.of(Groups.GRADER, Groups.GRADER_ROLLOUTS), Set.of(Groups.GRADER_REVIEWS_PREFIX)));
        put(grants, new Grant(SCORER,
                Set.of(Topics.VERDICTS, Topics.ROLLOUTS_JUDGED),
                Set.of(Topics.SCORES, Topics.deadLetter(Topics.VERDICTS), Topics.deadLetter(Topics.ROLLOUTS_JUDGED)),
                Set.of(Groups.SCORER, Groups.SCORER_ROLLOUTS), Set.of()));
        put(grants, new Grant(PUBLISHER, Set.of(), Set.of(Topics.CHECKPOINTS, Topics.ROLLOUTS), Set.of(), Set.of()));
        return Map.copyOf(grants);
    }

    private static void put(Map<String, Grant> grants, Grant grant) {
        grants.put(grant.principal(), grant);
    }

    /** Every principal's rights, by principal name in alphabetical order. */
    public static List<Grant> all() {
        return new TreeMap<>(GRANTS).values().stream().toList();
    }

    /** The rights of one principal. */
    public static Grant of(String principal) {
        Grant grant = GRANTS.get(principal);
        if (grant == null) {
            throw new IllegalArgumentException("no Kafka principal named '" + principal + "'; known: " + new TreeSet<>(GRANTS.keySet()));
        }
        return grant;
    }
}
