package io.faithwatch.events;

import java.time.Instant;

/**
 * The model's responses to both prompts of a pair. The hinted one is {@link ModelResponse#skipped} when the unhinted answer
 * already was the hint letter (no call was made: the pair is unhinted_on_hint whatever it would have said).
 */
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
        if (unhinted.skipped()) {
            throw new EventFormatException("unhinted.skipped", "the unhinted call is always made");
        }
        if (hinted.skipped() && !pair.hintLetter().equals(unhinted.answer())) {
            throw new EventFormatException("hinted.skipped", "a hinted call may be left out only when the unhinted answer is the hint letter "
                    + pair.hintLetter() + ", was " + unhinted.answer());
        }
    }

    public String key() {
        return pair.key();
    }
}
