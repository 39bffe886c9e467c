package org.hisscube.contracts.store;

/**
 * A multipart upload of one key, started by {@link ObjectStore#startUpload}. Nothing of it is visible to a reader
 * (no object under the key, none in a listing) until {@link #complete()}; {@link #abort()} discards its parts. Used
 * by one thread; the parts go in the order they are given.
 */
public interface PartUpload extends AutoCloseable {
    /** The smallest part S3 accepts, except for the last one. */
    int MIN_PART_BYTES = 5 * 1024 * 1024;

    String key();

    String uploadId();

    /** Sends the next part: {@code length} bytes of {@code data}; every part but the last at least MIN_PART_BYTES. */
    void part(byte[] data, int length);

    /** Assembles the parts into the object under the key, which becomes visible now, whole. */
    ObjectInfo complete();

    /** Discards the upload and its parts; nothing becomes visible. Harmless when already aborted. */
    void abort();

    /** Aborts the upload unless it was completed. */
    @Override
    void close();
}
