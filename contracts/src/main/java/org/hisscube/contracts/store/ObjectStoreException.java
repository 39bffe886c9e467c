package org.hisscube.contracts.store;

import org.hisscube.contracts.ContractsException;

/** An object-store operation failed; names the bucket and key. */
public class ObjectStoreException extends ContractsException {
    private final String bucket;
    private final String key;

    public ObjectStoreException(String bucket, String key, String message, Throwable cause) {
        super("object store s3://" + bucket + "/" + (key == null ? "" : key) + ": " + message, cause);
        this.bucket = bucket;
        this.key = key;
    }

    public String bucket() {
        return bucket;
    }

    public String key() {
        return key;
    }
}
