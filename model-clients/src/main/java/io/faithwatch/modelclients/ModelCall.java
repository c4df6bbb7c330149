package io.faithwatch.modelclients;

import java.util.List;

import io.faithwatch.events.ChatMessage;
import io.faithwatch.events.ModelRef;

/**
 * One request to a reasoning model. {@code cue} tells the simulated model what a real model would read from the
 * prompt (the question's answer, the hint); real providers send only the messages.
 */
public record ModelCall(ModelRef model, List<ChatMessage> messages, SimulationCue cue) {
    public ModelCall {
        messages = List.copyOf(messages);
    }
}
