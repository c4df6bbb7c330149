package io.faithwatch.testsupport;

/** Stops what a test class started, in the order given (the services before the broker they use). */
public final class Closing {
    private Closing() {
    }

    /** Closes every part that was started (null: never started), each even when an earlier one failed. */
    public static void inOrder(AutoCloseable... parts) {
        Exception failure = null;
        for (AutoCloseable part : parts) {
            if (part == null) {
                continue;
            }
            try {
                part.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw new IllegalStateException("stopping the test's infrastructure failed", failure);
        }
    }
}
