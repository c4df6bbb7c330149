package io.faithwatch.modelcaller.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;

import io.faithwatch.modelcaller.domain.Prices;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * model-caller's settings, {@code faith.model-caller.*} (environment: {@code FAITH_MODEL_CALLER_*}): how many pairs it
 * answers at once, how it treats each model endpoint, and the prices of the models. How to set them for slow models:
 * README, "Slow models"; what they mean for a pair's duration: docs/design.md §4.
 */
@ConfigMapping(prefix = "faith.model-caller")
public interface ModelCallerConfig {
    /**
     * Pairs answered at once; each takes two calls (one when its unhinted call is shared). Calls beyond an endpoint's
     * {@code max-concurrency} wait for a slot, so keep this well above it to keep the endpoint busy.
     */
    @WithDefault("64")
    @Min(1)
    int concurrency();

    /** Unhinted replies kept to be shared by the hint types of a question (and by a redelivered pair). */
    @WithDefault("20000")
    @Min(1)
    long unhintedCacheSize();

    /** How long an unhinted reply is kept for sharing. */
    @WithDefault("6h")
    Duration unhintedKeepFor();

    /**
     * Leave out the hinted call of a pair whose unhinted answer already is the hint letter: the pair is unhinted_on_hint
     * whatever that call would answer. Its hinted call then waits for the unhinted answer. Off: every hinted call is made,
     * so that hinted accuracy covers every question (with it on, a correct-hint pair answered right unhinted has no
     * hinted answer).
     */
    @WithDefault("true")
    boolean skipHintedOnHint();

    /**
     * When set (env {@code FAITH_MODEL_CALLER_READ_TOKEN}), every read ({@code GET /api/endpoints}) needs it as a bearer
     * token; unset or blank, reads are open. model-caller has no call that changes state (events' {@code ApiTokens}).
     */
    Optional<String> readToken();

    Endpoint endpoint();

    /** Pairs whose model has the parameter {@code batch=true} go through the provider's batch API (docs/design.md §4). */
    Batch batch();

    /** {@code faith.model-caller.prices."<model>".input-per-mtok} and {@code output-per-mtok}, US dollars; none by default. */
    Map<String, Price> prices();

    /** {@link #prices()} as the domain's price list. */
    default Prices priceList() {
        return new Prices(prices().entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                e -> new Prices.Price(e.getValue().inputPerMtok(), e.getValue().outputPerMtok()))));
    }

    /** How each model endpoint (a base URL) is treated: bounds, retries, timeout, circuit breaker. */
    interface Endpoint {
        /** Requests in flight to one endpoint, per model-caller instance. */
        @WithDefault("16")
        @Min(1)
        int maxConcurrency();

        /** Requests started per minute, spaced evenly; 0 = unlimited. */
        @WithDefault("0")
        @PositiveOrZero
        int requestsPerMinute();

        /** Retries after the first attempt of a 429, 408, 5xx, timeout or connection failure. */
        @WithDefault("4")
        @PositiveOrZero
        int maxRetries();

        /** First backoff before a retry; doubled each time, with jitter, up to {@code max-backoff}; a longer Retry-After wins. */
        @WithDefault("500ms")
        Duration initialBackoff();

        @WithDefault("30s")
        Duration maxBackoff();

        /**
         * Bound of one request, a streamed one from its start to its last event; a reasoning model can take minutes, so
         * set it above the longest call expected.
         */
        @WithDefault("10m")
        Duration requestTimeout();

        /**
         * How long a streamed request may go without a byte (an event, a keep-alive) before it is cut off and retried
         * like a timeout: a server or proxy that stopped sending is found long before {@code request-timeout}. Set it
         * above the longest wait for the first token (a busy vLLM server queues requests). Requests with the model
         * parameter {@code stream=false} are bounded by {@code request-timeout} alone.
         */
        @WithDefault("2m")
        Duration idleTimeout();

        /** Consecutive failures showing the endpoint down (5xx, timeout, unreachable) that open its circuit. */
        @WithDefault("5")
        @Min(1)
        int circuitFailureThreshold();

        /** How long an open circuit sends nothing; then one call probes the endpoint. */
        @WithDefault("30s")
        Duration circuitOpenFor();
    }

    /** How pairs are batched for the providers' batch APIs (Anthropic Message Batches, OpenAI Batch API). */
    interface Batch {
        /** How long a model's first waiting pair waits for more pairs before their batch is submitted. */
        @WithDefault("2m")
        Duration linger();

        /** Most pairs in one batch (each adds its hinted call, and its unhinted call unless another pair asks it). */
        @WithDefault("10000")
        @Min(1)
        int maxPairs();

        /** How often a submitted batch is polled; the providers end a batch within 24 hours. */
        @WithDefault("1m")
        Duration pollEvery();

        /** Bound of one request to a batch API (a submission, a poll, the results). */
        @WithDefault("2m")
        Duration requestTimeout();

        /**
         * How long an answered pair is recognised when it comes again (a redelivery after its instance died before
         * committing), so that it goes into no second batch; a redelivery comes within minutes of the answer.
         */
        @WithDefault("1h")
        Duration rememberAnswered();
    }

    interface Price {
        @PositiveOrZero
        double inputPerMtok();

        @PositiveOrZero
        double outputPerMtok();
    }
}
