package org.hisscube.contracts.store;

import java.time.Instant;

/** A multipart upload that was started and neither completed nor aborted: invisible parts the store still holds. */
public record PendingUpload(String key, String uploadId, Instant initiated) {
}
