package io.faithwatch.pairbuilder.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code faith.pair-builder.*}: who may submit checkpoints and rollouts over REST, how long a write waits for the broker, and
 * where question banks may be read from.
 */
@ConfigMapping(prefix = "faith.pair-builder")
public interface PairBuilderConfig {
    /**
     * When set (env {@code FAITH_PAIR_BUILDER_API_TOKEN}), every call that changes state ({@code POST /api/checkpoints},
     * {@code POST /api/rollouts}) needs it as a bearer token; unset or blank, anyone may submit (events' {@code ApiTokens}).
     */
    Optional<String> apiToken();

    /**
     * When set (env {@code FAITH_PAIR_BUILDER_READ_TOKEN}), every read ({@code GET /api/checkpoints/{id}}) needs it or the
     * api-token; unset or blank, reads are open.
     */
    Optional<String> readToken();

    /**
     * How long a write waits for the broker's acknowledgement: a REST submission past it is a 503 (submitting again is
     * safe: the same content is never planned twice); a registry record past it is written again until the broker takes it.
     */
    @WithDefault("30s")
    Duration publishTimeout();

    /**
     * The folders question banks are read from (comma-separated; env {@code FAITH_PAIR_BUILDER_BANK_ROOTS}). A bank's
     * location ({@code mmlu:/data/mmlu/test}) must lie in one of them once {@code ..} and symbolic links are resolved, or
     * the checkpoint is refused: a 400 over REST, failed and dead-lettered on Kafka. The default is where the container
     * image expects the datasets, mounted read-only by docker-compose.yml ({@code FAITH_DATASETS}); the built-in bank
     * needs none.
     */
    @WithDefault("/data")
    List<Path> bankRoots();
}
