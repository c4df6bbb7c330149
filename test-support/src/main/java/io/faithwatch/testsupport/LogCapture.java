package io.faithwatch.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Every log line of this JVM, formatted, from {@link #start()} until {@link #close()}: for tests that must see that
 * something happened inside a service running in the test JVM (a retry, a warning) and that a secret never appears.
 */
public final class LogCapture extends Handler implements AutoCloseable {
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private LogCapture() {
    }

    public static LogCapture start() {
        LogCapture capture = new LogCapture();
        Logger.getLogger("").addHandler(capture);
        return capture;
    }

    /** The lines so far, each the message with its parameters and, when there is one, the exception. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void publish(LogRecord record) {
        String message = record.getMessage();
        if (record.getParameters() != null && message != null) {
            try {
                message = String.format(message, record.getParameters());
            } catch (RuntimeException e) {
                message = message + " " + List.of(record.getParameters());
            }
        }
        lines.add(message + (record.getThrown() == null ? "" : " " + record.getThrown()));
    }

    @Override
    public void flush() {
        // lines are kept in memory as they come
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
