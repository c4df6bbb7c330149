package io.faithwatch.e2e;

import java.util.Arrays;
import java.util.Comparator;

import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the classes that use {@link SharedStack} first, by name, then the others by name, and tells the shared stack
 * which classes will use it, so that it stops after the last of them rather than idling beside the stacks the later
 * classes start. Registered in {@code junit-platform.properties}.
 */
public final class SharedStackFirst implements ClassOrderer {
    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors().sort(Comparator.comparing((ClassDescriptor d) -> !usesSharedStack(d.getTestClass()))
                .thenComparing(d -> d.getTestClass().getName()));
        SharedStack.expect(context.getClassDescriptors().stream().map(ClassDescriptor::getTestClass).filter(SharedStackFirst::usesSharedStack)
                .map(Class::getName).toList());
    }

    static boolean usesSharedStack(Class<?> type) {
        ExtendWith extensions = type.getAnnotation(ExtendWith.class);
        return extensions != null && Arrays.asList(extensions.value()).contains(SharedStack.class);
    }
}
