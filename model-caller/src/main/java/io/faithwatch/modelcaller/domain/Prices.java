package io.faithwatch.modelcaller.domain;

import java.util.Map;

import io.faithwatch.events.TokenUsage;

/** Prices per model name in US dollars per million tokens; reasoning tokens are billed as output tokens. */
public record Prices(Map<String, Price> byModel) {
    public static final Prices NONE = new Prices(Map.of());

    public record Price(double inputPerMtok, double outputPerMtok) {
        public Price {
            if (inputPerMtok < 0 || outputPerMtok < 0) {
                throw new IllegalArgumentException("prices must not be negative, were " + inputPerMtok + " and " + outputPerMtok);
            }
        }
    }

    public Prices {
        byModel = Map.copyOf(byModel);
    }

    /** The cost of a call, or null when the model has no configured price. */
    public Double costUsd(String model, TokenUsage tokens) {
        Price price = byModel.get(model);
        if (price == null) {
            return null;
        }
        return (tokens.prompt() * price.inputPerMtok() + tokens.completion() * price.outputPerMtok()) / 1_000_000.0;
    }
}
