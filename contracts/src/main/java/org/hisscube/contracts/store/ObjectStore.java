package org.hisscube.contracts.store;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The claim-check store: one bucket of an S3-compatible server. Every key is checked by {@link ObjectKeys}. */
public interface ObjectStore extends AutoCloseable {
    String bucket();

    /** True when the server answers and the bucket exists. */
    boolean bucketExists();

    /** Creates the bucket if it does not exist yet. */
    void ensureBucket();

    /**
     * Streams an object into the store (multipart where large; never the whole object in memory).
     *
     * @param size the exact size, or -1 when unknown
     */
    ObjectInfo put(String key, InputStream data, long size, String contentType, Map<String, String> userMetadata);

    default ObjectInfo put(String key, byte[] data, String contentType, Map<String, String> userMetadata) {
        return put(key, new java.io.ByteArrayInputStream(data), data.length, contentType, userMetadata);
    }

    /** The object's metadata, or empty if there is no such object. */
    Optional<ObjectInfo> stat(String key);

    /** Opens an object for reading; the caller closes the stream. */
    InputStream get(String key);

    default byte[] getBytes(String key) {
        try (InputStream in = get(key)) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new ObjectStoreException(bucket(), key, "read failed: " + e.getMessage(), e);
        }
    }

    /**
     * Exactly {@code length} bytes of the object from {@code offset} on: one HTTP range request (this default reads
     * the object from its start and skips; stores that can ask for a range do).
     *
     * @throws ObjectStoreException when the object is missing, shorter than offset + length, or the read fails
     */
    default byte[] getRange(String key, long offset, int length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("range " + offset + "+" + length + " of " + key);
        }
        try (InputStream in = get(key)) {
            in.skipNBytes(offset);
            byte[] b = in.readNBytes(length);
            if (b.length != length) {
                throw new ObjectStoreException(bucket(), key, "range " + offset + "+" + length + " reaches beyond"
                        + " the object's end", null);
            }
            return b;
        } catch (java.io.EOFException e) {
            throw new ObjectStoreException(bucket(), key, "range " + offset + "+" + length + " starts beyond the"
                    + " object's end", e);
        } catch (java.io.IOException e) {
            throw new ObjectStoreException(bucket(), key, "range read failed: " + e.getMessage(), e);
        }
    }

    void delete(String key);

    /**
     * Starts a multipart upload of {@code key} with its content type and user metadata: the object appears only
     * when the upload is completed, whole, and not at all when it is aborted.
     */
    PartUpload startUpload(String key, String contentType, Map<String, String> userMetadata);

    /** The multipart uploads under a prefix that were started and neither completed nor aborted. */
    List<PendingUpload> pendingUploads(String prefix);

    /** Aborts a pending upload (its parts are discarded); harmless when it is gone already. */
    void abortUpload(PendingUpload upload);

    /** Server-side copy of an object to another key of the bucket, replacing its user metadata. */
    ObjectInfo copy(String sourceKey, String targetKey, Map<String, String> userMetadata);

    /** Keys under a prefix, recursively, in lexical order. */
    List<String> list(String prefix);

    @Override
    void close();
}
