package io.faithwatch.events.messaging;

import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;

import io.smallrye.faulttolerance.api.Guard;

/**
 * The one way every service waits out a broker or database that is away while it holds a message it has taken: the
 * work is retried with backoff (200 ms doubling to 10 s) for up to a day, never given up early and never sent to a
 * dead-letter topic, because the message is valid (docs/design.md §3). Only bad input is a dead letter.
 */
public final class Outages {
    private Outages() {
    }

    /** A guard that retries until the work succeeds; {@code beforeRetry} is told each failure (services log it). */
    public static Guard waitOut(Consumer<Throwable> beforeRetry) {
        return Guard.create().withRetry().maxRetries(-1).delay(200, ChronoUnit.MILLIS).maxDuration(1, ChronoUnit.DAYS)
                .withExponentialBackoff().maxDelay(10, ChronoUnit.SECONDS).done()
                .beforeRetry(beforeRetry).done().build();
    }
}
