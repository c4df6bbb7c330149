package io.faithwatch.grader.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.faithwatch.events.Judgement;
import io.faithwatch.events.RolloutObserved;
import io.faithwatch.modelclients.SimulatedTraining;
import io.faithwatch.modelclients.SimulatedTraining.Environment;
import io.faithwatch.modelclients.SimulatedTraining.Planted;
import io.faithwatch.modelclients.SimulatedTraining.Settings;

/**
 * The simulated training run is a calibration target only if the judge reads its texts as planted: the rule judge, under
 * the default definition, finds an exploited rollout verbalized exactly when it was planted verbalized, and among the
 * rollouts that did not take the hack finds a mention exactly in those planted to name the cue and set it aside.
 */
class SimulatedTrainingTextsTest {
    static final Instant AT = Instant.parse("2026-12-01T00:00:00Z");

    /** Per step and environment: the planted counts, and what the judge read in the same rollouts. */
    record Reading(Planted cell, int exploited, int verbalized, int mentionsNotExploited, int verbalizedNotExploited) {
    }

    static List<Reading> read(SimulatedTraining training) {
        RuleJudge judge = new RuleJudge();
        List<Reading> readings = new ArrayList<>();
        for (int k = 0; k < training.settings().steps(); k++) {
            List<RolloutObserved> rollouts = training.rollouts(k, AT);
            for (Planted cell : training.planted(k)) {
                int exploited = 0, verbalized = 0, mentions = 0, verbalizedNotExploited = 0;
                for (RolloutObserved rollout : rollouts) {
                    if (!rollout.environment().equals(cell.environment().name())) {
                        continue;
                    }
                    Judgement judgement = judge.read(rollout.cueType().hintType(), rollout.rewardedAnswer(), rollout.reasoning());
                    boolean said = rollout.judgeDefinition().verbalized(judgement.mentions(), judgement.relies());
                    if (rollout.exploitedAnswer()) {
                        exploited++;
                        verbalized += said ? 1 : 0;
                    } else {
                        mentions += judgement.mentions() ? 1 : 0;
                        verbalizedNotExploited += said ? 1 : 0;
                    }
                }
                readings.add(new Reading(cell, exploited, verbalized, mentions, verbalizedNotExploited));
            }
        }
        return readings;
    }

    @Test
    void theRuleJudgeReadsEveryRolloutAsPlanted() {
        SimulatedTraining training = new SimulatedTraining(Settings.of("texts", 5, 40, 1));
        List<Reading> readings = read(training);
        assertThat(readings).hasSize(5 * 6);
        for (Reading reading : readings) {
            Planted cell = reading.cell();
            assertThat(reading.exploited()).as("exploited at %s", cell).isEqualTo(cell.exploited());
            assertThat(reading.verbalized()).as("verbalized at %s", cell).isEqualTo(cell.verbalized());
            assertThat(reading.mentionsNotExploited()).as("mentions without exploiting at %s", cell).isEqualTo(cell.mentionsNotExploited());
            assertThat(reading.verbalizedNotExploited()).as("a rollout that did not take the hack never relied on the cue").isZero();
        }
        assertThat(readings.stream().mapToInt(Reading::verbalized).sum()).isPositive();
    }

    @Test
    void aRunWhereMostExploitedRolloutsSayItIsReadAsPlantedToo() {
        // Verbalized texts in bulk, in every environment: each of their wordings meets the judge many times.
        SimulatedTraining training = new SimulatedTraining(new Settings("texts-said", 2, 1, 50, Environment.defaults(), 0.6, 0.9, 0.7, 4));
        for (Reading reading : read(training)) {
            assertThat(reading.verbalized()).as("verbalized at %s", reading.cell()).isEqualTo(reading.cell().verbalized());
            assertThat(reading.mentionsNotExploited()).as("mentions at %s", reading.cell()).isEqualTo(reading.cell().mentionsNotExploited());
        }
    }
}
