package org.hisscube.localstack;

import java.util.function.Supplier;

/**
 * Holds one {@link LocalStack} per JVM. Loaded from the application class path even inside Quarkus tests
 * ({@code quarkus.class-loading.parent-first-artifacts}), so plain tests and Quarkus tests see the same object.
 */
public final class SharedStack {
    private static LocalStack stack;

    private SharedStack() {
    }

    public static synchronized LocalStack getOrStart(Supplier<LocalStack> starter) {
        if (stack == null) {
            // Kafka clients load plug-ins through the context class loader: use ours, whoever calls
            Thread t = Thread.currentThread();
            ClassLoader caller = t.getContextClassLoader();
            t.setContextClassLoader(SharedStack.class.getClassLoader());
            try {
                stack = starter.get();
            } finally {
                t.setContextClassLoader(caller);
            }
            LocalStack s = stack;
            Runtime.getRuntime().addShutdownHook(new Thread(s::close, "local-stack-stop"));
        }
        return stack;
    }

    /** The stack, or null if none was started in this JVM. */
    public static synchronized LocalStack current() {
        return stack;
    }
}
