package org.hisscube.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Quarkus test resource: points a service under test at the real local broker and S3 server
 * ({@link SharedLocalStack}); use with {@code @QuarkusTestResource(LocalStackResource.class)}.
 */
public class LocalStackResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return SharedLocalStack.config();
    }

    @Override
    public void stop() {
        // the stack lives as long as the test JVM; a shutdown hook stops its processes
    }
}
