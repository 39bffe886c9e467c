package org.hisscube.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.hisscube.contracts.store.ObjectStoreConfig;
import org.jboss.logging.Logger;

/**
 * A real S3-compatible server: s3proxy ({@code org.gaul:s3proxy}, its self-contained jar) as its own process, with a
 * filesystem backend in a folder. Credentials are made up at start, never stored in the repository. Port and data
 * survive {@link #restart()}.
 */
public final class S3Server implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(S3Server.class);

    private final Path dir;
    private final int port;
    private final String accessKey;
    private final String secretKey;
    private Process process;

    private S3Server(Path dir) {
        this.dir = dir;
        this.port = Processes.freePort();
        SecureRandom random = new SecureRandom();
        this.accessKey = "local-" + randomHex(random, 8);
        this.secretKey = randomHex(random, 24);
    }

    public static S3Server start(Path dir) {
        S3Server server = new S3Server(dir);
        server.writeConfig();
        server.launch();
        return server;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    public Path directory() {
        return dir;
    }

    /** Client configuration for one bucket of this server. */
    public ObjectStoreConfig configFor(String bucket) {
        return new ObjectStoreConfig(endpoint(), accessKey, secretKey, bucket, "us-east-1");
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    public void stop() {
        Processes.stop(process, 20);
        LOG.infof("S3 server on port %d stopped", port);
    }

    public void restart() {
        if (isRunning()) {
            stop();
        }
        launch();
    }

    @Override
    public void close() {
        stop();
    }

    private void writeConfig() {
        String props = String.join("\n",
                "s3proxy.endpoint=" + endpoint(),
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + accessKey,
                "s3proxy.credential=" + secretKey,
                "jclouds.provider=filesystem",
                "jclouds.identity=" + accessKey,
                "jclouds.credential=" + secretKey,
                "jclouds.filesystem.basedir=" + dir.resolve("buckets"),
                "");
        try {
            Files.createDirectories(dir.resolve("buckets"));
            Path file = dir.resolve("s3proxy.properties");
            Files.writeString(file, props, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void launch() {
        long t0 = System.nanoTime();
        process = Processes.start(List.of(Processes.javaExecutable(), "-Xms64m", "-Xmx384m", "-cp", Processes.runtimeClasspath("s3proxy"), "org.gaul.s3proxy.Main",
                "--properties", dir.resolve("s3proxy.properties").toString()), dir, dir.resolve("s3proxy.log"));
        awaitReady(Duration.ofSeconds(60));
        LOG.infof("S3 server (s3proxy, filesystem backend) ready at %s after %d ms, pid %d, data %s", endpoint(),
                (System.nanoTime() - t0) / 1_000_000, process.pid(), dir.resolve("buckets"));
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new LocalStackException("s3proxy exited with code " + process.exitValue() + ":\n"
                        + Processes.tail(dir.resolve("s3proxy.log"), 30));
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(endpoint() + "/").toURL().openConnection();
                c.setConnectTimeout(1000);
                c.setReadTimeout(2000);
                int code = c.getResponseCode(); // 403 for an anonymous request is an answer: the server is up
                c.disconnect();
                if (code > 0) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Processes.sleep(200);
        }
        Processes.stop(process, 5);
        throw new LocalStackException("s3proxy at " + endpoint() + " not ready within " + timeout + ":\n"
                + Processes.tail(dir.resolve("s3proxy.log"), 30));
    }

    private static String randomHex(SecureRandom random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
