package io.faithwatch.grader.config;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.faithwatch.events.Gauges;
import io.faithwatch.events.Metrics;
import io.faithwatch.grader.domain.GoldCheck;
import io.faithwatch.grader.domain.GoldSet;
import io.faithwatch.grader.domain.JudgePanel;
import io.faithwatch.grader.domain.ReviewBook;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Judge drift (docs/design.md, "Judges"): re-judges the gold set with every judge of the deployment's panel at start and
 * then every {@code faith.grader.drift.every}, on a daemon thread of its own, each check after the previous one finished;
 * start-up and grading never wait for it. A check that throws is logged and the judge keeps its previous figures. The
 * figures are gauges tagged with the judge and its version, NaN until the first check finished.
 */
@Singleton
public class GoldChecks {
    private static final Logger LOG = Logger.getLogger(GoldChecks.class);

    private final GoldSet gold;
    private final ReviewBook reviews;
    private final List<GoldCheck> checks;
    private final Duration every;
    private final boolean onStart;
    /** True from the moment a check is asked for until it finished: a second request meanwhile is refused. */
    private final AtomicBoolean running = new AtomicBoolean();
    private ScheduledExecutorService timer;

    @Inject
    public GoldChecks(JudgePanel panel, ReviewBook reviews, GraderConfig config, MeterRegistry registry) {
        this(panel, reviews, config.drift(), registry, GoldSet.load(), Clock.systemUTC());
    }

    GoldChecks(JudgePanel panel, ReviewBook reviews, GraderConfig.Drift config, MeterRegistry registry, GoldSet gold, Clock clock) {
        if (config.every().isNegative()) {
            throw new IllegalArgumentException("faith.grader.drift.every: must be 0 (no timer) or more, was " + config.every());
        }
        this.gold = gold;
        this.reviews = reviews;
        this.every = config.every();
        this.onStart = config.onStart();
        this.checks = panel.judges().stream().map(judge -> new GoldCheck(judge, GoldCheck.DEFAULT_IN_FLIGHT, clock)).toList();
        for (GoldCheck check : checks) {
            gauge(registry, Metrics.JUDGE_GOLD_AGREEMENT, check, GoldCheck.Figures::agreement);
            gauge(registry, Metrics.JUDGE_GOLD_KAPPA, check, GoldCheck.Figures::kappa);
            gauge(registry, Metrics.JUDGE_GOLD_MENTIONS_AGREEMENT, check, GoldCheck.Figures::mentionsAgreement);
            gauge(registry, Metrics.JUDGE_GOLD_CASES, check, GoldCheck.Figures::cases);
            gauge(registry, Metrics.JUDGE_GOLD_FAILED, check, GoldCheck.Figures::failed);
            gauge(registry, Metrics.JUDGE_GOLD_CHECKED, check, f -> f.checkedAt().toEpochMilli() / 1000.0);
        }
    }

    private static void gauge(MeterRegistry registry, Metrics.Metric metric, GoldCheck check, ToDoubleFunction<GoldCheck.Figures> figure) {
        Gauges.register(registry, metric, Tags.of(Metrics.Tag.JUDGE, check.judge(), Metrics.Tag.VERSION, check.version()), check,
                c -> c.latest(figure));
    }

    void start(@Observes StartupEvent startup) {
        startTimer();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        stopTimer();
    }

    synchronized void startTimer() {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "faith-gold-check");
            t.setDaemon(true);
            return t;
        });
        String when = String.join(" and ", Stream.of(onStart ? "at start" : null, every.isZero() ? null : "every " + every)
                .filter(Objects::nonNull).toList());
        LOG.infof("gold set: %d labelled texts plus the human-labelled review pairs; judges %s are re-judged on it %s", gold.labelled().size(),
                checks.stream().map(c -> c.judge() + " " + c.version()).toList(), when.isEmpty() ? "only when asked (POST /api/judge/gold/check)" : when);
        if (onStart && running.compareAndSet(false, true)) {
            timer.execute(this::checkOnTimer);
        } else {
            scheduleNext();
        }
    }

    synchronized void stopTimer() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    /** The judges' gold checks, in the panel's order (the authoritative judge first). */
    public List<GoldCheck> checks() {
        return checks;
    }

    /**
     * Starts a check of every judge now, on the timer's thread. False when one is already running (or waiting to run), or
     * when the timer is stopped.
     */
    public synchronized boolean checkSoon() {
        if (timer == null || !running.compareAndSet(false, true)) {
            return false;
        }
        timer.execute(() -> {
            try {
                checkAll();
            } finally {
                running.set(false);
            }
        });
        return true;
    }

    public boolean running() {
        return running.get();
    }

    /** The timer's check: skipped when one asked for is running; the next is due {@code every} after this one ended. */
    private void checkOnTimer() {
        try {
            checkAll();
        } finally {
            running.set(false);
            scheduleNext();
        }
    }

    private synchronized void scheduleNext() {
        if (timer != null && !every.isZero()) {
            timer.schedule(() -> {
                if (running.compareAndSet(false, true)) {
                    checkOnTimer();
                } else {
                    scheduleNext();
                }
            }, every.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Re-judges the gold set with every judge, one judge after the other, on the caller's thread. */
    public void checkAll() {
        List<GoldSet.Case> cases;
        try {
            cases = gold.cases(reviews);
        } catch (RuntimeException e) {
            LOG.errorf(e, "gold check: the gold cases could not be gathered; the judges keep their previous figures");
            return;
        }
        for (GoldCheck check : checks) {
            try {
                GoldCheck.Figures f = check.check(cases);
                LOG.infof("gold check of judge %s %s%s: %d cases judged, %d failed; verbalized agreement %s, kappa %s; mentions agreement %s"
                        + " (%d cases); %d disagreements %s; took %d ms%s", f.judge(), f.version(), f.model() == null ? "" : " (" + f.model() + ")",
                        f.cases(), f.failed(), figure(f.agreement()), figure(f.kappa()), figure(f.mentionsAgreement()), f.mentionsCases(),
                        f.disagreements().size(), f.disagreements().size() <= 10 ? f.disagreements() : f.disagreements().subList(0, 10) + "...",
                        f.took().toMillis(), f.firstFailure() == null ? "" : "; first failure: " + f.firstFailure());
            } catch (RuntimeException e) {
                LOG.errorf(e, "gold check of judge %s %s failed; its previous figures are kept", check.judge(), check.version());
            }
        }
    }

    private static String figure(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.3f", value) : "undefined";
    }
}
