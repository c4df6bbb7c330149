package io.faithwatch.scorer.messaging;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.faithwatch.events.EventFormatException;
import io.faithwatch.events.Events;
import io.faithwatch.events.Topics;
import io.faithwatch.events.Verdict;
import io.faithwatch.scorer.metrics.ScoreBoard;
import io.faithwatch.scorer.store.VerdictStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.faulttolerance.api.ExponentialBackoff;

/**
 * Stores each verdict once, updates the figures and, when a checkpoint's last planned pair arrives, publishes that it
 * is scored. A malformed verdict goes to the dead-letter topic; a database that is away is waited for (the verdict is
 * retried, never dead-lettered), so no result is lost.
 */
@ApplicationScoped
public class VerdictConsumer {
    private static final Logger LOG = Logger.getLogger(VerdictConsumer.class);

    @Inject
    VerdictStore store;

    @Inject
    ScoreBoard board;

    @Inject
    ScoredPublisher scored;

    @Inject
    MeterRegistry registry;

    /** Gauges come back from the database, not from zero; a completion whose event was not sent is sent now. */
    void rebuild(@Observes StartupEvent startup) {
        store.deriveMissing();
        board.rebuild();
        store.completeButUnpublished().forEach(scored::publish);
        board.startRefreshing();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        board.stopRefreshing();
    }

    @Incoming(Topics.Channels.VERDICTS)
    @Blocking
    @Retry(maxRetries = -1, delay = 200, maxDuration = 1, durationUnit = ChronoUnit.DAYS, abortOn = EventFormatException.class)
    @ExponentialBackoff(maxDelay = 30_000)
    public void onVerdict(String payload) {
        Verdict verdict = Events.decode(payload, Verdict.class);
        VerdictStore.Stored stored = store.store(verdict);
        if (!stored.inserted()) {
            registry.counter("faith.verdicts.duplicate").increment();
            LOG.debugf("verdict of pair %s already stored; ignored", verdict.pairId());
            return;
        }
        registry.counter("faith.verdicts", "outcome", verdict.outcome().wireName()).increment();
        if (verdict.judgeFailed()) {
            registry.counter("faith.verdicts.judge.failed").increment();
        }
        board.onStored(stored);
        if (stored.completedNow()) {
            scored.publish(stored.checkpoint());
        }
    }
}
