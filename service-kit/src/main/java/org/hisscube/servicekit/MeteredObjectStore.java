package org.hisscube.servicekit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.hisscube.contracts.store.ObjectInfo;
import org.hisscube.contracts.store.ObjectStore;
import org.hisscube.contracts.store.PartUpload;
import org.hisscube.contracts.store.PendingUpload;

/**
 * The service's object store, counted: {@code hisscube_<service>_object_store_requests_total{operation,outcome}} (every
 * operation, outcome {@code ok} or {@code error}; the error series exist from the start at zero, so an alert on their
 * increase sees the first error) and {@code hisscube_<service>_object_store_bytes_total{direction}} (bytes
 * {@code written} by puts, bytes {@code read} from opened objects as the caller reads them).
 */
public final class MeteredObjectStore implements ObjectStore {
    static final List<String> OPERATIONS = List.of("put", "get", "stat", "list", "delete", "copy", "bucket",
            "upload");

    private final ObjectStore store;
    private final MeterRegistry registry;
    private final String requests;
    private final Counter read;
    private final Counter written;

    public MeteredObjectStore(ObjectStore store, MeterRegistry registry, String service) {
        this.store = store;
        this.registry = registry;
        this.requests = Metrics.name(service, "object_store_requests");
        String bytes = Metrics.name(service, "object_store");
        this.read = Counter.builder(bytes).baseUnit("bytes").tag("direction", "read")
                .description("bytes read from the object store").register(registry);
        this.written = Counter.builder(bytes).baseUnit("bytes").tag("direction", "written")
                .description("bytes written to the object store").register(registry);
        for (String op : OPERATIONS) {
            for (String outcome : List.of("ok", "error")) {
                counter(op, outcome);
            }
        }
    }

    private Counter counter(String operation, String outcome) {
        return Counter.builder(requests).tag("operation", operation).tag("outcome", outcome)
                .description("object store requests by operation and outcome").register(registry);
    }

    private <T> T count(String operation, Supplier<T> call) {
        try {
            T t = call.get();
            counter(operation, "ok").increment();
            return t;
        } catch (RuntimeException e) {
            counter(operation, "error").increment();
            throw e;
        }
    }

    @Override
    public String bucket() {
        return store.bucket();
    }

    @Override
    public boolean bucketExists() {
        return count("bucket", store::bucketExists);
    }

    @Override
    public void ensureBucket() {
        count("bucket", () -> {
            store.ensureBucket();
            return null;
        });
    }

    @Override
    public ObjectInfo put(String key, InputStream data, long size, String contentType, Map<String, String> meta) {
        ObjectInfo info = count("put", () -> store.put(key, data, size, contentType, meta));
        written.increment(info.size() >= 0 ? info.size() : Math.max(size, 0));
        return info;
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        return count("stat", () -> store.stat(key));
    }

    @Override
    public byte[] getRange(String key, long offset, int length) {
        byte[] b = count("get", () -> store.getRange(key, offset, length));
        read.increment(b.length);
        return b;
    }

    @Override
    public InputStream get(String key) {
        InputStream in = count("get", () -> store.get(key));
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    read.increment();
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n > 0) {
                    read.increment(n);
                }
                return n;
            }
        };
    }

    @Override
    public void delete(String key) {
        count("delete", () -> {
            store.delete(key);
            return null;
        });
    }

    @Override
    public ObjectInfo copy(String sourceKey, String targetKey, Map<String, String> userMetadata) {
        return count("copy", () -> store.copy(sourceKey, targetKey, userMetadata));
    }

    /** Every request of a multipart upload (start, each part, complete, abort) counts as an {@code upload}. */
    @Override
    public PartUpload startUpload(String key, String contentType, Map<String, String> userMetadata) {
        PartUpload upload = count("upload", () -> store.startUpload(key, contentType, userMetadata));
        return new PartUpload() {
            @Override
            public String key() {
                return upload.key();
            }

            @Override
            public String uploadId() {
                return upload.uploadId();
            }

            @Override
            public void part(byte[] data, int length) {
                count("upload", () -> {
                    upload.part(data, length);
                    return null;
                });
                written.increment(length);
            }

            @Override
            public ObjectInfo complete() {
                return count("upload", upload::complete);
            }

            @Override
            public void abort() {
                count("upload", () -> {
                    upload.abort();
                    return null;
                });
            }

            @Override
            public void close() {
                upload.close();
            }
        };
    }

    @Override
    public List<PendingUpload> pendingUploads(String prefix) {
        return count("list", () -> store.pendingUploads(prefix));
    }

    @Override
    public void abortUpload(PendingUpload upload) {
        count("upload", () -> {
            store.abortUpload(upload);
            return null;
        });
    }

    @Override
    public List<String> list(String prefix) {
        return count("list", () -> store.list(prefix));
    }

    @Override
    public void close() {
        store.close();
    }
}
