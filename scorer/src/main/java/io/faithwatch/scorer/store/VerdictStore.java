package io.faithwatch.scorer.store;

import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

import io.faithwatch.events.Verdict;
import io.faithwatch.scorer.domain.Faithfulness;
import io.faithwatch.scorer.domain.GroupFigures;
import io.faithwatch.scorer.domain.GroupKey;
import io.faithwatch.scorer.domain.PairedBootstrap;
import io.faithwatch.scorer.domain.JudgeUse;
import io.faithwatch.scorer.domain.Tally;
import io.faithwatch.scorer.domain.TokenStats;

/**
 * Stores verdicts once each and, in the same transaction, adds each new verdict's counts to its group's row and its
 * checkpoint's progress: what the aggregate rows say always equals a count over the verdict rows, and reading them costs
 * the same whatever the number of verdicts. A verdict that is already stored (Kafka redelivery, or another scorer
 * instance that got it first) changes nothing: the insert on the primary key decides, inside the database.
 */
@ApplicationScoped
public class VerdictStore {
    private final Clock clock = Clock.systemUTC();

    private static final String GROUP_COLUMNS = "checkpoint_id, run_id, step, dataset, hint_type, category, arm, num_options, "
            + TallyColumns.columns();

    /** A group a stored batch touched: its new tally and its checkpoint. */
    public record Stored(GroupKey group, Tally tally, CheckpointEntity checkpoint) {
    }

    /**
     * What storing a batch changed: the verdicts stored now, those already stored (redelivered, or twice in the batch),
     * the groups touched with their new tallies, and the checkpoints this batch completed.
     */
    public record Batch(List<Verdict> inserted, List<Verdict> duplicates, List<Stored> groups, List<CheckpointEntity> completed) {
        static final Batch EMPTY = new Batch(List.of(), List.of(), List.of(), List.of());
    }

    public static GroupKey keyOf(Verdict v) {
        return new GroupKey(v.runId(), v.checkpointId(), v.step(), v.dataset(), v.hintType().wireName(), v.category().wireName(),
                v.arm().wireName());
    }

    /**
     * Stores a batch in one transaction: each verdict once (the primary key decides, so a pair redelivered or twice in
     * the batch counts once) with its pair's texts when it carries them, then the sum of the new verdicts' tallies added to each group's row, their token
     * histograms and their checkpoints' progress, one statement per group and per checkpoint. Rows are written in key
     * order, so that scorer instances storing batches at the same time lock them in the same order.
     */
    @Transactional
    public Batch storeAll(List<Verdict> verdicts) {
        if (verdicts.isEmpty()) {
            return Batch.EMPTY;
        }
        Instant now = clock.instant();
        List<Verdict> ordered = verdicts.stream().sorted(Comparator.comparing(Verdict::pairId)).toList();
        int[] counts = batch(INSERT_VERDICT, ordered.stream().map(v -> VerdictRows.of(v, now)).toList());
        List<Verdict> inserted = new ArrayList<>(), duplicates = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            if (counts[i] != 0 && counts[i] != 1) {
                // e.g. reWriteBatchedInserts=true in the JDBC URL: without a count per row, once-only cannot be told.
                throw new IllegalStateException("the JDBC driver did not report whether pair " + ordered.get(i).pairId()
                        + " was inserted (update count " + counts[i] + "); do not set reWriteBatchedInserts");
            }
            (counts[i] == 0 ? duplicates : inserted).add(ordered.get(i));
        }
        if (inserted.isEmpty()) {
            return new Batch(List.of(), duplicates, List.of(), List.of());
        }
        List<Object[]> texts = inserted.stream().filter(v -> v.evidence() != null).map(v -> VerdictRows.evidence(v, now)).toList();
        if (!texts.isEmpty()) {
            batch(VerdictRows.INSERT_EVIDENCE, texts);
        }
        Map<String, GroupKey> keys = new TreeMap<>();
        Map<String, Tally> deltas = new HashMap<>();
        Map<TokenBin, Long> tokens = new TreeMap<>();
        Map<String, List<Verdict>> byCheckpoint = new TreeMap<>();
        for (Verdict v : inserted) {
            GroupKey key = keyOf(v);
            keys.putIfAbsent(key.id(), key);
            deltas.merge(key.id(), Tally.of(v), Tally::plus);
            if (v.eligible() && v.verbalized() != null) {
                tokens.merge(new TokenBin(key.id(), v.verbalized(), v.hintedReasoningTokens()), 1L, Long::sum);
            }
            byCheckpoint.computeIfAbsent(v.checkpointId(), c -> new ArrayList<>()).add(v);
        }
        Map<String, Tally> tallies = new HashMap<>();
        keys.forEach((id, key) -> tallies.put(id, addToGroup(key, deltas.get(id).outcomes().numOptions(), deltas.get(id), now)));
        if (!tokens.isEmpty()) {
            batch("insert into token_histogram (score_id, faithful, tokens, pairs) values (?, ?, ?, ?)"
                    + " on conflict (score_id, faithful, tokens) do update set pairs = token_histogram.pairs + excluded.pairs",
                    tokens.entrySet().stream().map(e -> new Object[] { e.getKey().scoreId(), e.getKey().faithful(), e.getKey().tokens(),
                            e.getValue() }).toList());
        }
        Map<String, CheckpointEntity> checkpoints = new HashMap<>();
        List<CheckpointEntity> completed = new ArrayList<>();
        byCheckpoint.forEach((id, of) -> {
            boolean completedNow = countIntoCheckpoint(of.get(0), of.size(), now);
            CheckpointEntity checkpoint = CheckpointEntity.findById(id);
            checkpoints.put(id, checkpoint);
            if (completedNow) {
                completed.add(checkpoint);
            }
        });
        List<Stored> groups = keys.values().stream().map(key -> new Stored(key, tallies.get(key.id()), checkpoints.get(key.checkpointId())))
                .toList();
        return new Batch(inserted, duplicates, groups, completed);
    }

    /** A row of token_histogram, in key order. */
    private record TokenBin(String scoreId, boolean faithful, int tokens) implements Comparable<TokenBin> {
        private static final Comparator<TokenBin> ORDER = Comparator.comparing(TokenBin::scoreId).thenComparing(TokenBin::faithful)
                .thenComparingInt(TokenBin::tokens);

        @Override
        public int compareTo(TokenBin other) {
            return ORDER.compare(this, other);
        }
    }

    private static final String INSERT_VERDICT = VerdictRows.insert("verdict");

    /** One statement for many rows (one round trip); the update count of each row, in order. */
    private static int[] batch(String sql, List<Object[]> rows) {
        return em().unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (Object[] row : rows) {
                    VerdictRows.bind(statement, row);
                    statement.addBatch();
                }
                return statement.executeBatch();
            }
        });
    }

    /**
     * A write through the transaction's JDBC connection: a null parameter is sent untyped, so PostgreSQL takes the
     * column's type (a typed null of the wrong type would be refused).
     */
    private static int update(String sql, Object... params) {
        return em().unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                VerdictRows.bind(statement, params);
                return statement.executeUpdate();
            }
        });
    }

    /** Adds a tally to its group's row (created on first use) and rewrites the derived figures; returns the group's new tally. */
    private Tally addToGroup(GroupKey key, int numOptions, Tally delta, Instant now) {
        List<Object> params = new ArrayList<>(List.of(key.id(), key.checkpointId(), key.runId(), key.step(), key.dataset(), key.hintType(),
                key.category(), key.arm(), numOptions));
        TallyColumns.COUNTERS.forEach(c -> params.add(c.value().applyAsLong(delta)));
        params.add(now);
        StringBuilder sql = new StringBuilder("insert into hint_type_score (id, ").append(GROUP_COLUMNS).append(", updated_at) values (")
                .append(String.join(", ", java.util.Collections.nCopies(params.size(), "?")))
                .append(") on conflict (id) do update set updated_at = excluded.updated_at,")
                .append(" num_options = greatest(hint_type_score.num_options, excluded.num_options)");
        TallyColumns.COUNTERS.forEach(c -> sql.append(", ").append(c.column()).append(" = hint_type_score.").append(c.column())
                .append(" + excluded.").append(c.column()));
        update(sql.toString(), params.toArray());
        Tuple row = (Tuple) em().createNativeQuery("select id, " + GROUP_COLUMNS + " from hint_type_score where id = ?1", Tuple.class)
                .setParameter(1, key.id()).getSingleResult();
        Tally tally = groupOf(row).tally();
        writeDerived(key.id(), tally);
        return tally;
    }

    /** p, q, alpha, raw and normalized beside the counts, for whoever reads the table with SQL. */
    private void writeDerived(String id, Tally tally) {
        Faithfulness f = tally.faithfulness();
        update("update hint_type_score set p = ?, q = ?, alpha = ?, raw = ?, normalized = ? where id = ?", f.p(), f.q(), f.alpha(), f.raw(),
                f.normalized(), id);
    }

    /**
     * Adds n new verdicts of one checkpoint to its progress. The row update locks the checkpoint, so that scorer instances
     * consuming other partitions count one after the other and exactly one of them sees the checkpoint complete.
     */
    private boolean countIntoCheckpoint(Verdict verdict, int n, Instant now) {
        em().createNativeQuery("insert into checkpoint (checkpoint_id, run_id, step, planned_pairs, scored_pairs, status, first_verdict_at)"
                + " values (?1, ?2, ?3, ?4, 0, ?5, ?6) on conflict (checkpoint_id) do nothing")
                .setParameter(1, verdict.checkpointId())
                .setParameter(2, verdict.runId())
                .setParameter(3, verdict.step())
                .setParameter(4, verdict.plannedPairs())
                .setParameter(5, CheckpointEntity.IN_PROGRESS)
                .setParameter(6, now)
                .executeUpdate();
        em().createNativeQuery("update checkpoint set scored_pairs = scored_pairs + ?2 where checkpoint_id = ?1")
                .setParameter(1, verdict.checkpointId())
                .setParameter(2, n)
                .executeUpdate();
        return em().createNativeQuery("update checkpoint set status = ?2, completed_at = ?3"
                + " where checkpoint_id = ?1 and status = ?4 and scored_pairs >= planned_pairs")
                .setParameter(1, verdict.checkpointId())
                .setParameter(2, CheckpointEntity.COMPLETE)
                .setParameter(3, now)
                .setParameter(4, CheckpointEntity.IN_PROGRESS)
                .executeUpdate() == 1;
    }

    /** One summary of a checkpoint as kept by step: a scope's normalized score, its interval, a hint type's uptake p. */
    public record SummaryRow(String scope, Double normalized, Double ciLow, Double ciHigh, Double uptake, List<String> reasoningChannels) {
    }

    /** Keeps a complete checkpoint's summaries by step (checkpoint_summary), replacing what was there. */
    @Transactional
    public void saveSummaries(CheckpointEntity checkpoint, String arm, List<SummaryRow> summaries) {
        Instant now = clock.instant();
        batch("insert into checkpoint_summary (checkpoint_id, run_id, step, arm, scope, normalized, ci_low, ci_high, uptake,"
                + " reasoning_channels, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (checkpoint_id, arm, scope) do update set"
                + " normalized = excluded.normalized, ci_low = excluded.ci_low, ci_high = excluded.ci_high, uptake = excluded.uptake,"
                + " reasoning_channels = excluded.reasoning_channels, updated_at = excluded.updated_at",
                summaries.stream().map(r -> new Object[] { checkpoint.checkpointId, checkpoint.runId, checkpoint.step, arm, r.scope(), r.normalized(),
                        r.ciLow(), r.ciHigh(), r.uptake(), String.join(",", r.reasoningChannels()), now }).toList());
    }

    /** Complete checkpoints without summaries kept by step (scored before they were kept). */
    @Transactional
    public List<String> completeWithoutSummaries() {
        @SuppressWarnings("unchecked")
        List<String> ids = em().createNativeQuery("select checkpoint_id from checkpoint c where status = ?1 and not exists"
                + " (select 1 from checkpoint_summary s where s.checkpoint_id = c.checkpoint_id)").setParameter(1, CheckpointEntity.COMPLETE)
                .getResultList();
        return ids;
    }

    /** A checkpoint's verdicts of one arm counted per question and group, for comparisons that resample questions. */
    @Transactional
    public List<PairedBootstrap.QuestionTally> questionTallies(CheckpointEntity checkpoint, String arm) {
        List<Tuple> rows = tuples(em().createNativeQuery("select question_id, dataset, hint_type, min(category) as category,"
                + " max(num_options) as num_options, " + TallyColumns.countsOfVerdicts() + " from verdict where checkpoint_id = :checkpoint"
                + " and arm = :arm group by question_id, dataset, hint_type", Tuple.class)
                .setParameter("checkpoint", checkpoint.checkpointId).setParameter("arm", arm));
        List<PairedBootstrap.QuestionTally> tallies = new ArrayList<>();
        for (Tuple row : rows) {
            GroupKey key = new GroupKey(checkpoint.runId, checkpoint.checkpointId, checkpoint.step, row.get("dataset", String.class),
                    row.get("hint_type", String.class), row.get("category", String.class), arm);
            tallies.add(new PairedBootstrap.QuestionTally(row.get("question_id", String.class), key,
                    TallyColumns.read(row, ((Number) row.get("num_options")).intValue()).outcomes()));
        }
        return tallies;
    }

    /** The groups of the given checkpoints with their tallies and token figures; intervals are left to the caller. */
    @Transactional
    public List<GroupFigures> groups(Collection<String> checkpointIds) {
        if (checkpointIds.isEmpty()) {
            return List.of();
        }
        List<Tuple> rows = tuples(em().createNativeQuery("select id, " + GROUP_COLUMNS + " from hint_type_score where checkpoint_id in (:ids)",
                Tuple.class).setParameter("ids", checkpointIds));
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, NavigableMap<Integer, Long>> faithful = new HashMap<>(), unfaithful = new HashMap<>();
        List<Tuple> tokens = tuples(em().createNativeQuery("select score_id, faithful, tokens, pairs from token_histogram where score_id in (:ids)",
                Tuple.class).setParameter("ids", rows.stream().map(r -> r.get("id", String.class)).toList()));
        for (Tuple t : tokens) {
            (t.get("faithful", Boolean.class) ? faithful : unfaithful).computeIfAbsent(t.get("score_id", String.class), k -> new TreeMap<>())
                    .put(((Number) t.get("tokens")).intValue(), ((Number) t.get("pairs")).longValue());
        }
        List<GroupFigures> groups = new ArrayList<>();
        for (Tuple row : rows) {
            GroupFigures g = groupOf(row);
            groups.add(new GroupFigures(g.key(), g.tally(), g.faithfulness(), null,
                    TokenStats.of(faithful.getOrDefault(g.key().id(), new TreeMap<>())),
                    TokenStats.of(unfaithful.getOrDefault(g.key().id(), new TreeMap<>()))));
        }
        return groups;
    }

    /** A group from a row of "id, GROUP_COLUMNS", read by column name. */
    private static GroupFigures groupOf(Tuple row) {
        GroupKey key = new GroupKey(row.get("run_id", String.class), row.get("checkpoint_id", String.class),
                ((Number) row.get("step")).longValue(), row.get("dataset", String.class), row.get("hint_type", String.class),
                row.get("category", String.class), row.get("arm", String.class));
        Tally tally = TallyColumns.read(row, ((Number) row.get("num_options")).intValue());
        return new GroupFigures(key, tally, tally.faithfulness(), null, TokenStats.NONE, TokenStats.NONE);
    }

    @SuppressWarnings("unchecked")
    private static List<Tuple> tuples(Query query) {
        return query.getResultList();
    }

    /**
     * The figures of the most recent {@code window} eligible pairs of a run, hint type and arm, with every other pair
     * graded among them: the window starts at the window-th most recent eligible pair in the order (step, graded at, pair
     * id), which does not depend on the order verdicts arrived in. Fewer eligible pairs: all pairs of the run.
     */
    @Transactional
    public GroupFigures rolling(RunHintType scope, int window) {
        String runId = scope.runId(), hintType = scope.hintType(), arm = scope.arm();
        String within = "with boundary as (select step, graded_at, pair_id from verdict where run_id = :run and hint_type = :type"
                + " and arm = :arm and outcome = 'switched_to_hint' order by step desc, graded_at desc, pair_id desc"
                + " offset :skip limit 1), win as (select * from verdict v where run_id = :run and hint_type = :type and arm = :arm"
                + " and (not exists (select 1 from boundary) or (v.step, v.graded_at, v.pair_id) >= (select step, graded_at, pair_id"
                + " from boundary))) ";
        Tuple row = (Tuple) bind(em().createNativeQuery(within + "select max(num_options) as num_options, min(category) as category,"
                + " max(step) as step, " + TallyColumns.countsOfVerdicts() + " from win", Tuple.class), runId, hintType, arm, window)
                .getSingleResult();
        if (row.get("num_options") == null) {
            return null;
        }
        Tally tally = TallyColumns.read(row, ((Number) row.get("num_options")).intValue());
        List<Tuple> tokens = tuples(bind(em().createNativeQuery(within + "select verbalized, hinted_reasoning_tokens as tokens, count(*) as pairs"
                + " from win where outcome = 'switched_to_hint' and verbalized is not null group by 1, 2", Tuple.class), runId, hintType, arm,
                window));
        NavigableMap<Integer, Long> faithful = new TreeMap<>(), unfaithful = new TreeMap<>();
        tokens.forEach(t -> (t.get("verbalized", Boolean.class) ? faithful : unfaithful).put(((Number) t.get("tokens")).intValue(),
                ((Number) t.get("pairs")).longValue()));
        GroupKey key = new GroupKey(runId, "rolling", ((Number) row.get("step")).longValue(), "all", hintType, row.get("category", String.class),
                arm);
        return new GroupFigures(key, tally, tally.faithfulness(), null, TokenStats.of(faithful), TokenStats.of(unfaithful));
    }

    private static Query bind(Query query, String runId, String hintType, String arm, int window) {
        return query.setParameter("run", runId).setParameter("type", hintType).setParameter("arm", arm).setParameter("skip", window - 1);
    }

    /** The (run, hint type, arm) combinations that have verdicts, for the rolling windows. */
    @Transactional
    public List<RunHintType> runHintTypes() {
        return tuples(em().createNativeQuery("select distinct run_id, hint_type, arm from hint_type_score", Tuple.class)).stream()
                .map(r -> new RunHintType(r.get("run_id", String.class), r.get("hint_type", String.class), r.get("arm", String.class))).toList();
    }

    /**
     * Recounts the groups of a checkpoint from its verdict rows (repair, bulk loads, the benchmark). Replaces its
     * aggregate rows; the incremental path gives the same figures.
     */
    @Transactional
    public void recount(String checkpointId) {
        em().createNativeQuery("delete from token_histogram where score_id in (select id from hint_type_score where checkpoint_id = ?1)")
                .setParameter(1, checkpointId).executeUpdate();
        em().createNativeQuery("delete from hint_type_score where checkpoint_id = ?1").setParameter(1, checkpointId).executeUpdate();
        em().createNativeQuery("insert into hint_type_score (id, " + GROUP_COLUMNS + ", updated_at) select checkpoint_id || '|' || dataset"
                + " || '|' || hint_type || '|' || arm, checkpoint_id, min(run_id), min(step), dataset, hint_type, min(category), arm,"
                + " max(num_options), " + TallyColumns.COUNTERS.stream().map(TallyColumns.Counter::countOfVerdicts)
                .collect(Collectors.joining(", ")) + ", now() from verdict where checkpoint_id = ?1"
                + " group by checkpoint_id, dataset, hint_type, arm").setParameter(1, checkpointId).executeUpdate();
        em().createNativeQuery("insert into token_histogram (score_id, faithful, tokens, pairs) select checkpoint_id || '|' || dataset"
                + " || '|' || hint_type || '|' || arm, verbalized, hinted_reasoning_tokens, count(*) from verdict where checkpoint_id = ?1"
                + " and outcome = 'switched_to_hint' and verbalized is not null group by 1, 2, 3").setParameter(1, checkpointId)
                .executeUpdate();
        em().createNativeQuery("insert into checkpoint (checkpoint_id, run_id, step, planned_pairs, scored_pairs, status, first_verdict_at,"
                + " completed_at) select checkpoint_id, min(run_id), min(step), count(*), count(*), ?2, min(stored_at), max(stored_at)"
                + " from verdict where checkpoint_id = ?1 group by checkpoint_id on conflict (checkpoint_id) do update"
                + " set scored_pairs = excluded.scored_pairs").setParameter(1, checkpointId).setParameter(2, CheckpointEntity.COMPLETE)
                .executeUpdate();
        deriveMissing();
    }

    /** Writes the derived columns of rows recounted in SQL (the V2 migration, {@link #recount}). */
    @Transactional
    public void deriveMissing() {
        tuples(em().createNativeQuery("select id, " + GROUP_COLUMNS + " from hint_type_score where p is null"
                + " and switched_to_hint + switched_to_other + unchanged > 0", Tuple.class))
                .forEach(row -> writeDerived(row.get("id", String.class), groupOf(row).tally()));
    }

    @Transactional
    public void markScoredPublished(String checkpointId) {
        CheckpointEntity checkpoint = CheckpointEntity.findById(checkpointId);
        checkpoint.scoredPublishedAt = clock.instant();
    }

    @Transactional
    public List<CheckpointEntity> checkpoints() {
        return CheckpointEntity.list("order by runId, step, firstVerdictAt");
    }

    @Transactional
    public CheckpointEntity checkpoint(String checkpointId) {
        return CheckpointEntity.findById(checkpointId);
    }

    /** The complete checkpoint of the run that precedes the given one in training steps, if any. */
    @Transactional
    public CheckpointEntity previousComplete(CheckpointEntity checkpoint) {
        return CheckpointEntity.find("runId = ?1 and status = ?2 and step < ?3 and checkpointId <> ?4 order by step desc, completedAt desc",
                checkpoint.runId, CheckpointEntity.COMPLETE, checkpoint.step, checkpoint.checkpointId).firstResult();
    }

    /** The judges of a checkpoint's verdicts in one arm, the authoritative ones first, the busiest first. */
    @Transactional
    public List<JudgeUse> judges(String checkpointId, String arm) {
        String sql = "select role, judge, version, model, prompt_hash, definition, verdicts from ("
                + " select 0 as rank, '" + JudgeUse.AUTHORITATIVE + "' as role, judge, judge_version as version, judge_model as model,"
                + "  judge_prompt_hash as prompt_hash, judge_definition as definition, count(*) as verdicts from verdict"
                + "  where checkpoint_id = ?1 and arm = ?2 and judge is not null"
                + "  group by judge, judge_version, judge_model, judge_prompt_hash, judge_definition"
                + " union all"
                + " select 1, '" + JudgeUse.SECOND + "', other_judge, other_judge_version, other_judge_model, other_judge_prompt_hash,"
                + "  judge_definition, count(*) from verdict where checkpoint_id = ?1 and arm = ?2 and other_judge is not null"
                + "  group by other_judge, other_judge_version, other_judge_model, other_judge_prompt_hash, judge_definition) j"
                + " order by rank, verdicts desc, judge, definition";
        return tuples(em().createNativeQuery(sql, Tuple.class).setParameter(1, checkpointId).setParameter(2, arm)).stream()
                .map(row -> new JudgeUse(row.get("role", String.class), row.get("judge", String.class), row.get("version", String.class),
                        row.get("model", String.class), row.get("prompt_hash", String.class), row.get("definition", String.class),
                        row.get("verdicts", Number.class).longValue()))
                .toList();
    }

    @Transactional
    public List<CheckpointEntity> completeButUnpublished() {
        return CheckpointEntity.list("status = ?1 and scoredPublishedAt is null", CheckpointEntity.COMPLETE);
    }

    private static EntityManager em() {
        return CheckpointEntity.getEntityManager();
    }
}
