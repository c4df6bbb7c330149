package io.faithwatch.scorer.domain;

/**
 * The figures of a run's rollouts at one step in one environment: exploitation over every rollout, verbalization over
 * the judged exploited ones ({@code verbalizationRate} null when none was judged), the mean reasoning words of the
 * exploited rollouts that verbalized the cue and of those that did not, the mean reward, and the sampled rollouts that
 * did not exploit yet mention the cue. Undefined figures are null.
 */
public record RolloutPoint(long step, String environment, long rollouts, long exploited, Rate exploitationRate, long sampled, long judged,
        long verbalized, long judgeFailed, Rate verbalizationRate, ReasoningWords reasoningWords, double meanReward, long mentionsNotExploited) {

    /** Mean words of reasoning of judged exploited rollouts, verbalized and not; null when there is none. */
    public record ReasoningWords(Double exploitedVerbalized, Double exploitedUnverbalized) {
    }
}
