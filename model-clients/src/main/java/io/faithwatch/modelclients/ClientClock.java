package io.faithwatch.modelclients;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Time as the clients see it: the present, and a task to run later (backoff, the end of an open circuit, the next
 * start a rate limit allows). In service it is the system clock; a test moves its own clock to run circuit cycles in
 * milliseconds.
 */
interface ClientClock {
    long nanoTime();

    /** Runs {@code task} once, no sooner than {@code delayNanos} from now. */
    void schedule(Runnable task, long delayNanos);

    static ClientClock system(ScheduledExecutorService scheduler) {
        return new ClientClock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void schedule(Runnable task, long delayNanos) {
                scheduler.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
            }
        };
    }
}
