package io.faithwatch.scorer.store;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.faithwatch.scorer.config.ScorerConfig;
import io.quarkus.runtime.StartupEvent;

/** Deletes the texts of pairs past their run's retention every {@code faith.scorer.evidence.purge-every}. */
@ApplicationScoped
public class TextRetention {
    private static final Logger LOG = Logger.getLogger(TextRetention.class);

    private final PairTexts texts;
    private final ScorerConfig.Evidence settings;
    private final Clock clock = Clock.systemUTC();
    private ScheduledExecutorService timer;

    public TextRetention(PairTexts texts, ScorerConfig config) {
        this.texts = texts;
        this.settings = config.evidence();
    }

    void start(@Observes StartupEvent startup) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "text-retention");
            thread.setDaemon(true);
            return thread;
        });
        long every = settings.purgeEvery().toMillis();
        timer.scheduleWithFixedDelay(this::purge, every, every, TimeUnit.MILLISECONDS);
    }

    void purge() {
        try {
            int deleted = texts.purge(clock.instant(), settings.keepFor(), settings.keepForRun());
            if (deleted > 0) {
                LOG.infof("texts of %d pairs deleted (past their retention)", deleted);
            }
        } catch (RuntimeException e) {
            // The database may be away: the next round deletes what this one could not.
            LOG.warnf("deleting texts past their retention failed: %s", e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
