package org.hisscube.fetcher;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.hisscube.testsupport.ServiceEndpointsSpec;

/** fetcher-service started against a real Kafka broker and S3 server (a bucket and consumer group of its own). */
@QuarkusTest
@QuarkusTestResource(value = FetcherTestStack.class, restrictToAnnotatedClass = true)
class FetcherServiceIT extends ServiceEndpointsSpec {
}
