package org.hisscube.contracts.store;

import java.util.Objects;

/**
 * Where the object store is and how to sign in. Credentials come from configuration or the environment, never
 * from the repository.
 */
public record ObjectStoreConfig(String endpoint, String accessKey, String secretKey, String bucket, String region) {
    public ObjectStoreConfig {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(secretKey, "secretKey");
        Objects.requireNonNull(bucket, "bucket");
        region = region == null ? "us-east-1" : region;
    }

    @Override
    public String toString() {
        return "ObjectStoreConfig[endpoint=" + endpoint + ", bucket=" + bucket + ", region=" + region + "]";
    }
}
