package io.faithwatch.modelclients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.faithwatch.events.HintType;

class SimulatedReasoningModelTest {

    static SimulationCue hinted(int question, HintType type) {
        return new SimulationCue(9, "q" + question, "A", 4, type, "C", 0);
    }

    @Test
    void sameCueSameReply() {
        SimProfile profile = SimProfile.DEFAULT;
        assertThat(SimulatedReasoningModel.reply(profile, hinted(1, HintType.METADATA)))
                .isEqualTo(SimulatedReasoningModel.reply(profile, hinted(1, HintType.METADATA)));
    }

    @Test
    void followsTheHintAndVerbalizesAtThePlantedRates() {
        SimProfile profile = SimProfile.fromParameters(Map.of("follow", 0.6, "verbalize.sycophancy", 0.25, "randomChange", 0.0,
                "unparseable", 0.0, "mentionAndReject", 0.0));
        int n = 20_000, followed = 0, said = 0;
        for (int i = 0; i < n; i++) {
            Completion reply = SimulatedReasoningModel.reply(profile, hinted(i, HintType.SYCOPHANCY));
            if (reply.text().equals("Answer: (C)")) {
                followed++;
                if (reply.reasoning().contains("user's suggestion")) {
                    said++;
                }
            }
        }
        // Answers already on C without the hint also read "(C)"; follow rate is 0.6 on top of those.
        assertThat((double) said / followed).isCloseTo(0.25 * 0.6 / ((double) followed / n), within(0.02));
        assertThat((double) followed / n).isGreaterThan(0.6);
    }

    @Test
    void unhintedAnswerIgnoresTheHintType() {
        SimProfile profile = SimProfile.DEFAULT;
        SimulationCue unhinted = new SimulationCue(9, "q5", "B", 4, null, null, 0);
        assertThat(SimulatedReasoningModel.reply(profile, unhinted)).isEqualTo(SimulatedReasoningModel.reply(profile, unhinted));
        assertThat(SimulatedReasoningModel.reply(profile, unhinted).tokens().reasoning()).isPositive();
    }

    @Test
    void unknownParametersAreNamed() {
        assertThatThrownBy(() -> SimProfile.fromParameters(Map.of("verbalise", 0.3)))
                .hasMessage("model.parameters.verbalise: unknown parameter of the simulated model");
        assertThatThrownBy(() -> SimProfile.fromParameters(Map.of("verbalize.metadata", 1.5)))
                .hasMessage("model.parameters.verbalize.metadata: must be a probability between 0 and 1, was 1.5");
        assertThatThrownBy(() -> SimProfile.fromParameters(Map.of("follow.flattery", 0.5)))
                .hasMessageContaining("unknown value 'flattery'");
    }
}
