package org.hisscube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main command, as a user runs it: {@code ./hisscube up} in its own process brings up the local stack,
 * the five services and a real Prometheus, fetches the demo catalog and a simulated survey end to end, and runs until
 * Ctrl-C. While it runs: Prometheus scrapes every service, their ingestion series are non-zero, every metric a
 * dashboard or an alert rule queries is exported, every exported metric is in the README's table, a dead letter fires
 * its alert in Prometheus, and the dashboard page renders in headless Chromium. SIGINT then leaves no child process.
 */
class UpCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int BASE = 18081;
    private static final int PROMETHEUS = 19090;

    /** A running {@code ./hisscube up} and what it printed so far. */
    record Up(Process process, StringBuffer out) {
        static Up start(Path dir) throws Exception {
            String java = ProcessHandle.current().info().command().orElse("java");
            Process p = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                    "org.hisscube.cli.HisscubeCommand", "up", "--dir", dir.toString(), "--base-port",
                    Integer.toString(BASE), "--simulate", "8", "--seed", "4", "--min-train-targets", "3",
                    "--prometheus-port", Integer.toString(PROMETHEUS), "--scrape-interval", "1s", "--kafka-sasl")
                    .redirectErrorStream(true).start();
            StringBuffer out = new StringBuffer();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null;) {
                        out.append(line).append('\n');
                        System.out.println("up> " + line);
                    }
                } catch (java.io.IOException e) {
                    out.append("(reading failed: ").append(e).append(")\n");
                }
            }, "up-output");
            reader.setDaemon(true);
            reader.start();
            long deadline = System.nanoTime() + Duration.ofMinutes(12).toNanos();
            while (!out.toString().contains("Press Ctrl-C") && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            assertThat(out.toString()).as(out.toString()).contains("Press Ctrl-C");
            return new Up(p, out);
        }

        /** Sends the signal and checks that up and every process it started are gone. */
        void stop(String signal) throws Exception {
            List<ProcessHandle> children = process.descendants().toList();
            assertThat(children).as("kafka, s3, prometheus and five services").hasSizeGreaterThanOrEqualTo(8);
            assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor())
                    .isZero();
            assertThat(process.waitFor(150, TimeUnit.SECONDS)).as("up ends after SIG" + signal).isTrue();
            long gone = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (children.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < gone) {
                Thread.sleep(250);
            }
            assertThat(children.stream().filter(ProcessHandle::isAlive).map(c -> c.pid() + " "
                    + c.info().commandLine().orElse("?")).toList()).as("children alive after SIG" + signal).isEmpty();
        }

        void kill() {
            if (process.isAlive()) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }

    @Test
    void upRunsTheWholeSystemUnderPrometheusStopsEveryChildOnSigintAndResumes(@TempDir Path dir) throws Exception {
        Up up = Up.start(dir);
        try {
            demoWentThroughThePipeline(up.out().toString());
            prometheusScrapesEveryServiceAndSeesIngestion();
            Map<String, MonitoringFiles.Exposition> live = new TreeMap<>();
            for (int i = 0; i < LocalServices.SERVICES.length; i++) {
                live.put(LocalServices.SERVICES[i], MonitoringFiles.parse(get("http://127.0.0.1:" + (BASE + i)
                        + "/q/metrics")));
            }
            everyQueriedMetricIsExportedAndEveryExportedOneDocumented(live);
            aDeadLetterFiresItsAlert(up.out().toString(), dir);
            theDashboardPageRendersTheLiveCounters();
            theReportPageRenders(dir.resolve("report/index.html"));

            // status and inspect read the running services
            CliRun status = CliRun.of("status", "--dir", dir.toString());
            assertThat(status.exitCode()).as(status.out() + status.err()).isZero();
            assertThat(status.out()).containsPattern("raw/frames\\s+10\\n").containsPattern("raw/spectra\\s+12\\n")
                    .containsPattern("cube/targets\\s+\\d+").containsPattern("targets by status\\s+\\{[^}]*\"built\":9")
                    .containsPattern("zoom \\d:.*STAR").containsPattern("fused\\s+2\\s+1\\s+\\d\\.\\d{3}")
                    .containsPattern("cube-service\\s+sdss.raw-files\\s+\\d+")
                    .contains("Prometheus: http://127.0.0.1:" + PROMETHEUS);
            Path picture = Path.of("target/fstar-target.png").toAbsolutePath();
            CliRun inspect = CliRun.of("inspect", "target", "4657128951", "--dir", dir.toString(), "--png",
                    picture.toString());
            assertThat(inspect.exitCode()).as(inspect.out() + inspect.err()).isZero();
            assertThat(inspect.out()).contains("\"target_id\" : 4657128951").contains("spec-3126-54804-0211.fits");
            assertThat(Files.size(picture)).isGreaterThan(20_000);
            assertThat(CliRun.of("inspect", "target", "42", "--dir", dir.toString()).exitCode()).isEqualTo(1);
            up.stop("INT");
        } finally {
            up.kill();
        }

        // a second start over the same folder resumes: nothing is imported or fetched again, the cube and the
        // science view are what they were
        Up again = Up.start(dir);
        try {
            String out = again.out().toString();
            assertThat(out).contains("Resuming from " + dir)
                    .contains("fstar-field.csv (the F star's 3 spectra and an edge galaxy in field 2820-3-0122) was "
                            + "imported by an earlier run (9 files requested); not imported again")
                    .contains("simulated-catalog.csv (the simulated survey, 8 objects) was imported by an earlier run "
                            + "(13 files requested)")
                    .contains("the simulated survey of 8 objects (seed 4) is already in the mirror")
                    .doesNotContain("simulating 8 objects").doesNotContain("files stored")
                    .contains("22/22 files calibrated into cube segments")
                    .containsPattern("targets by status \\{[^}]*\"built\":9").contains("Demo done");
            String fetcher = get("http://127.0.0.1:" + BASE + "/q/metrics");
            assertThat(fetcher).contains("hisscube_fetcher_requests_total 0.0")
                    .contains("hisscube_fetcher_files_total{outcome=\"fetched\"} 0.0")
                    .contains("hisscube_fetcher_object_store_requests_total{operation=\"put\",outcome=\"ok\"} 0.0")
                    .contains("hisscube_fetcher_object_store_bytes_total{direction=\"written\"} 0.0");
            // the metrics-service rebuilt its science view from the topics: the targets featurised before the restart
            await("featurised targets replayed", () -> JSON.readTree(get("http://127.0.0.1:" + (BASE + 4)
                    + "/api/science")), s -> !s.path("featurised").isEmpty());
            // it keeps ingesting what arrives: a catalog dropped into the inbox is imported by the fetcher's folder
            // watch; its files are in the store already, so they are verified and skipped, not fetched again
            Files.copy(RepoLayout.root().resolve("data/demo/fstar-field.csv"), dir.resolve("inbox/again.csv"));
            await("the dropped catalog's 9 files found already stored", () -> get("http://127.0.0.1:" + BASE
                    + "/q/metrics"), m -> m.contains("hisscube_fetcher_files_total{outcome=\"already_stored\"} 9.0"));
            again.stop("TERM");
        } finally {
            again.kill();
        }
    }

    private static void demoWentThroughThePipeline(String out) {
        for (String service : UpCommand.SERVICES) {
            assertThat(out).containsPattern(service + "\\s+\\d+\\s+UP");
        }
        assertThat(out).contains("files in DR17 layout").contains("All services healthy")
                .contains("prometheus http://127.0.0.1:" + PROMETHEUS + " scrapes the 5 services")
                .contains("dashboard page   http://127.0.0.1:" + (BASE + 4) + "/")
                .contains("5 frames + 4 spectra requested").contains("9/9 files stored")
                .contains("raw/eboss/photoObj/frames/301/2820/3/frame-r-002820-3-0122.fits.bz2")
                .contains("raw/sdss/spectro/redux/104/spectra/lite/3126/spec-3126-54804-0211.fits")
                .contains("9/9 files calibrated into cube segments")
                .containsPattern("4657128951\\s+STAR\\s+\\d+\\s+ugriz\\s+5\\s+3\\s+cube/targets/4657128951/v\\d+\\.h5")
                .containsPattern("refused: u: EDGE at frame-u-002820-3-0122")
                .contains("Demo done")
                .contains("simulating 8 objects").contains("5 frames + 8 spectra served")
                .contains("5 frames + 8 spectra requested").contains("22/22 files stored")
                .contains("raw/eboss/photoObj/frames/301/100000/1/frame-r-100000-1-0011.fits.bz2")
                .contains("22/22 files calibrated into cube segments")
                .containsPattern("targets by status \\{[^}]*\"built\":9")
                // past the cube: features, training per model, the results table with the real-data line
                .contains("9/9 targets featurised")
                .contains("Results (test split; zoom 2")
                .containsPattern("report page\\s+file:/\\S+/report/index.html")
                .containsPattern("real photometry\\s+–\\s+–\\s+0\\.\\d{3}");
        for (String kind : UpCommand.KINDS) {
            assertThat(out).containsPattern("training " + kind + "\\s+epoch\\s+\\d+")
                    .containsPattern("evaluated " + kind + "\\s+v1: test macro-F1 \\d\\.\\d{3}")
                    .containsPattern("\\n  " + kind + "\\s+1\\s+yes\\s+\\d\\.\\d{3}");
        }
    }

    private static void prometheusScrapesEveryServiceAndSeesIngestion() throws Exception {
        JsonNode targets = await("every service scraped and up", () -> JSON.readTree(get(prom("/api/v1/targets"))),
                t -> {
                    Set<String> up = new TreeSet<>();
                    t.at("/data/activeTargets").forEach(a -> {
                        if (a.path("health").asText().equals("up")) {
                            up.add(a.at("/labels/job").asText());
                        }
                    });
                    return up.containsAll(List.of(UpCommand.SERVICES));
                });
        assertThat(targets.at("/data/activeTargets")).hasSize(5);
        // each service's own ingestion series, as Prometheus stored them
        for (String q : List.of("sum(hisscube_fetcher_files_total)", "sum(hisscube_fetcher_bytes_total)",
                "sum(hisscube_cube_files_ingested_total)", "sum(hisscube_cube_targets_total)",
                "sum(hisscube_feature_targets_featurised_total)", "sum(hisscube_trainer_rounds)",
                "sum(hisscube_metrics_events_total)",
                "sum(hisscube_fetcher_object_store_bytes_total{direction=\"written\"})",
                "sum(hisscube_cube_object_store_bytes_total{direction=\"read\"})",
                "sum(hisscube_cube_object_store_bytes_total{direction=\"written\"})")) {
            await(q + " > 0", () -> value(q), v -> v > 0);
        }
        await("consumer lag of the cube-service's group is read", () -> value(
                "count(hisscube_metrics_consumer_lag_records{group=\"cube-service\"})"), v -> v > 0);
    }

    private static void everyQueriedMetricIsExportedAndEveryExportedOneDocumented(
            Map<String, MonitoringFiles.Exposition> live) throws Exception {
        Set<String> samples = new TreeSet<>();
        Map<String, MonitoringFiles.Family> families = new TreeMap<>();
        live.values().forEach(e -> {
            samples.addAll(e.sampleNames());
            families.putAll(e.families());
        });
        Map<String, MonitoringFiles.Row> table = MonitoringFiles.readmeTable();
        Path generated = Path.of("target/metrics-table.md");
        Files.writeString(generated, MonitoringFiles.tableRows(families, table));
        List<String> problems = new ArrayList<>();
        families.values().forEach(f -> {
            MonitoringFiles.Row r = table.get(f.name());
            if (r == null) {
                problems.add(f.name() + " is exported but not in the README table");
            } else if (!r.type().equals(f.type()) || !r.tags().equals(f.tags())) {
                problems.add(f.name() + ": README says " + r.type() + " " + r.tags() + ", exported " + f.type() + " "
                        + f.tags());
            }
        });
        table.values().stream()
                .filter(r -> !families.containsKey(r.name()) && !r.meaning().contains("appears with the first"))
                .forEach(r -> problems.add(r.name() + " is in the README but not exported, and its meaning does not "
                        + "say with what it appears (\"appears with the first …\")"));
        List<String> exprs = new ArrayList<>(MonitoringFiles.ruleExpressions());
        exprs.addAll(MonitoringFiles.dashboardExpressions());
        for (String expr : exprs) {
            for (String name : MonitoringFiles.metricNames(expr)) {
                if (name.equals("up")) {
                    continue; // Prometheus's own, per target
                }
                String family = name.replaceAll("_(bucket|sum|count)$", "");
                MonitoringFiles.Row r = table.getOrDefault(name, table.get(family));
                boolean lazy = r != null && r.meaning().contains("appears with the first");
                if (!samples.contains(name) && !lazy) {
                    problems.add(name + " is queried (" + expr + ") but no service exports it");
                }
            }
            for (String pattern : MonitoringFiles.namePatterns(expr)) {
                if (samples.stream().noneMatch(s -> s.matches(pattern))) {
                    problems.add("no exported metric matches " + pattern);
                }
            }
        }
        assertThat(problems).as("see %s for the table as exported", generated.toAbsolutePath()).isEmpty();
    }

    private static void aDeadLetterFiresItsAlert(String out, Path dir) throws Exception {
        Matcher m = Pattern.compile("kafka (\\S+) \\(SASL/PLAIN").matcher(out);
        assertThat(m.find()).as("the broker runs with a SASL listener only").isTrue();
        Properties p = new Properties();
        p.put("bootstrap.servers", m.group(1));
        // without the login the secured broker refuses the client (every service got it from the environment)
        p.put("max.block.ms", "4000");
        try (var refused = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> refused.send(new ProducerRecord<>(
                    "experiments.summaries", "k", new byte[0])).get(10, TimeUnit.SECONDS))
                    .isInstanceOfAny(java.util.concurrent.ExecutionException.class,
                            org.apache.kafka.common.errors.TimeoutException.class);
        }
        try (var in = Files.newInputStream(dir.resolve(UpCommand.KAFKA_CLIENT_FILE))) {
            p.load(in);
        }
        assertThat(p.getProperty("security.protocol")).isEqualTo("SASL_PLAINTEXT");
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            // experiments.summaries is dead-lettered by the metrics-service, its only reader
            producer.send(new ProducerRecord<>("experiments.summaries", "not-an-experiment",
                    "{\"this is\": \"not an ExperimentCompleted\"".getBytes(StandardCharsets.UTF_8))).get();
        }
        JsonNode alerts = await("HisscubeDeadLetters firing for experiments.summaries",
                () -> JSON.readTree(get(prom("/api/v1/alerts"))), a -> {
                    for (JsonNode alert : a.at("/data/alerts")) {
                        if (alert.at("/labels/alertname").asText().equals("HisscubeDeadLetters")
                                && alert.at("/labels/topic").asText().equals("experiments.summaries")
                                && alert.path("state").asText().equals("firing")) {
                            return true;
                        }
                    }
                    return false;
                });
        // nothing else is wrong on a healthy demo
        for (JsonNode alert : alerts.at("/data/alerts")) {
            assertThat(alert.at("/labels/alertname").asText()).as(alert.toString()).isEqualTo("HisscubeDeadLetters");
        }
    }

    private static void theDashboardPageRendersTheLiveCounters() throws Exception {
        String url = "http://127.0.0.1:" + (BASE + 4) + "/";
        Path profile = Files.createTempDirectory("chromium-dashboard");
        Path shot = Path.of("target/dashboard.png").toAbsolutePath();
        HeadlessChromium.Render r = HeadlessChromium.render(url, shot, profile.resolve("shot"), 6000);
        assertThat(r.consoleErrors()).as(r.log()).isEmpty();
        assertThat(Files.size(shot)).isGreaterThan(10_000);
        String dom = HeadlessChromium.dom(url, profile.resolve("dom"), 6000);
        assertThat(dom).contains("<td>sdss.raw-files</td>").contains("<td>cube-service</td>")
                .contains("<td>experiments.summaries</td>").doesNotContain("refreshed\">never");
    }

    private static void theReportPageRenders(Path page) throws Exception {
        assertThat(Files.readString(page)).contains("<td>fused</td>").contains("<td>real photometry</td>")
                .contains("f1-per-class.png").contains("fstar.png");
        Path profile = Files.createTempDirectory("chromium-report");
        Path shot = Path.of("target/up-report-page.png").toAbsolutePath();
        HeadlessChromium.Render r = HeadlessChromium.render(page, shot, profile);
        assertThat(r.consoleErrors()).as(r.log()).isEmpty();
        assertThat(Files.size(shot)).isGreaterThan(10_000);
        assertThat(Files.size(page.resolveSibling("f1-per-class.png"))).isGreaterThan(5_000);
        assertThat(Files.size(page.resolveSibling("fstar.png"))).isGreaterThan(20_000);
    }

    private static String prom(String path) {
        return "http://127.0.0.1:" + PROMETHEUS + path;
    }

    private static double value(String query) throws Exception {
        JsonNode r = JSON.readTree(get(prom("/api/v1/query?query=" + URLEncoder.encode(query,
                StandardCharsets.UTF_8))));
        JsonNode result = r.at("/data/result");
        return result.isEmpty() ? 0 : Double.parseDouble(result.get(0).at("/value/1").asText());
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url + " " + r.body()).isEqualTo(200);
        return r.body();
    }

    interface Read<T> {
        T read() throws Exception;
    }

    private static <T> T await(String what, Read<T> read, Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        T last = null;
        while (System.nanoTime() < deadline) {
            last = read.read();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("not in 90 s: " + what + "; last seen " + last);
    }
}
