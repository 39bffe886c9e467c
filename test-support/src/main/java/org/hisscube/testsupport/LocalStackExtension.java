package org.hisscube.testsupport;

import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension for plain tests: starts the shared local stack once per test JVM and injects its configuration
 * as a {@code StackConfig} parameter.
 */
public class LocalStackExtension implements BeforeAllCallback, ParameterResolver {

    /** The addresses of the local stack. */
    public record StackConfig(Map<String, String> values) {
        public String bootstrapServers() {
            return values.get("kafka.bootstrap.servers");
        }

        /** How a client reaches the stack's broker (its security settings included, when it has any). */
        public org.hisscube.contracts.KafkaConnection kafka() {
            return org.hisscube.contracts.KafkaConnection.fromConfig(k -> java.util.Optional.ofNullable(values.get(k)));
        }

        public String s3Endpoint() {
            return values.get("hisscube.object-store.endpoint");
        }

        public org.hisscube.contracts.store.ObjectStoreConfig objectStore() {
            return new org.hisscube.contracts.store.ObjectStoreConfig(s3Endpoint(),
                    values.get("hisscube.object-store.access-key"), values.get("hisscube.object-store.secret-key"),
                    values.get("hisscube.object-store.bucket"), "us-east-1");
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        SharedLocalStack.config();
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == StackConfig.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        return new StackConfig(SharedLocalStack.config());
    }
}
