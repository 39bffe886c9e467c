package org.hisscube.contracts.store;

import io.minio.AbortMultipartUploadArgs;
import io.minio.BucketExistsArgs;
import io.minio.CompleteMultipartUploadArgs;
import io.minio.CreateMultipartUploadArgs;
import io.minio.GetObjectArgs;
import io.minio.Http;
import io.minio.ListMultipartUploadsArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.UploadPartArgs;
import io.minio.UploadPartResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import io.minio.messages.ListMultipartUploadsResult;
import io.minio.messages.Part;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** {@link ObjectStore} over the S3 API with the MinIO client (MinIO in deployments, s3proxy locally). */
public final class S3ObjectStore implements ObjectStore {
    /** Parts of 5 MiB (the S3 minimum) for objects above {@link #SINGLE_PUT_MAX}; the client buffers one part. */
    static final long PART_SIZE = 5L * 1024 * 1024;
    /**
     * Objects of known size up to this go in one PUT (a 32 MB image segment, a raw frame, a shard): one request
     * instead of a multipart upload's initiate, parts and complete, and no server-side assembly of the parts. The
     * client holds the object in memory meanwhile.
     */
    static final long SINGLE_PUT_MAX = 64L * 1024 * 1024;

    /**
     * One HTTP client for every store of the process, as OkHttp intends (one connection pool and dispatcher): the
     * MinIO client's default, made once. Making it costs about 2 s of CPU here, which every store paid before. A
     * client given to the builder is not shut down when a store is closed, so its dispatcher runs on daemon threads:
     * they never hold a finished process open.
     */
    private static final class SharedHttp {
        static final okhttp3.OkHttpClient CLIENT = io.minio.Http.newDefaultClient().newBuilder()
                .dispatcher(new okhttp3.Dispatcher(new java.util.concurrent.ThreadPoolExecutor(0, Integer.MAX_VALUE,
                        60, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.SynchronousQueue<>(),
                        r -> {
                            Thread t = new Thread(r, "s3-http");
                            t.setDaemon(true);
                            return t;
                        })))
                .build();
    }

    private final MinioClient client;
    /** The same server through the client's asynchronous API, which has the multipart calls (one request each). */
    private final MinioAsyncClient multipart;
    private final ObjectStoreConfig config;

    public S3ObjectStore(ObjectStoreConfig config) {
        this.config = config;
        this.client = MinioClient.builder()
                .endpoint(config.endpoint())
                .credentials(config.accessKey(), config.secretKey())
                .region(config.region())
                .httpClient(SharedHttp.CLIENT)
                .build();
        this.multipart = MinioAsyncClient.builder()
                .endpoint(config.endpoint())
                .credentials(config.accessKey(), config.secretKey())
                .region(config.region())
                .httpClient(SharedHttp.CLIENT)
                .build();
    }

    @Override
    public String bucket() {
        return config.bucket();
    }

    @Override
    public boolean bucketExists() {
        try {
            return client.bucketExists(BucketExistsArgs.builder().bucket(bucket()).build());
        } catch (Exception e) {
            throw new ObjectStoreException(bucket(), null, "bucket check failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void ensureBucket() {
        try {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket()).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket()).build());
            }
        } catch (ErrorResponseException e) {
            if (!"BucketAlreadyOwnedByYou".equals(e.errorResponse().code())) {
                throw new ObjectStoreException(bucket(), null, "cannot create bucket: " + e.getMessage(), e);
            }
        } catch (Exception e) {
            throw new ObjectStoreException(bucket(), null, "cannot create bucket: " + e.getMessage(), e);
        }
    }

    @Override
    public ObjectInfo put(String key, InputStream data, long size, String contentType,
            Map<String, String> userMetadata) {
        ObjectKeys.require(key);
        try {
            client.putObject(PutObjectArgs.builder()
                    .bucket(bucket())
                    .object(key)
                    .stream(data, size, partSize(size))
                    .contentType(contentType == null ? "application/octet-stream" : contentType)
                    .userMetadata(userMetadata == null ? Map.of() : userMetadata)
                    .build());
        } catch (Exception e) {
            throw new ObjectStoreException(bucket(), key, "put failed: " + e.getMessage(), e);
        }
        return stat(key).orElseThrow(() -> new ObjectStoreException(bucket(), key, "not found right after put", null));
    }

    /** The part size the client is given: one part (a single PUT) up to {@link #SINGLE_PUT_MAX}. */
    static long partSize(long size) {
        if (size >= 0 && size < PART_SIZE) {
            return -1; // the client's own choice: one PUT
        }
        return size >= 0 && size <= SINGLE_PUT_MAX ? size : PART_SIZE;
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        ObjectKeys.require(key);
        try {
            StatObjectResponse r = client.statObject(StatObjectArgs.builder().bucket(bucket()).object(key).build());
            return Optional.of(new ObjectInfo(bucket(), key, r.size(), r.etag(), lowerCase(r.userMetadata())));
        } catch (ErrorResponseException e) {
            String code = e.errorResponse().code();
            if ("NoSuchKey".equals(code) || "NoSuchObject".equals(code) || "ResourceNotFound".equals(code)) {
                return Optional.empty();
            }
            throw new ObjectStoreException(bucket(), key, "stat failed: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new ObjectStoreException(bucket(), key, "stat failed: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> lowerCase(Iterable<Map.Entry<String, String>> raw) {
        Map<String, String> out = new java.util.TreeMap<>();
        raw.forEach(e -> out.putIfAbsent(e.getKey().toLowerCase(java.util.Locale.ROOT), e.getValue()));
        return out;
    }

    @Override
    public InputStream get(String key) {
        ObjectKeys.require(key);
        try {
            return client.getObject(GetObjectArgs.builder().bucket(bucket()).object(key).build());
        } catch (Exception e) {
            throw new ObjectStoreException(bucket(), key, "get failed: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] getRange(String key, long offset, int length) {
        ObjectKeys.require(key);
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("range " + offset + "+" + length + " of " + key);
        }
        if (length == 0) {
            return new byte[0];
        }
        byte[] b;
        try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket()).object(key).offset(offset)
                .length((long) length).build())) {
            b = in.readAllBytes();
        } catch (Exception e) {
            throw new ObjectStoreException(bucket(), key, "range get " + offset + "+" + length + " failed: "
                    + e.getMessage(), e);
        }
        if (b.length != length) {
            throw new ObjectStoreException(bucket(), key, "range " + offset + "+" + length + " gave " + b.length
                    + " bytes (beyond the object's end?)", null);
        }
        return b;
    }

    @Override
    public void delete(String key) {
        ObjectKeys.require(key);
        try {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket()).object(key).build());
        } catch (Exception e) {
            throw new ObjectStoreException(bucket(), key, "delete failed: " + e.getMessage(), e);
        }
    }

    @Override
    public PartUpload startUpload(String key, String contentType, Map<String, String> userMetadata) {
        ObjectKeys.require(key);
        Http.Headers headers = new Http.Headers();
        headers.set(Http.Headers.CONTENT_TYPE, contentType == null ? "application/octet-stream" : contentType);
        (userMetadata == null ? Map.<String, String>of() : userMetadata)
                .forEach((k, v) -> headers.set("x-amz-meta-" + k, v));
        String uploadId = call(key, "start upload", () -> multipart.createMultipartUpload(
                CreateMultipartUploadArgs.builder().bucket(bucket()).object(key).headers(headers).build()))
                .result().uploadId();
        return new S3PartUpload(key, uploadId);
    }

    @Override
    public List<PendingUpload> pendingUploads(String prefix) {
        List<PendingUpload> out = new ArrayList<>();
        String keyMarker = null;
        String idMarker = null;
        while (true) {
            ListMultipartUploadsArgs.Builder args = ListMultipartUploadsArgs.builder().bucket(bucket()).prefix(prefix)
                    .maxUploads(1000);
            if (keyMarker != null) {
                args.keyMarker(keyMarker).uploadIdMarker(idMarker);
            }
            ListMultipartUploadsResult page = call(prefix, "list uploads",
                    () -> multipart.listMultipartUploads(args.build())).result();
            for (ListMultipartUploadsResult.Upload u : page.uploads()) {
                out.add(new PendingUpload(u.objectName(), u.uploadId(),
                        u.initiated() == null ? Instant.EPOCH : u.initiated().toInstant()));
            }
            if (!page.isTruncated() || page.nextKeyMarker() == null) {
                return out;
            }
            keyMarker = page.nextKeyMarker();
            idMarker = page.nextUploadIdMarker();
        }
    }

    @Override
    public void abortUpload(PendingUpload upload) {
        abortById(upload.key(), upload.uploadId());
    }

    private void abortById(String key, String uploadId) {
        try {
            multipart.abortMultipartUpload(AbortMultipartUploadArgs.builder().bucket(bucket()).object(key)
                    .uploadId(uploadId).build()).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ErrorResponseException er && "NoSuchUpload".equals(er.errorResponse().code())) {
                return; // gone already
            }
            throw new ObjectStoreException(bucket(), key, "abort upload " + uploadId + " failed: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new ObjectStoreException(bucket(), key, "abort upload " + uploadId + " failed: " + e.getMessage(), e);
        }
    }

    /** Waits for one asynchronous call; its failure becomes an {@link ObjectStoreException} naming the key. */
    private <T> T call(String key, String what, java.util.concurrent.Callable<CompletableFuture<T>> request) {
        try {
            return request.call().get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new ObjectStoreException(bucket(), key, what + " failed: " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ObjectStoreException(bucket(), key, what + " interrupted", e);
        } catch (Exception e) {
            throw new ObjectStoreException(bucket(), key, what + " failed: " + e.getMessage(), e);
        }
    }

    /** One multipart upload on the server: parts numbered from 1, their ETags kept for the completion. */
    private final class S3PartUpload implements PartUpload {
        private final String key;
        private final String uploadId;
        private final List<Part> parts = new ArrayList<>();
        private boolean completed;
        private boolean aborted;

        S3PartUpload(String key, String uploadId) {
            this.key = key;
            this.uploadId = uploadId;
        }

        @Override
        public String key() {
            return key;
        }

        @Override
        public String uploadId() {
            return uploadId;
        }

        @Override
        public void part(byte[] data, int length) {
            if (completed || aborted) {
                throw new IllegalStateException("upload " + uploadId + " of " + key + " is over");
            }
            int number = parts.size() + 1;
            UploadPartResponse r = call(key, "upload part " + number, () -> multipart.uploadPart(
                    UploadPartArgs.builder().bucket(bucket()).object(key).uploadId(uploadId).partNumber(number)
                            .data(data, length).build()));
            parts.add(new Part(number, r.part().etag()));
        }

        @Override
        public ObjectInfo complete() {
            if (aborted) {
                throw new IllegalStateException("upload " + uploadId + " of " + key + " was aborted");
            }
            call(key, "complete upload", () -> multipart.completeMultipartUpload(CompleteMultipartUploadArgs.builder()
                    .bucket(bucket()).object(key).uploadId(uploadId).parts(parts.toArray(Part[]::new)).build()));
            completed = true;
            return stat(key).orElseThrow(() -> new ObjectStoreException(bucket(), key,
                    "not found right after completing upload " + uploadId, null));
        }

        @Override
        public void abort() {
            if (!completed && !aborted) {
                abortById(key, uploadId);
                aborted = true;
            }
        }

        @Override
        public void close() {
            abort();
        }
    }

    @Override
    public ObjectInfo copy(String sourceKey, String targetKey, Map<String, String> userMetadata) {
        ObjectKeys.require(sourceKey);
        ObjectKeys.require(targetKey);
        try {
            client.copyObject(io.minio.CopyObjectArgs.builder()
                    .bucket(bucket())
                    .object(targetKey)
                    .source(io.minio.SourceObject.builder().bucket(bucket()).object(sourceKey).build())
                    .userMetadata(userMetadata == null ? Map.of() : userMetadata)
                    .metadataDirective(io.minio.Directive.REPLACE)
                    .build());
        } catch (Exception e) {
            throw new ObjectStoreException(bucket(), targetKey, "copy from " + sourceKey + " failed: " + e.getMessage(),
                    e);
        }
        return stat(targetKey).orElseThrow(
                () -> new ObjectStoreException(bucket(), targetKey, "not found right after copy", null));
    }

    @Override
    public List<String> list(String prefix) {
        List<String> keys = new ArrayList<>();
        try {
            for (Result<Item> r : client.listObjects(
                    ListObjectsArgs.builder().bucket(bucket()).prefix(prefix).recursive(true).build())) {
                keys.add(r.get().objectName());
            }
        } catch (Exception e) {
            throw new ObjectStoreException(bucket(), prefix, "list failed: " + e.getMessage(), e);
        }
        keys.sort(null);
        return keys;
    }

    @Override
    public void close() {
        try {
            multipart.close();
        } catch (Exception e) {
            // nothing held that matters
        }
        try {
            client.close();
        } catch (Exception e) {
            // nothing held that matters
        }
    }
}
