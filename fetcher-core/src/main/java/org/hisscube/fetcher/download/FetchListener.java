package org.hisscube.fetcher.download;

/** What the fetcher reports as it works (metrics); every method has a no-op default. */
public interface FetchListener {
    FetchListener NONE = new FetchListener() {
    };

    default void started(String fileId) {
    }

    default void bytes(long n) {
    }

    /** A failed attempt (its cause code) will be tried again: a retry, or another try of a held request. */
    default void retried(String fileId, String causeCode) {
    }

    default void resumed(String fileId, long fromByte) {
    }

    default void finished(String fileId, boolean skipped, long sizeBytes, long nanos) {
    }

    default void failed(String fileId, String causeCode) {
    }
}
