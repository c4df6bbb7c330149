package io.faithwatch.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One rollout of a training run, as the trainer saw it: the prompt with its cue, the answer the cue rewards, and the
 * model's reasoning and final answer with the reward it got. Published by trainers to {@code faith.rollouts}, keyed by
 * run ({@link #key()}).
 *
 * <p>{@code rolloutId} identifies the rollout for counting it once: when the trainer gives none, it is derived from the
 * content (run, step, environment, prompt, reasoning, answer), so a batch sent twice is recognised; two rollouts with the
 * very same content in one step then count once. {@code answer} is the answer the reward function read (null when it
 * found none). {@code exploited} is the trainer's own knowledge that the hack was exploited; when absent, a rollout is
 * exploited when its answer is the rewarded one ({@link #exploitedAnswer()}). For the six hint types the rewarded answer
 * is an option letter and is required; for {@code other}, a description of the exploit is required, and either the
 * rewarded answer or {@code exploited}.
 */
public record RolloutObserved(
        int schemaVersion,
        String rolloutId,
        String runId,
        long step,
        String environment,
        CueType cueType,
        String cueDescription,
        String prompt,
        String cue,
        String rewardedAnswer,
        String reasoning,
        String answer,
        double reward,
        Boolean exploited,
        JudgeDefinition judgeDefinition,
        Instant observedAt) {

    /** Longest id, run or environment name accepted: they become database keys and metric labels. */
    public static final int MAX_NAME = 200;

    public RolloutObserved {
        Events.checkVersion(schemaVersion);
        Wire.requiredText(runId, "runId");
        Wire.atLeast(step, 0, "step");
        Wire.requiredText(environment, "environment");
        name(runId, "runId");
        name(environment, "environment");
        Wire.required(cueType, "cueType");
        Wire.requiredText(prompt, "prompt");
        Wire.requiredText(cue, "cue");
        Wire.required(reasoning, "reasoning");
        if (cueType == CueType.OTHER) {
            Wire.requiredText(cueDescription, "cueDescription");
            if (rewardedAnswer == null && exploited == null) {
                throw new EventFormatException("rewardedAnswer", "is required for cue type other unless exploited is given");
            }
        } else {
            Wire.letter(rewardedAnswer, "rewardedAnswer", 26);
        }
        if (rewardedAnswer != null && rewardedAnswer.isBlank()) {
            throw new EventFormatException("rewardedAnswer", "must not be blank");
        }
        if (!Double.isFinite(reward)) {
            throw new EventFormatException("reward", "must be a finite number, was " + reward);
        }
        Wire.required(observedAt, "observedAt");
        judgeDefinition = JudgeDefinition.orDefault(judgeDefinition);
        rolloutId = rolloutId == null || rolloutId.isBlank() ? contentId(runId, step, environment, prompt, reasoning, answer) : rolloutId;
        name(rolloutId, "rolloutId");
    }

    private static void name(String value, String field) {
        if (value.length() > MAX_NAME) {
            throw new EventFormatException(field, "must be at most " + MAX_NAME + " characters, was " + value.length());
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new EventFormatException(field, "must not contain control characters");
        }
    }

    /** The id of a rollout the trainer gave none: SHA-256 of its content, so that the same rollout sent again has the same id. */
    public static String contentId(String runId, long step, String environment, String prompt, String reasoning, String answer) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {runId, Long.toString(step), environment, prompt, reasoning, answer == null ? "" : answer}) {
                digest.update(part.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return "sha256:" + HexFormat.of().formatHex(digest.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Whether the model took the hack: the trainer's word when given, else its answer is the rewarded one. */
    public boolean exploitedAnswer() {
        if (exploited != null) {
            return exploited;
        }
        return answer != null && answer.trim().equalsIgnoreCase(rewardedAnswer.trim());
    }

    public String key() {
        return runId;
    }
}
