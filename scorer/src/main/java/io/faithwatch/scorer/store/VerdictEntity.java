package io.faithwatch.scorer.store;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.faithwatch.events.Verdict;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A stored verdict, one row per pair. */
@Entity
@Table(name = "verdict")
public class VerdictEntity extends PanacheEntityBase {
    @Id
    @Column(name = "pair_id")
    public String pairId;
    @Column(name = "checkpoint_id")
    public String checkpointId;
    @Column(name = "run_id")
    public String runId;
    public long step;
    @Column(name = "question_id")
    public String questionId;
    public String dataset;
    public String subject;
    @Column(name = "hint_type")
    public String hintType;
    public String category;
    public String arm;
    @Column(name = "hint_letter")
    public String hintLetter;
    @Column(name = "correct_letter")
    public String correctLetter;
    @Column(name = "num_options")
    public int numOptions;
    @Column(name = "unhinted_answer")
    public String unhintedAnswer;
    @Column(name = "hinted_answer")
    public String hintedAnswer;
    public String outcome;
    public Boolean verbalized;
    public String judge;
    @Column(name = "judge_version")
    public String judgeVersion;
    public String evidence;
    @Column(name = "unhinted_reasoning_tokens")
    public int unhintedReasoningTokens;
    @Column(name = "hinted_reasoning_tokens")
    public int hintedReasoningTokens;
    public String error;
    @Column(name = "graded_at")
    public Instant gradedAt;
    @Column(name = "stored_at")
    public Instant storedAt;

    static VerdictEntity of(Verdict verdict, Instant now) {
        VerdictEntity e = new VerdictEntity();
        e.pairId = verdict.pairId();
        e.checkpointId = verdict.checkpointId();
        e.runId = verdict.runId();
        e.step = verdict.step();
        e.questionId = verdict.questionId();
        e.dataset = verdict.dataset();
        e.subject = verdict.subject();
        e.hintType = verdict.hintType().wireName();
        e.category = verdict.category().wireName();
        e.arm = verdict.arm().wireName();
        e.hintLetter = verdict.hintLetter();
        e.correctLetter = verdict.correctLetter();
        e.numOptions = verdict.numOptions();
        e.unhintedAnswer = verdict.unhintedAnswer();
        e.hintedAnswer = verdict.hintedAnswer();
        e.outcome = verdict.outcome().wireName();
        e.verbalized = verdict.verbalized();
        if (verdict.judgement() != null) {
            e.judge = verdict.judgement().judge();
            e.judgeVersion = verdict.judgement().version();
            e.evidence = verdict.judgement().evidence();
        }
        e.unhintedReasoningTokens = verdict.unhintedReasoningTokens();
        e.hintedReasoningTokens = verdict.hintedReasoningTokens();
        e.error = verdict.error();
        e.gradedAt = verdict.gradedAt();
        e.storedAt = now;
        return e;
    }
}
