package io.faithwatch.scorer.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

/**
 * The pairs of a checkpoint as stored, with the texts kept for them (pair_evidence): lists filtered the way a reader
 * looks for examples, one pair whole, the same question in the run's other checkpoints, and the retention that deletes
 * texts past their run's time.
 */
@ApplicationScoped
public class PairTexts {
    /** Which pairs of a checkpoint to list. */
    public enum Filter {
        /** Eligible pairs judged verbalized. */
        VERBALIZED("v.outcome = 'switched_to_hint' and v.verbalized"),
        /** Eligible pairs judged not verbalized: the unfaithful examples. */
        UNVERBALIZED("v.outcome = 'switched_to_hint' and v.verbalized = false"),
        /** Eligible pairs whose judge failed. */
        JUDGE_ERROR("v.outcome = 'switched_to_hint' and v.verbalized is null and v.reasoning_channel <> 'redacted'"),
        /** Eligible pairs nobody could read (redacted reasoning). */
        UNREADABLE("v.outcome = 'switched_to_hint' and v.reasoning_channel = 'redacted'"),
        /** Every eligible pair. */
        ELIGIBLE("v.outcome = 'switched_to_hint'"),
        /** Every pair. */
        ALL("true");

        final String where;

        Filter(String where) {
            this.where = where;
        }

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** One line of a list: the verdict's figures and whether its texts are kept. */
    public record PairLine(String pairId, String questionId, String dataset, String hintType, String arm, String outcome, Boolean verbalized,
            String reasoningChannel, String hintLetter, String correctLetter, String unhintedAnswer, String hintedAnswer, String judgeEvidence,
            String judgeError, int hintedReasoningTokens, boolean texts) {
    }

    public record Page(List<PairLine> pairs, long total) {
    }

    /** A pair whole: its line, its step and run, and its texts when kept (prompts as JSON arrays of messages). */
    public record PairWhole(PairLine line, String checkpointId, String runId, long step, String judge, String judgeDefinition, Texts texts) {
    }

    public record Texts(String unhintedPrompt, String hintedPrompt, String unhintedReasoning, String hintedReasoning, String unhintedText,
            String hintedText, Instant storedAt) {
    }

    /** The same question, hint type and arm in another checkpoint of the run. */
    public record Sibling(String checkpointId, long step, String pairId, String outcome, Boolean verbalized) {
    }

    private static final String LINE = "v.pair_id, v.question_id, v.dataset, v.hint_type, v.arm, v.outcome, v.verbalized, v.reasoning_channel,"
            + " v.hint_letter, v.correct_letter, v.unhinted_answer, v.hinted_answer, v.evidence, v.judge_error, v.hinted_reasoning_tokens,"
            + " (e.pair_id is not null) as texts";

    /** A page of a checkpoint's pairs, of one hint type when given, in pair id order. */
    @Transactional
    public Page list(String checkpointId, String hintType, Filter filter, int limit, int offset) {
        String where = " from verdict v left join pair_evidence e on e.pair_id = v.pair_id where v.checkpoint_id = :checkpoint"
                + (hintType == null ? "" : " and v.hint_type = :type") + " and " + filter.where;
        Query count = em().createNativeQuery("select count(*)" + where);
        Query page = em().createNativeQuery("select " + LINE + where + " order by v.pair_id limit :limit offset :offset", Tuple.class);
        for (Query q : List.of(count, page)) {
            q.setParameter("checkpoint", checkpointId);
            if (hintType != null) {
                q.setParameter("type", hintType);
            }
        }
        page.setParameter("limit", limit).setParameter("offset", offset);
        long total = ((Number) count.getSingleResult()).longValue();
        List<PairLine> lines = new ArrayList<>();
        for (Object row : page.getResultList()) {
            lines.add(line((Tuple) row));
        }
        return new Page(lines, total);
    }

    @Transactional
    public Optional<PairWhole> pair(String pairId) {
        List<?> rows = em().createNativeQuery("select " + LINE + ", v.checkpoint_id, v.run_id, v.step, v.judge, v.judge_definition,"
                + " e.unhinted_prompt, e.hinted_prompt, e.unhinted_reasoning, e.hinted_reasoning, e.unhinted_text, e.hinted_text, e.stored_at"
                + " from verdict v left join pair_evidence e on e.pair_id = v.pair_id where v.pair_id = :pair", Tuple.class)
                .setParameter("pair", pairId).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Tuple t = (Tuple) rows.get(0);
        Texts texts = t.get("texts", Boolean.class) ? new Texts(t.get("unhinted_prompt", String.class), t.get("hinted_prompt", String.class),
                t.get("unhinted_reasoning", String.class), t.get("hinted_reasoning", String.class), t.get("unhinted_text", String.class),
                t.get("hinted_text", String.class), instant(t.get("stored_at"))) : null;
        return Optional.of(new PairWhole(line(t), t.get("checkpoint_id", String.class), t.get("run_id", String.class),
                ((Number) t.get("step")).longValue(), t.get("judge", String.class), t.get("judge_definition", String.class), texts));
    }

    /** The pairs of the same question, hint type and arm in the run's other checkpoints, by step. */
    @Transactional
    public List<Sibling> siblings(PairWhole pair) {
        List<Sibling> siblings = new ArrayList<>();
        for (Object row : em().createNativeQuery("select checkpoint_id, step, pair_id, outcome, verbalized from verdict where run_id = :run"
                + " and question_id = :question and hint_type = :type and arm = :arm and pair_id <> :pair order by step, checkpoint_id", Tuple.class)
                .setParameter("run", pair.runId()).setParameter("question", pair.line().questionId()).setParameter("type", pair.line().hintType())
                .setParameter("arm", pair.line().arm()).setParameter("pair", pair.line().pairId()).getResultList()) {
            Tuple t = (Tuple) row;
            siblings.add(new Sibling(t.get("checkpoint_id", String.class), ((Number) t.get("step")).longValue(), t.get("pair_id", String.class),
                    t.get("outcome", String.class), t.get("verbalized", Boolean.class)));
        }
        return siblings;
    }

    /**
     * Deletes the texts stored longer ago than their run keeps them: {@code keepFor} by default, {@code keepForRun} per
     * run; a zero duration keeps them for good. The number of pairs whose texts went.
     */
    @Transactional
    public int purge(Instant now, Duration keepFor, Map<String, Duration> keepForRun) {
        int deleted = 0;
        for (Map.Entry<String, Duration> run : keepForRun.entrySet()) {
            if (!run.getValue().isZero()) {
                deleted += em().createNativeQuery("delete from pair_evidence where run_id = :run and stored_at < :before")
                        .setParameter("run", run.getKey()).setParameter("before", now.minus(run.getValue())).executeUpdate();
            }
        }
        if (!keepFor.isZero()) {
            String others = keepForRun.isEmpty() ? "" : " and run_id not in (:runs)";
            Query delete = em().createNativeQuery("delete from pair_evidence where stored_at < :before" + others)
                    .setParameter("before", now.minus(keepFor));
            if (!keepForRun.isEmpty()) {
                delete.setParameter("runs", List.copyOf(keepForRun.keySet()));
            }
            deleted += delete.executeUpdate();
        }
        return deleted;
    }

    private static PairLine line(Tuple t) {
        return new PairLine(t.get("pair_id", String.class), t.get("question_id", String.class), t.get("dataset", String.class),
                t.get("hint_type", String.class), t.get("arm", String.class), t.get("outcome", String.class), t.get("verbalized", Boolean.class),
                t.get("reasoning_channel", String.class), text(t.get("hint_letter")), text(t.get("correct_letter")), text(t.get("unhinted_answer")),
                text(t.get("hinted_answer")), t.get("evidence", String.class), t.get("judge_error", String.class),
                ((Number) t.get("hinted_reasoning_tokens")).intValue(), t.get("texts", Boolean.class));
    }

    /** A char(1) column comes back as a Character or a String depending on the driver's mapping. */
    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof java.sql.Timestamp ts) {
            return ts.toInstant();
        }
        throw new IllegalStateException("not a timestamp: " + value.getClass());
    }

    private static EntityManager em() {
        return CheckpointEntity.getEntityManager();
    }
}
