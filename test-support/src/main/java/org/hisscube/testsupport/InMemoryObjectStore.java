package org.hisscube.testsupport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.hisscube.contracts.store.ObjectInfo;
import org.hisscube.contracts.store.ObjectKeys;
import org.hisscube.contracts.store.ObjectStore;
import org.hisscube.contracts.store.ObjectStoreException;
import org.hisscube.contracts.store.PartUpload;
import org.hisscube.contracts.store.PendingUpload;

/**
 * An {@link ObjectStore} in memory, for fast tests of what sits on top of the store (topologies with
 * {@code TopologyTestDriver}, processors): the same key rules as the real store ({@link ObjectKeys}), the MD5 of the
 * bytes as ETag, lower-case user metadata, and a fault hook that makes any operation fail the way a test wants. The
 * S3 behaviour itself (streaming, multipart, restarts) is tested against the real S3 server.
 */
public final class InMemoryObjectStore implements ObjectStore {
    /** Operations the fault hook sees. */
    public enum Op { STAT, GET, PUT, DELETE, COPY, LIST, UPLOAD }

    /** Decides whether an operation fails: return the exception to throw, or null to let it through. */
    @FunctionalInterface
    public interface Faults {
        RuntimeException on(Op op, String key);
    }

    private record Stored(byte[] bytes, String contentType, Map<String, String> meta, String etag) {
    }

    /** A multipart upload in progress: its parts in memory, invisible to stat, get and list. */
    private record Pending(String key, String contentType, Map<String, String> meta, Instant initiated,
            java.io.ByteArrayOutputStream bytes) {
    }

    private final String bucket;
    private final TreeMap<String, Stored> objects = new TreeMap<>();
    private final Map<String, Pending> uploads = new java.util.LinkedHashMap<>();
    private final AtomicInteger puts = new AtomicInteger();
    private volatile boolean bucketExists;
    private volatile Faults faults = (op, key) -> null;

    public InMemoryObjectStore(String bucket) {
        this.bucket = bucket;
    }

    /** Replaces the fault hook (none by default). */
    public InMemoryObjectStore faults(Faults f) {
        this.faults = f == null ? (op, key) -> null : f;
        return this;
    }

    /** A store outage: the exception the real store throws when the server cannot be reached. */
    public ObjectStoreException outage(String key) {
        return new ObjectStoreException(bucket, key, "connection refused (simulated outage)", null);
    }

    /** How many objects were written so far (overwrites included). */
    public int puts() {
        return puts.get();
    }

    @Override
    public String bucket() {
        return bucket;
    }

    @Override
    public boolean bucketExists() {
        return bucketExists;
    }

    @Override
    public void ensureBucket() {
        bucketExists = true;
    }

    @Override
    public ObjectInfo put(String key, InputStream data, long size, String contentType, Map<String, String> meta) {
        ObjectKeys.require(key);
        fault(Op.PUT, key);
        byte[] bytes;
        try {
            bytes = data.readAllBytes();
        } catch (IOException e) {
            throw new ObjectStoreException(bucket, key, "upload failed: " + e.getMessage(), e);
        }
        if (size >= 0 && bytes.length != size) {
            throw new ObjectStoreException(bucket, key, "declared " + size + " bytes, got " + bytes.length, null);
        }
        return store(key, bytes, contentType, meta);
    }

    private ObjectInfo store(String key, byte[] bytes, String contentType, Map<String, String> meta) {
        Map<String, String> lower = new TreeMap<>();
        meta.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        Stored s = new Stored(bytes, contentType, Map.copyOf(lower), md5(bytes));
        synchronized (objects) {
            objects.put(key, s);
        }
        puts.incrementAndGet();
        return info(key, s);
    }

    @Override
    public PartUpload startUpload(String key, String contentType, Map<String, String> userMetadata) {
        ObjectKeys.require(key);
        fault(Op.UPLOAD, key);
        String id = UUID.randomUUID().toString();
        synchronized (objects) {
            uploads.put(id, new Pending(key, contentType, Map.copyOf(userMetadata), Instant.now(),
                    new java.io.ByteArrayOutputStream()));
        }
        return new PartUpload() {
            private boolean over;

            @Override
            public String key() {
                return key;
            }

            @Override
            public String uploadId() {
                return id;
            }

            @Override
            public void part(byte[] data, int length) {
                fault(Op.UPLOAD, key);
                synchronized (objects) {
                    Pending p = uploads.get(id);
                    if (p == null) {
                        throw new ObjectStoreException(bucket, key, "no such upload " + id, null);
                    }
                    p.bytes().write(data, 0, length);
                }
            }

            @Override
            public ObjectInfo complete() {
                fault(Op.UPLOAD, key);
                Pending p;
                synchronized (objects) {
                    p = uploads.remove(id);
                }
                if (p == null) {
                    throw new ObjectStoreException(bucket, key, "no such upload " + id, null);
                }
                over = true;
                return store(key, p.bytes().toByteArray(), p.contentType(), p.meta());
            }

            @Override
            public void abort() {
                over = true;
                synchronized (objects) {
                    uploads.remove(id);
                }
            }

            @Override
            public void close() {
                if (!over) {
                    abort();
                }
            }
        };
    }

    @Override
    public List<PendingUpload> pendingUploads(String prefix) {
        fault(Op.LIST, prefix);
        synchronized (objects) {
            List<PendingUpload> out = new ArrayList<>();
            uploads.forEach((id, p) -> {
                if (p.key().startsWith(prefix)) {
                    out.add(new PendingUpload(p.key(), id, p.initiated()));
                }
            });
            return out;
        }
    }

    @Override
    public void abortUpload(PendingUpload upload) {
        fault(Op.UPLOAD, upload.key());
        synchronized (objects) {
            uploads.remove(upload.uploadId());
        }
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        ObjectKeys.require(key);
        fault(Op.STAT, key);
        synchronized (objects) {
            Stored s = objects.get(key);
            return s == null ? Optional.empty() : Optional.of(info(key, s));
        }
    }

    @Override
    public InputStream get(String key) {
        ObjectKeys.require(key);
        fault(Op.GET, key);
        synchronized (objects) {
            Stored s = objects.get(key);
            if (s == null) {
                throw new ObjectStoreException(bucket, key, "no such object", null);
            }
            return new ByteArrayInputStream(s.bytes());
        }
    }

    @Override
    public void delete(String key) {
        ObjectKeys.require(key);
        fault(Op.DELETE, key);
        synchronized (objects) {
            objects.remove(key);
        }
    }

    @Override
    public ObjectInfo copy(String sourceKey, String targetKey, Map<String, String> userMetadata) {
        ObjectKeys.require(sourceKey);
        ObjectKeys.require(targetKey);
        fault(Op.COPY, targetKey);
        synchronized (objects) {
            Stored s = objects.get(sourceKey);
            if (s == null) {
                throw new ObjectStoreException(bucket, sourceKey, "no such object", null);
            }
            Map<String, String> lower = new TreeMap<>();
            userMetadata.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
            Stored c = new Stored(s.bytes(), s.contentType(), Map.copyOf(lower), s.etag());
            objects.put(targetKey, c);
            return info(targetKey, c);
        }
    }

    @Override
    public List<String> list(String prefix) {
        fault(Op.LIST, prefix);
        synchronized (objects) {
            List<String> keys = new ArrayList<>();
            for (String k : objects.tailMap(prefix, true).keySet()) {
                if (!k.startsWith(prefix)) {
                    break;
                }
                keys.add(k);
            }
            return keys;
        }
    }

    @Override
    public void close() {
        // nothing to release
    }

    private void fault(Op op, String key) {
        RuntimeException e = faults.on(op, key);
        if (e != null) {
            throw e;
        }
    }

    private ObjectInfo info(String key, Stored s) {
        return new ObjectInfo(bucket, key, s.bytes().length, s.etag(), s.meta());
    }

    private static String md5(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
