package org.hisscube.fetcher;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;
import org.hisscube.contracts.Topics;
import org.hisscube.contracts.store.ObjectStoreConfig;
import org.hisscube.contracts.store.S3ObjectStore;
import org.hisscube.testsupport.SharedLocalStack;

/**
 * The shared local stack (real broker, S3 server, SAS mirror) for one fetcher test class, with a bucket and a
 * consumer group of its own: the group starts at the end of {@code sdss.fetch-requests}, so requests other tests
 * published are not fetched into this class's bucket, and what this class counts is its own — test order cannot
 * matter. Use with {@code @QuarkusTestResource(value = FetcherTestStack.class, restrictToAnnotatedClass = true)};
 * init args are added as configuration.
 */
public class FetcherTestStack implements QuarkusTestResourceLifecycleManager {
    private final Map<String, String> extra = new HashMap<>();

    @Override
    public void init(Map<String, String> initArgs) {
        extra.putAll(initArgs);
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(SharedLocalStack.config());
        String own = "fetcher-it-" + Long.toHexString(System.nanoTime());
        ObjectStoreConfig base = new ObjectStoreConfig(config.get("hisscube.object-store.endpoint"),
                config.get("hisscube.object-store.access-key"), config.get("hisscube.object-store.secret-key"), own,
                "us-east-1");
        try (S3ObjectStore store = new S3ObjectStore(base)) {
            store.ensureBucket();
        }
        ConsumerGroups.startAtEnd(config.get("kafka.bootstrap.servers"), own, Topics.FETCH_REQUESTS.name());
        config.put("hisscube.object-store.bucket", own);
        config.put("mp.messaging.incoming.fetch-requests.group.id", own);
        config.putAll(extra);
        System.out.println("[fetcher-test] bucket and fetcher consumer group " + own);
        return config;
    }

    @Override
    public void stop() {
        // the stack lives as long as the test JVM; the bucket is left for inspection
    }
}
