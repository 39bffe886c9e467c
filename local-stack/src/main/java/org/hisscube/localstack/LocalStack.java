package org.hisscube.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.hisscube.contracts.Topic;
import org.hisscube.contracts.Topics;
import org.hisscube.contracts.store.ObjectStoreConfig;
import org.hisscube.contracts.store.S3ObjectStore;
import org.jboss.logging.Logger;

/**
 * The whole local infrastructure on one machine: a KRaft Kafka broker, an S3 server with the project bucket, every
 * topic of {@link Topics} created, and optionally a SAS mirror. Started as real processes; stopped by {@link #close()}.
 */
public final class LocalStack implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LocalStack.class);
    public static final String DEFAULT_BUCKET = "hisscube";

    private final Path dir;
    private final KafkaBroker kafka;
    private final S3Server s3;
    private final SasMirror sas;
    private final String bucket;

    private LocalStack(Path dir, KafkaBroker kafka, S3Server s3, SasMirror sas, String bucket) {
        this.dir = dir;
        this.kafka = kafka;
        this.s3 = s3;
        this.sas = sas;
        this.bucket = bucket;
    }

    /**
     * Starts broker and S3 server in parallel in sub-folders of {@code dir}, creates the topics and the bucket.
     *
     * @param sasRoot a folder to serve as SAS mirror, or null for none
     */
    public static LocalStack start(Path dir, Path sasRoot) {
        return start(dir, sasRoot, false);
    }

    /**
     * As {@link #start(Path, Path)}; with {@code saslKafka} the broker accepts only SASL/PLAIN logins (see
     * {@link KafkaBroker#start(Path, boolean)}) and {@link #serviceConfig()} carries the login settings.
     */
    public static LocalStack start(Path dir, Path sasRoot, boolean saslKafka) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long t0 = System.nanoTime();
        var s3Future = java.util.concurrent.CompletableFuture.supplyAsync(() -> S3Server.start(dir.resolve("s3")));
        KafkaBroker kafka;
        try {
            kafka = KafkaBroker.start(dir.resolve("kafka"), saslKafka);
        } catch (RuntimeException e) {
            // stopped before the error ends the JVM: an asynchronous close would leave the S3 server running
            try {
                s3Future.join().close();
            } catch (RuntimeException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw e;
        }
        S3Server s3;
        try {
            s3 = s3Future.join();
        } catch (RuntimeException e) {
            kafka.close();
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        SasMirror sas;
        try {
            sas = sasRoot == null ? null : SasMirror.start(sasRoot);
        } catch (RuntimeException e) {
            kafka.close();
            s3.close();
            throw e;
        }
        LocalStack stack = new LocalStack(dir, kafka, s3, sas, DEFAULT_BUCKET);
        try {
            stack.createTopics(Topics.all());
            try (S3ObjectStore store = new S3ObjectStore(stack.objectStoreConfig())) {
                store.ensureBucket();
            }
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        LOG.infof("local stack up in %d ms: kafka %s, s3 %s, bucket %s%s", (System.nanoTime() - t0) / 1_000_000,
                kafka.bootstrapServers(), s3.endpoint(), DEFAULT_BUCKET,
                sas == null ? "" : ", SAS mirror " + sas.baseUrl());
        return stack;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public S3Server s3() {
        return s3;
    }

    /** The SAS mirror, or null when none was asked for. */
    public SasMirror sas() {
        return sas;
    }

    public Path directory() {
        return dir;
    }

    public String bucket() {
        return bucket;
    }

    public ObjectStoreConfig objectStoreConfig() {
        return s3.configFor(bucket);
    }

    /**
     * The configuration a service needs to use this stack, as Quarkus/MicroProfile config keys; as environment
     * variables these are KAFKA_BOOTSTRAP_SERVERS, HISSCUBE_OBJECT_STORE_ENDPOINT, ...
     */
    public Map<String, String> serviceConfig() {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.putAll(kafka.connection().asServiceConfig());
        m.put("hisscube.object-store.endpoint", s3.endpoint());
        m.put("hisscube.object-store.access-key", s3.accessKey());
        m.put("hisscube.object-store.secret-key", s3.secretKey());
        m.put("hisscube.object-store.bucket", bucket);
        if (sas != null) {
            m.put("hisscube.fetcher.base-url", sas.baseUrl());
        }
        return m;
    }

    /**
     * Service configuration as environment variables, the way Quarkus maps them back:
     * {@code hisscube.object-store.access-key} → {@code HISSCUBE_OBJECT_STORE_ACCESS_KEY}.
     */
    public static Map<String, String> asEnvironment(Map<String, String> config) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        config.forEach((k, v) -> env.put(k.toUpperCase(java.util.Locale.ROOT).replaceAll("[.-]", "_"), v));
        return env;
    }

    /** Creates topics that do not exist yet (partitions, compaction and retention as the catalogue declares). */
    public void createTopics(List<Topic<String, ?>> topics) {
        try (Admin admin = Admin.create(kafka.connection().clientConfig())) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> fresh = new ArrayList<>();
            for (Topic<String, ?> t : topics) {
                if (!existing.contains(t.name())) {
                    fresh.add(new NewTopic(t.name(), t.partitions(), (short) 1).configs(t.configs()));
                }
            }
            if (!fresh.isEmpty()) {
                admin.createTopics(fresh).all().get(60, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new LocalStackException("creating topics failed: " + e.getCause().getMessage(), e.getCause());
            }
        } catch (Exception e) {
            throw new LocalStackException("creating topics failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (sas != null) {
            sas.close();
        }
        kafka.close();
        s3.close();
    }
}
