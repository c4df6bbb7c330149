package io.faithwatch.modelclients;

import java.time.Duration;
import java.util.Comparator;
import java.util.PriorityQueue;

/** A clock that moves only when the test says so; scheduled tasks run on the test's thread as their time comes. */
final class ManualClock implements ClientClock {
    private record Task(long at, long seq, Runnable run) {
    }

    private final PriorityQueue<Task> tasks = new PriorityQueue<>(Comparator.comparingLong(Task::at).thenComparingLong(Task::seq));
    private long now;
    private long seq;

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public synchronized void schedule(Runnable task, long delayNanos) {
        tasks.add(new Task(now + Math.max(0, delayNanos), seq++, task));
    }

    /** Moves the clock forward by {@code by}, running each task due on the way, in time order, at its time. */
    void advance(Duration by) {
        long target;
        synchronized (this) {
            target = now + by.toNanos();
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.at() > target) {
                    now = target;
                    return;
                }
                tasks.poll();
                now = Math.max(now, next.at());
            }
            next.run().run();
        }
    }

    synchronized int pending() {
        return tasks.size();
    }
}
