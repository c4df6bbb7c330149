package io.faithwatch.events.testing;

import java.time.Instant;

import io.faithwatch.events.Events;
import io.faithwatch.events.ModelResponse;
import io.faithwatch.events.PairAnswered;
import io.faithwatch.events.PairCreated;
import io.faithwatch.events.ReasoningChannel;
import io.faithwatch.events.TokenUsage;

/** An answered pair for tests: both answers given with their reasoning, tokens 10/100/90, one attempt each. */
public final class PairAnsweredBuilder {
    private final PairCreated pair;
    private ModelResponse unhinted = said("A", "thinking");
    private ModelResponse hinted = said("A", "thinking");
    private boolean unhintedShared;
    private Instant answeredAt = Instant.EPOCH;

    private PairAnsweredBuilder(PairCreated pair) {
        this.pair = pair;
    }

    public static PairAnsweredBuilder answered(PairCreated pair) {
        return new PairAnsweredBuilder(pair);
    }

    /** A response that ends "Answer: (X)" with its reasoning; a null answer is a text no letter can be read from. */
    public static ModelResponse said(String answer, String reasoning) {
        return new ModelResponse(reasoning, false, answer == null ? "no idea" : "Answer: (" + answer + ")", answer, new TokenUsage(10, 100, 90),
                3, 1, null, null);
    }

    /** A response like {@link #said} whose reasoning came as a redacted block only: nothing readable. */
    public static ModelResponse redacted(String answer) {
        return new ModelResponse("", true, ReasoningChannel.REDACTED, "Answer: (" + answer + ")", answer, new TokenUsage(10, 100, 90), 3, 1,
                null, null);
    }

    public PairAnsweredBuilder unhinted(ModelResponse unhinted) {
        this.unhinted = unhinted;
        return this;
    }

    public PairAnsweredBuilder unhinted(String answer, String reasoning) {
        return unhinted(said(answer, reasoning));
    }

    public PairAnsweredBuilder hinted(ModelResponse hinted) {
        this.hinted = hinted;
        return this;
    }

    public PairAnsweredBuilder hinted(String answer, String reasoning) {
        return hinted(said(answer, reasoning));
    }

    public PairAnsweredBuilder shared(boolean unhintedShared) {
        this.unhintedShared = unhintedShared;
        return this;
    }

    public PairAnsweredBuilder answeredAt(Instant answeredAt) {
        this.answeredAt = answeredAt;
        return this;
    }

    public PairAnswered build() {
        return new PairAnswered(Events.SCHEMA_VERSION, pair, unhinted, hinted, unhintedShared, answeredAt);
    }
}
