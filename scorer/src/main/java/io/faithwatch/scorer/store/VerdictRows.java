package io.faithwatch.scorer.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.faithwatch.events.Events;
import io.faithwatch.events.JudgeDefinition;
import io.faithwatch.events.Judgement;
import io.faithwatch.events.PairEvidence;
import io.faithwatch.events.Verdict;
import io.faithwatch.scorer.domain.Spend;

/** A verdict as a row of the {@code verdict} table: the statement that stores it once and its parameters, plain JDBC. */
public final class VerdictRows {
    private VerdictRows() {
    }

    /** Inserts a verdict into {@code table} (the scorer's {@code verdict}, or a table like it) unless its pair is there. */
    public static String insert(String table) {
        return "insert into " + table + " (pair_id, checkpoint_id, run_id, step, question_id, dataset, subject, hint_type, category, arm,"
                + " hint_letter, correct_letter, num_options, unhinted_answer, hinted_answer, outcome, verbalized, judge, judge_version,"
                + " judge_definition, evidence, judge_error, other_judge, other_verbalized, unhinted_reasoning_tokens, hinted_reasoning_tokens,"
                + " error, graded_at, stored_at, judge_model, judge_prompt_hash, other_judge_version, other_judge_model, other_judge_prompt_hash,"
                + " reasoning_channel, cost_nano_usd) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?, ?, ?, ?, ?)"
                + " on conflict (pair_id) do nothing";
    }

    /** The parameters of {@link #insert} for one verdict. */
    public static Object[] of(Verdict v, Instant storedAt) {
        Judgement j = v.judgement(), other = v.otherJudgement();
        return new Object[] { v.pairId(), v.checkpointId(), v.runId(), v.step(), v.questionId(), v.dataset(), v.subject(),
                v.hintType().wireName(), v.category().wireName(), v.arm().wireName(), v.hintLetter(), v.correctLetter(), v.numOptions(),
                v.unhintedAnswer(), v.hintedAnswer(), v.outcome().wireName(), v.verbalized(),
                v.judgement() == null ? null : v.judgement().judge(), v.judgement() == null ? null : v.judgement().version(),
                (v.judgement() == null ? JudgeDefinition.DEFAULT : v.judgement().definition()).wireName(),
                v.judgement() == null ? null : v.judgement().evidence(), v.judgement() == null ? null : v.judgement().error(),
                v.otherJudgement() == null ? null : v.otherJudgement().judge(),
                v.otherJudgement() == null || v.otherJudgement().failed() ? null : v.otherJudgement().verbalized(),
                v.unhintedReasoningTokens(), v.hintedReasoningTokens(), v.error(), v.gradedAt(), storedAt,
                j == null ? null : j.model(), j == null ? null : j.promptHash(), other == null ? null : other.version(),
                other == null ? null : other.model(), other == null ? null : other.promptHash(), v.reasoningChannel().wireName(),
                v.costUsd() == null ? null : Spend.nanos(v.costUsd()) };
    }

    /** Inserts the texts of a verdict's pair unless they are there. */
    public static final String INSERT_EVIDENCE = "insert into pair_evidence (pair_id, checkpoint_id, run_id, unhinted_prompt, hinted_prompt,"
            + " unhinted_reasoning, hinted_reasoning, unhinted_text, hinted_text, stored_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " on conflict (pair_id) do nothing";

    /** The parameters of {@link #INSERT_EVIDENCE} for a verdict that carries its pair's texts. */
    public static Object[] evidence(Verdict v, Instant storedAt) {
        PairEvidence e = v.evidence();
        return new Object[] { v.pairId(), v.checkpointId(), v.runId(), json(e.unhintedPrompt()), json(e.hintedPrompt()), e.unhintedReasoning(),
                e.hintedReasoning(), e.unhintedText(), e.hintedText(), storedAt };
    }

    private static String json(Object value) {
        try {
            return Events.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Binds positional parameters: an instant as a UTC timestamp, a null untyped, so that PostgreSQL takes the column's
     * type (a typed null of the wrong type would be refused), and a text with a NUL character with U+FFFD in its place:
     * PostgreSQL's text cannot hold NUL, and a model's reasoning may (ids, where events allow no control character, never
     * do). Refused, such a text would stop its batch for good.
     */
    public static void bind(PreparedStatement statement, Object[] params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object value = params[i] instanceof Instant instant ? OffsetDateTime.ofInstant(instant, ZoneOffset.UTC)
                    : params[i] instanceof String text && text.indexOf('\0') >= 0 ? text.replace('\0', '\uFFFD') : params[i];
            if (value == null) {
                statement.setNull(i + 1, Types.NULL);
            } else {
                statement.setObject(i + 1, value);
            }
        }
    }
}
