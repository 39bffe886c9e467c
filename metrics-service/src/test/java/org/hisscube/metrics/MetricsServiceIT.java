package org.hisscube.metrics;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.hisscube.testsupport.LocalStackResource;
import org.hisscube.testsupport.ServiceEndpointsSpec;

/** metrics-service started against a real Kafka broker and S3 server. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class MetricsServiceIT extends ServiceEndpointsSpec {
}
