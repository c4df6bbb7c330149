package io.faithwatch.modelclients;

import io.faithwatch.events.HintType;

/**
 * What the simulated model knows about a call: the question, its correct option, and for a hinted call the hint type
 * and the option it points at ({@code hintType} null for an unhinted call).
 */
public record SimulationCue(long seed, String questionId, String correctLetter, int numOptions, HintType hintType, String hintLetter,
        int sample) {

    public boolean hinted() {
        return hintType != null;
    }
}
