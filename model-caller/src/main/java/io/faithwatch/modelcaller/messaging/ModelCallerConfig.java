package io.faithwatch.modelcaller.messaging;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code faith.model-caller.*}: how many pairs in flight, how each model endpoint is treated, prices per model. */
@ConfigMapping(prefix = "faith.model-caller")
public interface ModelCallerConfig {
    /** Pairs answered at once; calls beyond an endpoint's own limit wait for it, so keep this above max-concurrency. */
    @WithDefault("64")
    int concurrency();

    @WithDefault("20000")
    long unhintedCacheSize();

    @WithDefault("6h")
    Duration unhintedKeepFor();

    Endpoint endpoint();

    /** {@code faith.model-caller.prices."<model>".input-per-mtok} and {@code output-per-mtok}, US dollars. */
    Map<String, Price> prices();

    interface Endpoint {
        @WithDefault("16")
        int maxConcurrency();

        /** 0 = unlimited. */
        @WithDefault("0")
        int requestsPerMinute();

        @WithDefault("4")
        int maxRetries();

        @WithDefault("500ms")
        Duration initialBackoff();

        @WithDefault("30s")
        Duration maxBackoff();

        @WithDefault("10m")
        Duration requestTimeout();

        @WithDefault("5")
        int circuitFailureThreshold();

        @WithDefault("30s")
        Duration circuitOpenFor();
    }

    interface Price {
        double inputPerMtok();

        double outputPerMtok();
    }
}
