package org.hisscube.metrics;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.config.Config;
import org.hisscube.contracts.Topic;
import org.hisscube.testsupport.LocalStackResource;
import org.hisscube.testsupport.ServiceEndpointsSpec;

/** metrics-service started against a real Kafka broker and S3 server. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class MetricsServiceIT extends ServiceEndpointsSpec {

    /** It reads every topic but dead-letters only those of {@code hisscube.metrics.dead-letter-topics}. */
    @Override
    protected Set<String> producedByConfig(Config config) {
        Set<String> produced = new TreeSet<>(outgoingTopics(config));
        for (String t : config.getValue("hisscube.metrics.dead-letter-topics", String[].class)) {
            produced.add(t + Topic.DEAD_LETTER_SUFFIX);
        }
        return produced;
    }
}
