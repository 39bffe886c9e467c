package org.hisscube.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hisscube.localstack.LocalStack;

/**
 * The five services as child processes of this JVM against a {@link LocalStack}: started with the stack's
 * configuration in their environment (plus any overrides), one log file each, health awaited, stopped together.
 */
final class LocalServices implements AutoCloseable {
    static final String[] SERVICES = {"fetcher-service", "cube-service", "feature-service", "trainer-service",
        "metrics-service"};

    private final Map<String, Integer> ports;
    private final List<Process> processes;
    private final Path logs;

    private LocalServices(Map<String, Integer> ports, List<Process> processes, Path logs) {
        this.ports = ports;
        this.processes = processes;
        this.logs = logs;
    }

    /**
     * @param env    extra environment per service ({@code "*"} for all), e.g. the trainer's loop settings
     * @param heap   -Xmx per service; services not named get 512m
     */
    static LocalServices start(LocalStack stack, int basePort, Path logs, Map<String, Map<String, String>> env,
            Map<String, String> heap) throws IOException {
        Map<String, Integer> ports = new LinkedHashMap<>();
        List<Process> processes = new ArrayList<>();
        LocalServices started = new LocalServices(ports, processes, logs);
        try {
            for (int i = 0; i < SERVICES.length; i++) {
                String s = SERVICES[i];
                if (!Files.isRegularFile(RepoLayout.serviceJar(s))) {
                    throw new IllegalStateException(RepoLayout.serviceJar(s) + " is missing: run mvn -DskipTests "
                            + "install");
                }
                ports.put(s, basePort + i);
                Map<String, String> extra = new LinkedHashMap<>(env.getOrDefault("*", Map.of()));
                extra.putAll(env.getOrDefault(s, Map.of()));
                processes.add(startService(s, basePort + i, stack, logs, extra, heap.getOrDefault(s, "512m")));
            }
        } catch (IOException | RuntimeException e) {
            started.close(); // the ones already running go down with the failure
            throw e;
        }
        return started;
    }

    int port(String service) {
        return ports.get(service);
    }

    Map<String, Integer> ports() {
        return ports;
    }

    Path log(String service) {
        return logs.resolve(service + ".log");
    }

    /** Waits until every service answers 200 on /q/health; returns each one's state (UP or DOWN). */
    Map<String, String> awaitHealthy(Duration timeout, java.util.function.Consumer<String> progress)
            throws InterruptedException {
        return awaitHealthy(ports, timeout, progress);
    }

    static Map<String, String> awaitHealthy(Map<String, Integer> ports, Duration timeout,
            java.util.function.Consumer<String> progress) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Map<String, String> state = new LinkedHashMap<>();
        ports.keySet().forEach(s -> state.put(s, "DOWN"));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && state.containsValue("DOWN")) {
            for (var e : ports.entrySet()) {
                if ("UP".equals(state.get(e.getKey()))) {
                    continue;
                }
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + e.getValue() + "/q/health")).timeout(Duration.ofSeconds(5))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        state.put(e.getKey(), "UP");
                        progress.accept(String.format(Locale.ROOT, "%s healthy on port %d", e.getKey(),
                                e.getValue()));
                    }
                } catch (IOException notYet) {
                    // still starting
                }
            }
            Thread.sleep(500);
        }
        return state;
    }

    @Override
    public void close() {
        processes.forEach(Process::destroy);
        for (Process p : processes) {
            try {
                if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly(); // a service that ignores SIGTERM for 30 s
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }

    static Process startService(String service, int port, LocalStack stack, Path logs, Map<String, String> extra,
            String heap) throws IOException {
        Files.createDirectories(logs);
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-XX:TieredStopAtLevel=1", "-jar", RepoLayout.serviceJar(service).toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(service + ".log").toFile()));
        Map<String, String> env = pb.environment();
        env.putAll(LocalStack.asEnvironment(stack.serviceConfig()));
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false"); // plain lines in the local log files (JSON on clusters)
        env.put("HISSCUBE_CUBE_STATE_DIR", stack.directory().resolve("cube-streams").toString());
        env.putAll(extra);
        return pb.start();
    }
}
