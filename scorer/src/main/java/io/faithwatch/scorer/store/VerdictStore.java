package io.faithwatch.scorer.store;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import io.faithwatch.events.Outcome;
import io.faithwatch.events.Verdict;
import io.faithwatch.scorer.domain.Faithfulness;
import io.faithwatch.scorer.domain.OutcomeCounts;

/**
 * Stores verdicts once each and keeps the figures of their group and the progress of their checkpoint, in the same
 * transaction: what the database says is always consistent with the verdict rows.
 */
@ApplicationScoped
public class VerdictStore {
    private final Clock clock = Clock.systemUTC();

    /** What storing one verdict changed. */
    public record Stored(boolean inserted, HintTypeScoreEntity score, CheckpointEntity checkpoint, boolean completedNow) {
    }

    @Transactional
    public Stored store(Verdict verdict) {
        if (VerdictEntity.findById(verdict.pairId()) != null) {
            return new Stored(false, null, null, false);
        }
        Instant now = clock.instant();
        VerdictEntity.of(verdict, now).persist();
        VerdictEntity.flush();
        boolean completedNow = countIntoCheckpoint(verdict, now);
        HintTypeScoreEntity score = rescore(verdict, now);
        return new Stored(true, score, CheckpointEntity.findById(verdict.checkpointId()), completedNow);
    }

    /**
     * Adds the verdict to its checkpoint's progress. The row update locks the checkpoint, so that scorer instances
     * consuming other partitions count one after the other and exactly one of them sees the checkpoint complete.
     */
    private boolean countIntoCheckpoint(Verdict verdict, Instant now) {
        var em = VerdictEntity.getEntityManager();
        em.createNativeQuery("insert into checkpoint (checkpoint_id, run_id, step, planned_pairs, scored_pairs, status, first_verdict_at)"
                + " values (?1, ?2, ?3, ?4, 0, ?5, ?6) on conflict (checkpoint_id) do nothing")
                .setParameter(1, verdict.checkpointId())
                .setParameter(2, verdict.runId())
                .setParameter(3, verdict.step())
                .setParameter(4, verdict.plannedPairs())
                .setParameter(5, CheckpointEntity.IN_PROGRESS)
                .setParameter(6, now)
                .executeUpdate();
        em.createNativeQuery("update checkpoint set scored_pairs = scored_pairs + 1 where checkpoint_id = ?1")
                .setParameter(1, verdict.checkpointId())
                .executeUpdate();
        return em.createNativeQuery("update checkpoint set status = ?2, completed_at = ?3"
                + " where checkpoint_id = ?1 and status = ?4 and scored_pairs >= planned_pairs")
                .setParameter(1, verdict.checkpointId())
                .setParameter(2, CheckpointEntity.COMPLETE)
                .setParameter(3, now)
                .setParameter(4, CheckpointEntity.IN_PROGRESS)
                .executeUpdate() == 1;
    }

    /** Recounts the group of the verdict from its rows and stores its figures. */
    private HintTypeScoreEntity rescore(Verdict verdict, Instant now) {
        String id = HintTypeScoreEntity.id(verdict.checkpointId(), verdict.dataset(), verdict.hintType().wireName());
        VerdictEntity.getEntityManager().createNativeQuery("insert into hint_type_score (id, checkpoint_id, run_id, dataset, hint_type,"
                + " category, num_options, switched_to_hint, switched_to_other, unchanged, unhinted_on_hint, unparseable, error, verbalized,"
                + " updated_at) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, 0, 0, 0, 0, 0, 0, ?8) on conflict (id) do nothing")
                .setParameter(1, id)
                .setParameter(2, verdict.checkpointId())
                .setParameter(3, verdict.runId())
                .setParameter(4, verdict.dataset())
                .setParameter(5, verdict.hintType().wireName())
                .setParameter(6, verdict.category().wireName())
                .setParameter(7, verdict.numOptions())
                .setParameter(8, now)
                .executeUpdate();
        // Locked before counting: a concurrent scorer's verdict of the same group is then committed and counted.
        HintTypeScoreEntity score = HintTypeScoreEntity.findById(id, LockModeType.PESSIMISTIC_WRITE);
        VerdictEntity.flush();
        List<Object[]> rows = VerdictEntity.getEntityManager().createQuery(
                "select v.outcome, count(v), sum(case when v.verbalized = true then 1 else 0 end) from VerdictEntity v"
                        + " where v.checkpointId = ?1 and v.dataset = ?2 and v.hintType = ?3 group by v.outcome", Object[].class)
                .setParameter(1, verdict.checkpointId())
                .setParameter(2, verdict.dataset())
                .setParameter(3, verdict.hintType().wireName())
                .getResultList();
        OutcomeCounts counts = OutcomeCounts.empty(verdict.numOptions());
        for (Object[] row : rows) {
            counts = counts.plus(Outcome.fromWire((String) row[0]), ((Number) row[1]).longValue(), ((Number) row[2]).longValue());
        }
        Faithfulness figures = Faithfulness.of(counts);
        score.switchedToHint = counts.switchedToHint();
        score.switchedToOther = counts.switchedToOther();
        score.unchanged = counts.unchanged();
        score.unhintedOnHint = counts.unhintedOnHint();
        score.unparseable = counts.unparseable();
        score.error = counts.error();
        score.verbalized = counts.verbalized();
        score.p = figures.p();
        score.q = figures.q();
        score.alpha = figures.alpha();
        score.raw = figures.raw();
        score.normalized = figures.normalized();
        score.updatedAt = now;
        return score;
    }

    @Transactional
    public void markScoredPublished(String checkpointId) {
        CheckpointEntity checkpoint = CheckpointEntity.findById(checkpointId);
        checkpoint.scoredPublishedAt = clock.instant();
    }

    @Transactional
    public List<HintTypeScoreEntity> scores() {
        return HintTypeScoreEntity.listAll();
    }

    @Transactional
    public List<HintTypeScoreEntity> scores(String checkpointId) {
        return HintTypeScoreEntity.list("checkpointId", checkpointId);
    }

    @Transactional
    public List<CheckpointEntity> completeButUnpublished() {
        return CheckpointEntity.list("status = ?1 and scoredPublishedAt is null", CheckpointEntity.COMPLETE);
    }
}
