package io.faithwatch.scorer.domain;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** An environment of a run: how many rollouts it has, and its latest steps with rollouts, newest first. */
public record EnvironmentSteps(String environment, long rollouts, List<Long> newestSteps) {
    public EnvironmentSteps {
        if (newestSteps.isEmpty()) {
            throw new IllegalArgumentException("environment " + environment + " has no step");
        }
        newestSteps = List.copyOf(newestSteps);
    }

    public long latest() {
        return newestSteps.get(0);
    }

    /** The step a rise over {@code over} steps is measured from ({@link Rise#base}). */
    public long base(int over) {
        return Rise.base(newestSteps, over);
    }

    /** The {@code limit} environments with the most rollouts (ties by name), the busiest first: those that get gauges. */
    public static List<EnvironmentSteps> busiest(Collection<EnvironmentSteps> environments, int limit) {
        return environments.stream().sorted(Comparator.comparingLong(EnvironmentSteps::rollouts).reversed()
                .thenComparing(EnvironmentSteps::environment)).limit(limit).toList();
    }
}
