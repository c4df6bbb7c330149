package io.faithwatch.pairbuilder.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code faith.pair-builder.*}: who may submit checkpoints and rollouts over REST, and how long a write waits for the broker. */
@ConfigMapping(prefix = "faith.pair-builder")
public interface PairBuilderConfig {
    /**
     * When set (env {@code FAITH_PAIR_BUILDER_API_TOKEN}), {@code POST /api/checkpoints} and {@code POST /api/rollouts} need it as a bearer token;
     * unset or blank, anyone may submit.
     */
    Optional<String> apiToken();

    /**
     * How long a write waits for the broker's acknowledgement: a REST submission past it is a 503 (submitting again is
     * safe: the same content is never planned twice); a registry record past it is written again until the broker takes it.
     */
    @WithDefault("30s")
    Duration publishTimeout();
}
