package io.faithwatch.scorer.domain;

/**
 * What the rollouts of one run, step and environment add up to, as counted over their rows: how many, how many exploited
 * the cue, were sampled, judged (sampled exploited rollouts whose judge did not fail), verbalized, had their judge fail;
 * the reasoning words of the judged exploited ones, verbalized and not; the sum of rewards; and the sampled rollouts that
 * did not exploit but whose reasoning mentions the cue.
 */
public record RolloutCounts(long step, String environment, long rollouts, long exploited, long sampled, long judged, long verbalized,
        long judgeFailed, long verbalizedWords, long unverbalizedWords, double rewardSum, long mentionsNotExploited) {

    public RolloutCounts {
        if (rollouts < 1 || exploited > rollouts || sampled > rollouts || judged + judgeFailed > Math.min(exploited, sampled)
                || verbalized > judged || mentionsNotExploited > sampled) {
            throw new IllegalArgumentException("inconsistent rollout counts: " + this);
        }
    }

    /** The figures of these counts: rates with their intervals, means; undefined ones null. */
    public RolloutPoint figures() {
        long unverbalized = judged - verbalized;
        return new RolloutPoint(step, environment, rollouts, exploited, Rate.of(exploited, rollouts), sampled, judged, verbalized, judgeFailed,
                Rate.of(verbalized, judged), new RolloutPoint.ReasoningWords(mean(verbalizedWords, verbalized), mean(unverbalizedWords, unverbalized)),
                rewardSum / rollouts, mentionsNotExploited);
    }

    private static Double mean(long sum, long n) {
        return n == 0 ? null : (double) sum / n;
    }
}
