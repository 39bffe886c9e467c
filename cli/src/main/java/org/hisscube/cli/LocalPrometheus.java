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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A real Prometheus (Debian's {@code prometheus} package) scraping the local services: the project's alert rules
 * ({@code monitoring/prometheus/alerts.yml}) and one job per service named as in
 * {@code monitoring/prometheus/prometheus.yml}, with the local ports. Its data lives in the working folder.
 */
final class LocalPrometheus implements AutoCloseable {
    private final Process process;
    private final String url;

    private LocalPrometheus(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    String url() {
        return url;
    }

    Process process() {
        return process;
    }

    /** The prometheus binary on the PATH, if any. */
    static Optional<Path> binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir, "prometheus");
            if (!dir.isEmpty() && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The configuration a local Prometheus runs with: every service's /q/metrics on 127.0.0.1. */
    static String config(Map<String, Integer> ports, Path rules, Duration interval) {
        StringBuilder b = new StringBuilder();
        String every = interval.toSeconds() + "s";
        b.append("# written by ./hisscube up: the local services on 127.0.0.1 (monitoring/prometheus/prometheus.yml is\n"
                + "# the same for services reachable by name)\n");
        b.append("global:\n  scrape_interval: ").append(every).append("\n  evaluation_interval: ").append(every)
                .append("\n\nrule_files:\n  - ").append(rules.toAbsolutePath()).append("\n\nscrape_configs:\n");
        ports.forEach((service, port) -> b.append(String.format(Locale.ROOT, "  - job_name: %s%n"
                + "    metrics_path: /q/metrics%n    static_configs:%n      - targets: [\"127.0.0.1:%d\"]%n", service,
                port)));
        return b.toString();
    }

    static LocalPrometheus start(Path binary, Path dir, Map<String, Integer> ports, Path alertRules, int port,
            Duration interval) throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("data"));
        Path rules = Files.copy(alertRules, dir.resolve("alerts.yml"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path config = Files.writeString(dir.resolve("prometheus.yml"), config(ports, rules, interval));
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--storage.tsdb.retention.time=15d", "--web.enable-lifecycle"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        String url = "http://127.0.0.1:" + port;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("prometheus exited with " + p.exitValue() + "; see "
                        + dir.resolve("prometheus.log"));
            }
            try {
                var r = http.send(HttpRequest.newBuilder(URI.create(url + "/-/ready")).timeout(Duration.ofSeconds(2))
                        .build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return new LocalPrometheus(p, url);
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        p.destroyForcibly();
        throw new IllegalStateException("prometheus was not ready in 60 s; see " + dir.resolve("prometheus.log"));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
