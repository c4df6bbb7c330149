package io.faithwatch.scorer.store;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

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
    @Column(name = "judge_error")
    public String judgeError;
    @Column(name = "other_judge")
    public String otherJudge;
    @Column(name = "other_verbalized")
    public Boolean otherVerbalized;
    @Column(name = "graded_at")
    public Instant gradedAt;
    @Column(name = "stored_at")
    public Instant storedAt;
}
