package io.faithwatch.e2e;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.faithwatch.localstack.FaithService;
import io.faithwatch.localstack.KafkaBroker;
import io.faithwatch.localstack.LocalStack;
import io.faithwatch.localstack.RepoRoot;
import io.faithwatch.testsupport.Closing;
import io.faithwatch.testsupport.TestStacks;

/**
 * One stack of the four packaged services for the end-to-end tests that leave the infrastructure whole: started by the
 * first of them ({@code @ExtendWith(SharedStack.class)}) on a broker of its own, stopped when the run ends. Starting a stack takes about half a
 * minute; sharing it keeps the suite within its time. Its settings are the union of what those tests need (the keys of
 * their local model servers, a short batch linger, gauges refreshed every second); each test works on its own run and
 * checkpoints, and counts what is global (metrics) as a difference. A test may restart a service of it, never stop it.
 * Logs: {@code e2e-tests/target/service-logs-shared/}.
 */
public final class SharedStack implements BeforeAllCallback {
    static final String CHANNELS_CREDENTIAL = "FAITH_CHANNELS_MODEL_KEY";
    static final String CHANNELS_KEY = "sk-channels-5be1";
    static final String BATCH_CREDENTIAL = "FAITH_BATCH_MODEL_KEY";
    static final String BATCH_KEY = "sk-batch-e2e-77a1";

    private static LocalStack stack;
    private static KafkaBroker broker;

    /** The shared stack; started by the extension before the first test class that uses it. */
    static synchronized LocalStack stack() {
        if (stack == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(SharedStack.class)");
        }
        return stack;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (SharedStack.class) {
            if (stack == null) {
                // A broker of its own: the stack lives through the whole run, beside the stacks other tests start and stop
                // on the test JVM's broker, whose consumer groups it would otherwise share (and take their checkpoints).
                broker = KafkaBroker.process(RepoRoot.find().resolve("e2e-tests/target/broker-shared"));
                stack = TestStacks.builder().kafka(broker).logDir(RepoRoot.find().resolve("e2e-tests/target/service-logs-shared"))
                        .config(FaithService.MODEL_CALLER, CHANNELS_CREDENTIAL, CHANNELS_KEY)
                        .config(FaithService.MODEL_CALLER, BATCH_CREDENTIAL, BATCH_KEY)
                        .config(FaithService.MODEL_CALLER, "faith.model-caller.batch.linger", "2s")
                        .config(FaithService.MODEL_CALLER, "faith.model-caller.batch.poll-every", "500ms")
                        .config(FaithService.SCORER, "faith.scorer.gauges.refresh-every", "1s").start();
                // Stopped when the whole run ends, after the last test class that used it.
                context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(SharedStack.class, (ExtensionContext.Store.CloseableResource) () -> {
                    synchronized (SharedStack.class) {
                        Closing.inOrder(stack, broker);
                        stack = null;
                        broker = null;
                    }
                });
            }
        }
    }
}
