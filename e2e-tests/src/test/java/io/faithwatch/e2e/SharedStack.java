package io.faithwatch.e2e;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.extension.AfterAllCallback;
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
 * first of them ({@code @ExtendWith(SharedStack.class)}) on a broker of its own, stopped after the last of them when
 * {@link SharedStackFirst} ordered the classes (it knows which will come), else when the run ends. Starting a stack takes about half a
 * minute; sharing it keeps the suite within its time. Its settings are the union of what those tests need (the keys of
 * their local model servers, a short batch linger, gauges refreshed every second); each test works on its own run and
 * checkpoints, and counts what is global (metrics) as a difference. A test may restart a service of it, never stop it.
 * Logs: {@code e2e-tests/target/service-logs-shared/}.
 */
public final class SharedStack implements BeforeAllCallback, AfterAllCallback {
    static final String CHANNELS_CREDENTIAL = "FAITH_CHANNELS_MODEL_KEY";
    static final String CHANNELS_KEY = "sk-channels-5be1";
    static final String BATCH_CREDENTIAL = "FAITH_BATCH_MODEL_KEY";
    static final String BATCH_KEY = "sk-batch-e2e-77a1";

    private static LocalStack stack;
    private static KafkaBroker broker;
    /** The classes still to use the stack, as {@link SharedStackFirst} found them; null when no orderer said. */
    private static Set<String> remaining;

    /** The classes that will use the stack in this run. */
    static synchronized void expect(Collection<String> classes) {
        remaining = new HashSet<>(classes);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        synchronized (SharedStack.class) {
            if (remaining != null && remaining.remove(context.getRequiredTestClass().getName()) && remaining.isEmpty()) {
                close();
            }
        }
    }

    private static void close() {
        Closing.inOrder(stack, broker);
        stack = null;
        broker = null;
    }

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
                var builder = TestStacks.builder().kafka(broker).logDir(RepoRoot.find().resolve("e2e-tests/target/service-logs-shared"))
                        .config(FaithService.MODEL_CALLER, CHANNELS_CREDENTIAL, CHANNELS_KEY)
                        .config(FaithService.MODEL_CALLER, BATCH_CREDENTIAL, BATCH_KEY)
                        .config(FaithService.MODEL_CALLER, "faith.model-caller.batch.linger", "2s")
                        .config(FaithService.MODEL_CALLER, "faith.model-caller.batch.poll-every", "500ms")
                        .config(FaithService.SCORER, "faith.scorer.gauges.refresh-every", "1s");
                // Tests kill and restart services: a dead consumer's partitions move after 10 s, not Kafka's 45 s.
                for (FaithService service : FaithService.values()) {
                    builder.config(service, "kafka.session.timeout.ms", "10000");
                }
                stack = builder.start();
                // Stopped when the whole run ends, after the last test class that used it.
                context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(SharedStack.class, (ExtensionContext.Store.CloseableResource) () -> {
                    synchronized (SharedStack.class) {
                        if (stack != null) {
                            close();
                        }
                    }
                });
            }
        }
    }
}
