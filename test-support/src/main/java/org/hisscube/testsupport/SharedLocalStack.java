package org.hisscube.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hisscube.localstack.LocalStack;
import org.hisscube.localstack.SharedStack;
import org.jboss.logging.Logger;

/**
 * One local stack (real Kafka broker and S3 server processes) per test JVM, started on first use and stopped when
 * the JVM exits. Its addresses are also published as system properties, so code loaded by another class loader
 * (Quarkus tests) finds the same stack instead of starting a second one.
 */
public final class SharedLocalStack {
    private static final Logger LOG = Logger.getLogger(SharedLocalStack.class);
    private static final String PREFIX = "hisscube.test.stack.";

    private SharedLocalStack() {
    }

    /** The stack's service configuration (kafka.bootstrap.servers, hisscube.object-store.*, SAS mirror URL). */
    public static Map<String, String> config() {
        Map<String, String> published = new LinkedHashMap<>();
        System.getProperties().forEach((k, v) -> {
            if (k.toString().startsWith(PREFIX)) {
                published.put(k.toString().substring(PREFIX.length()), v.toString());
            }
        });
        if (!published.isEmpty()) {
            return published;
        }
        Map<String, String> config = SharedStack.getOrStart(SharedLocalStack::start).serviceConfig();
        config.forEach((k, v) -> System.setProperty(PREFIX + k, v));
        return config;
    }

    /** The stack object (for fault injection and server restarts), or null if none was started in this JVM. */
    public static LocalStack stackOrNull() {
        return SharedStack.current();
    }

    /** The repository's real SDSS sample (data/sdss-sample), served by the stack's SAS mirror. */
    public static Path sampleFolder() {
        String prop = System.getProperty("hisscube.repo.root");
        Path base = prop != null ? Path.of(prop) : Path.of("").toAbsolutePath();
        for (Path p = base.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("data/sdss-sample"))) {
                return p.resolve("data/sdss-sample");
            }
        }
        throw new IllegalStateException("data/sdss-sample not found above " + base);
    }

    private static LocalStack start() {
        try {
            Path dir = Files.createTempDirectory("hisscube-test-stack-");
            LOG.infof("starting the local test stack (real Kafka broker + S3 server processes) in %s", dir);
            Path sas = dir.resolve("sas");
            java.util.List<String> laid = org.hisscube.localstack.SasLayout.mirror(sampleFolder(), sas);
            LOG.infof("SAS mirror of the bundled sample: %d files", laid.size());
            LocalStack s = LocalStack.start(dir, sas);
            System.out.println("[test-stack] Kafka " + s.kafka().bootstrapServers() + " (broker log "
                    + s.kafka().logFile() + "), S3 " + s.s3().endpoint() + ", bucket " + s.bucket() + ", SAS mirror "
                    + s.sas().baseUrl());
            return s;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
