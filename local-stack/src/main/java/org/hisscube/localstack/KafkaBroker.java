package org.hisscube.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.jboss.logging.Logger;

/**
 * A real Kafka broker in KRaft mode (combined broker + controller, one node), run as its own JVM from the
 * {@code org.apache.kafka:kafka_2.13} artifacts. Ports are chosen at start and kept across {@link #restart()}, as is
 * the data folder, so a restart is a real broker restart over the same log.
 */
public final class KafkaBroker implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(KafkaBroker.class);

    private final Path dir;
    private final int brokerPort;
    private final int controllerPort;
    private final String clusterId;
    /** The SASL/PLAIN password of the broker's one user, or null when the broker speaks plaintext. */
    private final String saslPassword;
    private Process process;

    /** The user the SASL listener accepts (with a password made up at each start). */
    public static final String SASL_USER = "hisscube";

    private KafkaBroker(Path dir, boolean sasl) {
        this.dir = dir;
        this.saslPassword = sasl ? Uuid.randomUuid().toString() : null;
        this.brokerPort = Processes.freePort();
        this.controllerPort = Processes.freePort();
        this.clusterId = existingClusterId(dir.resolve("kraft-logs/meta.properties"))
                .orElseGet(() -> Uuid.randomUuid().toString());
    }

    /** A broker started again over its data keeps its cluster id (Kafka refuses storage formatted for another). */
    private static java.util.Optional<String> existingClusterId(Path meta) {
        if (!Files.isRegularFile(meta)) {
            return java.util.Optional.empty();
        }
        java.util.Properties p = new java.util.Properties();
        try (var in = Files.newInputStream(meta)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return java.util.Optional.ofNullable(p.getProperty("cluster.id"));
    }

    /**
     * Formats storage in {@code dir} (unless formatted by an earlier start, whose data and cluster id it then keeps)
     * and starts the broker; returns once it answers an admin request.
     */
    public static KafkaBroker start(Path dir) {
        return start(dir, false);
    }

    /**
     * As {@link #start(Path)}; with {@code sasl} the broker's only client listener is SASL_PLAINTEXT with the PLAIN
     * mechanism (the broker talks to itself through it too), as a secured cluster would require: a client that does
     * not log in with {@link #connection()}'s settings can't use it.
     */
    public static KafkaBroker start(Path dir, boolean sasl) {
        KafkaBroker broker = new KafkaBroker(dir, sasl);
        broker.writeConfig();
        broker.format();
        broker.launch();
        return broker;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    /** How clients reach this broker: the bootstrap servers and, with SASL, the login settings. */
    public org.hisscube.contracts.KafkaConnection connection() {
        if (saslPassword == null) {
            return org.hisscube.contracts.KafkaConnection.plaintext(bootstrapServers());
        }
        return new org.hisscube.contracts.KafkaConnection(Map.of("bootstrap.servers", bootstrapServers(),
                "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN", "sasl.jaas.config", jaas(false)));
    }

    public boolean sasl() {
        return saslPassword != null;
    }

    private String jaas(boolean server) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + SASL_USER
                + "\" password=\"" + saslPassword + "\"" + (server ? " user_" + SASL_USER + "=\"" + saslPassword
                + "\"" : "") + ";";
    }

    public int port() {
        return brokerPort;
    }

    public Path directory() {
        return dir;
    }

    public Path logFile() {
        return dir.resolve("broker.log");
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the broker cleanly (controlled shutdown flushes the log). */
    public void stop() {
        Processes.stop(process, 60);
        LOG.infof("Kafka broker on port %d stopped", brokerPort);
    }

    /** Starts the broker again on the same ports over the same data. */
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
        String logs = dir.resolve("kraft-logs").toString();
        String listener = saslPassword == null ? "PLAINTEXT" : "SASL_PLAINTEXT";
        String security = saslPassword == null ? "" : String.join("\n",
                "sasl.enabled.mechanisms=PLAIN",
                "sasl.mechanism.inter.broker.protocol=PLAIN",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config=" + jaas(true),
                "");
        String props = security + String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=" + listener + "://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=" + listener + "://127.0.0.1:" + brokerPort,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=" + listener,
                "listener.security.protocol.map=" + listener + ":" + listener + ",CONTROLLER:PLAINTEXT",
                "log.dirs=" + logs,
                "num.partitions=1",
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=4",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "log.segment.bytes=16777216",
                "") ;
        String log4j = String.join("\n",
                "status = warn",
                "appender.file.type = File",
                "appender.file.name = FILE",
                "appender.file.fileName = " + logFile(),
                "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = [%d] %p %m (%c)%n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = FILE",
                "logger.kafka.name = org.apache.kafka",
                "logger.kafka.level = INFO",
                "");
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("server.properties"), props, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("log4j2.properties"), log4j, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> javaCommand(String mainClass, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(Processes.javaExecutable(),
                "-Xms128m", "-Xmx512m", "-XX:+UseG1GC", "-XX:TieredStopAtLevel=1",
                "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"),
                "-cp", Processes.runtimeClasspath("kafka-broker"), mainClass));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private void format() {
        Process p = Processes.start(javaCommand("kafka.tools.StorageTool", "format", "--ignore-formatted",
                "-t", clusterId, "-c", dir.resolve("server.properties").toString()), dir, dir.resolve("format.out"));
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new LocalStackException("formatting Kafka storage in " + dir + " failed:\n"
                        + Processes.tail(dir.resolve("format.out"), 30));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted while formatting Kafka storage", e);
        }
    }

    private void launch() {
        long t0 = System.nanoTime();
        process = Processes.start(javaCommand("kafka.Kafka", dir.resolve("server.properties").toString()), dir,
                dir.resolve("broker.out"));
        awaitReady(Duration.ofSeconds(90));
        LOG.infof("Kafka broker (KRaft) ready at %s after %d ms, pid %d, data %s", bootstrapServers(),
                (System.nanoTime() - t0) / 1_000_000, process.pid(), dir);
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> conf = connection().clientConfig();
        conf.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        conf.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        Exception last = null;
        try (Admin admin = Admin.create(conf)) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new LocalStackException("Kafka broker exited with code " + process.exitValue() + ":\n"
                            + Processes.tail(dir.resolve("broker.out"), 20) + "\n" + Processes.tail(logFile(), 30));
                }
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        // a topic listing proves the broker (not only the controller) serves metadata
                        admin.listTopics().names().get(5, TimeUnit.SECONDS);
                        return;
                    }
                } catch (Exception e) {
                    last = e;
                }
                Processes.sleep(200);
            }
        }
        Processes.stop(process, 5);
        throw new LocalStackException("Kafka broker at " + bootstrapServers() + " not ready within " + timeout
                + " (last error: " + last + "):\n" + Processes.tail(logFile(), 30));
    }
}
