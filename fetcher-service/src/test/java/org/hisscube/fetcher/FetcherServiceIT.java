package org.hisscube.fetcher;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.hisscube.testsupport.LocalStackResource;
import org.hisscube.testsupport.ServiceEndpointsSpec;

/** fetcher-service started against a real Kafka broker and S3 server. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class FetcherServiceIT extends ServiceEndpointsSpec {
}
