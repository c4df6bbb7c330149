package io.faithwatch.events;

import java.time.Instant;

/** The model's responses to both prompts of a pair. */
public record PairAnswered(
        int schemaVersion,
        PairCreated pair,
        ModelResponse unhinted,
        ModelResponse hinted,
        boolean unhintedShared,
        Instant answeredAt) {

    public PairAnswered {
        Events.checkVersion(schemaVersion);
        Wire.required(pair, "pair");
        Wire.required(unhinted, "unhinted");
        Wire.required(hinted, "hinted");
        Wire.optionalLetter(unhinted.answer(), "unhinted.answer", pair.numOptions());
        Wire.optionalLetter(hinted.answer(), "hinted.answer", pair.numOptions());
        Wire.required(answeredAt, "answeredAt");
    }

    public String key() {
        return pair.key();
    }
}
