package org.hisscube.cube;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hisscube.localstack.LocalStack;
import org.hisscube.testsupport.SharedLocalStack;

/**
 * Two cube-service replicas on the local stack: the service under test (Quarkus test instance) and a second one, the
 * packaged service ({@code target/quarkus-app}) in a process of its own, with the same Kafka Streams application id.
 * Each advertises its own URL, so Kafka Streams spreads the partitions over both and either answers for the whole
 * cube ({@link CubeCluster}).
 */
public class CubeReplicaResource implements QuarkusTestResourceLifecycleManager {
    /** System property with the second replica's base URL, for the tests. */
    static final String REPLICA_URL = "hisscube.test.cube.replica-url";
    private Process replica;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new LinkedHashMap<>(SharedLocalStack.config());
        int testPort = freePort();
        int replicaPort = freePort();
        config.put("quarkus.http.test-port", Integer.toString(testPort));
        config.put("hisscube.cube.advertised-url", "http://127.0.0.1:" + testPort);
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: the second replica runs the packaged "
                    + "service (mvn package before the integration tests)");
        }
        try {
            Path state = Files.createTempDirectory("hisscube-cube-replica-state-");
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx768m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(Path.of("target/cube-replica.log").toFile());
            Map<String, String> env = pb.environment();
            env.putAll(LocalStack.asEnvironment(SharedLocalStack.config()));
            env.put("QUARKUS_HTTP_PORT", Integer.toString(replicaPort));
            env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
            env.put("HISSCUBE_CUBE_STATE_DIR", state.toString());
            env.put("HISSCUBE_CUBE_ADVERTISED_URL", "http://127.0.0.1:" + replicaPort);
            replica = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.setProperty(REPLICA_URL, "http://127.0.0.1:" + replicaPort);
        return config;
    }

    @Override
    public void stop() {
        if (replica != null) {
            replica.destroy();
            try {
                if (!replica.waitFor(30, TimeUnit.SECONDS)) {
                    replica.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                replica.destroyForcibly();
            }
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
