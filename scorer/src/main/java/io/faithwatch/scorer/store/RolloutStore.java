package io.faithwatch.scorer.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

import io.faithwatch.events.JudgeDefinition;
import io.faithwatch.events.Judgement;
import io.faithwatch.events.RolloutJudged;
import io.faithwatch.scorer.domain.EnvironmentSteps;
import io.faithwatch.scorer.domain.RolloutCounts;

/**
 * Stores judged rollouts once each ({@code rollout_judged}) and reads their figures back per run, step and environment
 * by one GROUP BY: the table is the only copy, there are no aggregate rows to keep in step. A rollout already stored
 * (Kafka redelivery, the same rollout sent twice, another scorer instance) changes nothing: the primary key decides.
 */
@ApplicationScoped
public class RolloutStore {
    private final Clock clock = Clock.systemUTC();

    @Inject
    EntityManager em;

    /** What storing a batch did: the rollouts stored now and those that were already there (or twice in the batch). */
    public record Batch(List<RolloutJudged> inserted, List<RolloutJudged> duplicates) {
        static final Batch EMPTY = new Batch(List.of(), List.of());
    }

    static final String INSERT = "insert into rollout_judged (rollout_id, run_id, step, environment, cue_type, exploited, sampled, verbalized,"
            + " judge_failed, mentions, judge, judge_version, judge_definition, reasoning_words, reward, observed_at, judged_at, stored_at)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (rollout_id) do nothing";

    /** The counts of {@link RolloutCounts}, over the rows of one group. */
    static final String COUNTS = "count(*) as rollouts, count(*) filter (where exploited) as exploited, count(*) filter (where sampled) as sampled,"
            + " count(verbalized) as judged, count(*) filter (where verbalized) as verbalized, count(*) filter (where judge_failed) as judge_failed,"
            + " coalesce(sum(reasoning_words) filter (where verbalized), 0) as verbalized_words,"
            + " coalesce(sum(reasoning_words) filter (where not verbalized), 0) as unverbalized_words, sum(reward) as reward_sum,"
            + " count(*) filter (where sampled and not exploited and mentions) as mentions_not_exploited";

    static Object[] row(RolloutJudged r, Instant storedAt) {
        Judgement j = r.judgement();
        return new Object[] { r.rolloutId(), r.runId(), r.step(), r.environment(), r.cueType().wireName(), r.exploited(), r.sampled(),
                r.verbalized(), r.judgeFailed(), j == null ? null : j.mentions(), j == null ? null : j.judge(), j == null ? null : j.version(),
                j == null ? null : JudgeDefinition.orDefault(j.definition()).wireName(), r.reasoningWords(), r.reward(), r.observedAt(),
                r.judgedAt(), storedAt };
    }

    /**
     * Stores a batch in one transaction, one statement, in rollout id order (instances storing at the same time lock in
     * the same order); each rollout once.
     */
    @Transactional
    public Batch storeAll(List<RolloutJudged> rollouts) {
        if (rollouts.isEmpty()) {
            return Batch.EMPTY;
        }
        Instant now = clock.instant();
        List<RolloutJudged> ordered = rollouts.stream().sorted(Comparator.comparing(RolloutJudged::rolloutId)).toList();
        int[] counts = session().doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
                for (RolloutJudged r : ordered) {
                    VerdictRows.bind(statement, row(r, now));
                    statement.addBatch();
                }
                return statement.executeBatch();
            }
        });
        List<RolloutJudged> inserted = new ArrayList<>(), duplicates = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            if (counts[i] != 0 && counts[i] != 1) {
                throw new IllegalStateException("the JDBC driver did not report whether rollout " + ordered.get(i).rolloutId()
                        + " was inserted (update count " + counts[i] + "); do not set reWriteBatchedInserts");
            }
            (counts[i] == 0 ? duplicates : inserted).add(ordered.get(i));
        }
        return new Batch(inserted, duplicates);
    }

    /** The counts of a run per step and environment (one environment, when given), by step then environment. */
    @Transactional
    public List<RolloutCounts> counts(String runId, String environment) {
        String sql = "select step, environment, " + COUNTS + " from rollout_judged where run_id = ?"
                + (environment == null ? "" : " and environment = ?") + " group by step, environment order by step, environment";
        return query(sql, environment == null ? new Object[] { runId } : new Object[] { runId, environment }, RolloutStore::counts);
    }

    /** The environment of counts pooled over every environment of a step. */
    public static final String ALL_ENVIRONMENTS = "all";

    /** The counts of a run per step, pooled over its environments (environment {@value #ALL_ENVIRONMENTS}), by step. */
    @Transactional
    public List<RolloutCounts> pooledCounts(String runId) {
        String sql = "select step, '" + ALL_ENVIRONMENTS + "' as environment, " + COUNTS + " from rollout_judged where run_id = ?"
                + " group by step order by step";
        return query(sql, new Object[] { runId }, RolloutStore::counts);
    }

    /** Whether the run has any rollout (one in the environment, when given). */
    @Transactional
    public boolean has(String runId, String environment) {
        return !query("select 1 from rollout_judged where run_id = ?" + (environment == null ? "" : " and environment = ?") + " limit 1",
                environment == null ? new Object[] { runId } : new Object[] { runId, environment }, rs -> 1).isEmpty();
    }

    /**
     * The {@code limit} runs that stored a rollout most recently, the most recent first. Runs are found by skipping from
     * one run id to the next in the (run_id, stored_at) index and each run's latest stored_at is read from its end: a few
     * index lookups per run, whatever the number of rollouts.
     */
    @Transactional
    public List<String> recentRuns(int limit) {
        return query("with recursive runs(run_id) as ((select run_id from rollout_judged order by run_id limit 1) union all"
                + " select (select r.run_id from rollout_judged r where r.run_id > runs.run_id order by r.run_id limit 1) from runs"
                + " where runs.run_id is not null)"
                + " select run_id from (select run_id, (select max(stored_at) from rollout_judged r where r.run_id = runs.run_id) as active"
                + " from runs where run_id is not null) a order by active desc, run_id limit ?", new Object[] { limit },
                rs -> rs.getString("run_id"));
    }

    /** Each environment of a run with its number of rollouts and its latest {@code steps} steps with rollouts, newest first. */
    @Transactional
    public List<EnvironmentSteps> environments(String runId, int steps) {
        Map<String, Long> rollouts = new LinkedHashMap<>();
        Map<String, List<Long>> newest = new LinkedHashMap<>();
        query("select environment, step, total from (select environment, step, sum(count(*)) over (partition by environment) as total,"
                + " row_number() over (partition by environment order by step desc) as back from rollout_judged where run_id = ?"
                + " group by environment, step) s where back <= ? order by environment, step desc", new Object[] { runId, steps }, rs -> {
                    String environment = rs.getString("environment");
                    rollouts.put(environment, rs.getLong("total"));
                    newest.computeIfAbsent(environment, e -> new ArrayList<>()).add(rs.getLong("step"));
                    return null;
                });
        return rollouts.entrySet().stream().map(e -> new EnvironmentSteps(e.getKey(), e.getValue(), newest.get(e.getKey()))).toList();
    }

    /** A step of an environment. */
    public record At(String environment, long step) {
    }

    /** The counts of a run at the given steps of its environments. */
    @Transactional
    public List<RolloutCounts> countsAt(String runId, List<At> at) {
        if (at.isEmpty()) {
            return List.of();
        }
        String[] environments = at.stream().map(At::environment).toArray(String[]::new);
        Long[] steps = at.stream().map(At::step).toArray(Long[]::new);
        return session().doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("select step, environment, " + COUNTS + " from rollout_judged"
                    + " join unnest(?::text[], ?::bigint[]) as w(env, at_step) on environment = env and step = at_step where run_id = ?"
                    + " group by step, environment")) {
                statement.setArray(1, connection.createArrayOf("text", environments));
                statement.setArray(2, connection.createArrayOf("bigint", steps));
                statement.setString(3, runId);
                return read(statement, RolloutStore::counts);
            }
        });
    }

    private static RolloutCounts counts(ResultSet rs) throws SQLException {
        return new RolloutCounts(rs.getLong("step"), rs.getString("environment"), rs.getLong("rollouts"), rs.getLong("exploited"),
                rs.getLong("sampled"), rs.getLong("judged"), rs.getLong("verbalized"), rs.getLong("judge_failed"), rs.getLong("verbalized_words"),
                rs.getLong("unverbalized_words"), rs.getDouble("reward_sum"), rs.getLong("mentions_not_exploited"));
    }

    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Object[] params, RowReader<T> reader) {
        return session().doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                VerdictRows.bind(statement, params);
                return read(statement, reader);
            }
        });
    }

    private static <T> List<T> read(PreparedStatement statement, RowReader<T> reader) throws SQLException {
        List<T> rows = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                rows.add(reader.read(rs));
            }
        }
        return rows;
    }

    private Session session() {
        return em.unwrap(Session.class);
    }
}
