package org.hisscube.contracts.store;

import java.util.Map;

/** What the store knows about one object: its size, ETag and user metadata (keys lower case, no x-amz-meta-). */
public record ObjectInfo(String bucket, String key, long size, String etag, Map<String, String> userMetadata) {
    public ObjectInfo {
        userMetadata = Map.copyOf(userMetadata);
    }
}
