package io.faithwatch.testsupport;

import io.faithwatch.localstack.LocalStack;

/** A local stack on this JVM's test broker and a fresh database of its test server; either can be replaced. */
public final class TestStacks {
    private TestStacks() {
    }

    public static LocalStack.Builder builder() {
        return LocalStack.builder().kafka(TestInfrastructure.kafka()).database(TestInfrastructure.postgres().newDatabase("faith"));
    }
}
