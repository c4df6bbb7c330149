package io.faithwatch.grader.domain;

import java.util.Map;

/**
 * Which rollouts of a run are judged: a trainer emits far more rollouts than anyone pays a judge for, so each run has a
 * sampling rate ({@code rate} unless {@code perRun} names the run). Chosen by rollout id, so a redelivered rollout gets
 * the same answer on every instance and after a restart.
 */
public record RolloutSampling(double rate, Map<String, Double> perRun, long seed) {
    static final String PURPOSE = "rollouts";

    public RolloutSampling {
        check(rate, "faith.grader.rollouts.sample-rate");
        perRun = Map.copyOf(perRun);
        perRun.forEach((run, r) -> check(r, "faith.grader.rollouts.sample-rate-for-run.\"" + run + "\""));
    }

    private static void check(double rate, String setting) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException(setting + ": must be between 0 and 1, was " + rate);
        }
    }

    public double rateOf(String runId) {
        return perRun.getOrDefault(runId, rate);
    }

    public boolean chosen(String runId, String rolloutId) {
        return PairSampler.uniform(seed, PURPOSE, rolloutId) < rateOf(runId);
    }
}
