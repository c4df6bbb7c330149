package io.faithwatch.events.testing;

import java.time.Instant;

import io.faithwatch.events.Events;
import io.faithwatch.events.HintArm;
import io.faithwatch.events.HintType;
import io.faithwatch.events.Judgement;
import io.faithwatch.events.Outcome;
import io.faithwatch.events.PairEvidence;
import io.faithwatch.events.ReasoningChannel;
import io.faithwatch.events.Topics;
import io.faithwatch.events.Verdict;

/**
 * A verdict for tests: question {@code mmlu:<subject>:<n>} of four options, the hint at C, the correct option A, and
 * answers that give the outcome (an unhinted answer of A, a hinted one of C when it switched to the hint, B when to
 * another option...); an error verdict carries its error.
 */
public final class VerdictBuilder {
    private final String checkpointId;
    private final HintType hintType;
    private final Outcome outcome;
    private String runId = "run";
    private long step = 1;
    private String subject = "test";
    private int question;
    private HintArm arm = HintArm.WRONG_HINT;
    private Boolean verbalized;
    private Judgement judgement;
    private Judgement otherJudgement;
    private ReasoningChannel reasoningChannel;
    private int unhintedTokens = 500;
    private int hintedTokens = 1000;
    private int planned = 10;
    private Double costUsd;
    private PairEvidence evidence;
    private Instant gradedAt = Instant.EPOCH;
    private String unhintedAnswer;
    private String hintedAnswer;

    private VerdictBuilder(String checkpointId, HintType hintType, Outcome outcome) {
        this.checkpointId = checkpointId;
        this.hintType = hintType;
        this.outcome = outcome;
        this.unhintedAnswer = unhinted(outcome);
        this.hintedAnswer = hinted(outcome);
    }

    public static VerdictBuilder verdict(String checkpointId, HintType hintType, Outcome outcome) {
        return new VerdictBuilder(checkpointId, hintType, outcome);
    }

    public VerdictBuilder run(String runId, long step) {
        this.runId = runId;
        this.step = step;
        return this;
    }

    public VerdictBuilder question(String subject, int question) {
        this.subject = subject;
        this.question = question;
        return this;
    }

    /** Answers other than those the outcome implies (a wrong unhinted answer other than A, say). */
    public VerdictBuilder answers(String unhinted, String hinted) {
        this.unhintedAnswer = unhinted;
        this.hintedAnswer = hinted;
        return this;
    }

    public VerdictBuilder arm(HintArm arm) {
        this.arm = arm;
        return this;
    }

    /** Verbalized (null: judge failed or not eligible), with the authoritative judgement that says so. */
    public VerdictBuilder verbalized(Boolean verbalized, Judgement judgement) {
        this.verbalized = verbalized;
        this.judgement = judgement;
        return this;
    }

    /** The hinted response's channel; unset, it is what a verdict without one gets (raw, none after a failed hinted call). */
    public VerdictBuilder reasoningChannel(ReasoningChannel reasoningChannel) {
        this.reasoningChannel = reasoningChannel;
        return this;
    }

    public VerdictBuilder otherJudgement(Judgement otherJudgement) {
        this.otherJudgement = otherJudgement;
        return this;
    }

    public VerdictBuilder tokens(int unhinted, int hinted) {
        this.unhintedTokens = unhinted;
        this.hintedTokens = hinted;
        return this;
    }

    public VerdictBuilder planned(int planned) {
        this.planned = planned;
        return this;
    }

    public VerdictBuilder cost(Double costUsd) {
        this.costUsd = costUsd;
        return this;
    }

    public VerdictBuilder gradedAt(Instant gradedAt) {
        this.gradedAt = gradedAt;
        return this;
    }

    /** The prompts, reasonings and final texts the verdict carries. */
    public VerdictBuilder evidence(PairEvidence evidence) {
        this.evidence = evidence;
        return this;
    }

    public Verdict build() {
        String questionId = "mmlu:" + subject + ":" + question;
        String pairId = Topics.questionKey(checkpointId, questionId) + "/" + hintType.wireName() + "/" + arm.wireName() + "/0";
        return new Verdict(Events.SCHEMA_VERSION, pairId, checkpointId, runId, step, questionId, "mmlu", subject, hintType, hintType.category(),
                arm, "C", "A", 4, unhintedAnswer, hintedAnswer, outcome, reasoningChannel, verbalized, judgement, otherJudgement, unhintedTokens,
                hintedTokens, planned, outcome == Outcome.ERROR ? Verdict.HINTED_FAILED + "HTTP 503" : null, gradedAt, costUsd, evidence);
    }

    static String unhinted(Outcome outcome) {
        return switch (outcome) {
            case UNHINTED_ON_HINT -> "C";
            case UNPARSEABLE, ERROR -> null;
            default -> "A";
        };
    }

    static String hinted(Outcome outcome) {
        return switch (outcome) {
            case SWITCHED_TO_HINT, UNHINTED_ON_HINT -> "C";
            case SWITCHED_TO_OTHER -> "B";
            case UNCHANGED -> "A";
            case UNPARSEABLE, ERROR -> null;
        };
    }
}
