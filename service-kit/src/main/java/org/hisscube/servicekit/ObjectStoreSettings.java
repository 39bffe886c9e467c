package org.hisscube.servicekit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * Where the object store is. Set by environment in deployments: HISSCUBE_OBJECT_STORE_ENDPOINT,
 * HISSCUBE_OBJECT_STORE_ACCESS_KEY, HISSCUBE_OBJECT_STORE_SECRET_KEY (from a Secret), HISSCUBE_OBJECT_STORE_BUCKET.
 */
@ConfigMapping(prefix = "hisscube.object-store")
public interface ObjectStoreSettings {
    /** S3 endpoint URL, e.g. http://minio:9000. */
    String endpoint();

    /** Access key; no default: it must come from the environment. */
    Optional<String> accessKey();

    /** Secret key; no default: it must come from the environment. */
    Optional<String> secretKey();

    /** The project bucket. */
    @WithDefault("hisscube")
    String bucket();

    @WithDefault("us-east-1")
    String region();
}
