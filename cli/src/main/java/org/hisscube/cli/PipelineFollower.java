package org.hisscube.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
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
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows the pipeline past the cube for {@code ./hisscube up}: targets featurised (the metrics-service's science
 * view), the trainer's epochs per model (its {@code hisscube_trainer_training_*} gauges) and the evaluations, then the
 * results table — test macro-F1 per model kind and zoom, with the real-data photometry line.
 */
final class PipelineFollower {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern EPOCH = Pattern.compile(
            "^hisscube_trainer_training_(epoch|validation_macro_f1)\\{model=\"([^\"]+)\",zoom=\"(\\d+)\"\\} (\\S+)$",
            Pattern.MULTILINE);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final Map<String, Integer> ports;
    private final PrintStream out;

    PipelineFollower(Map<String, Integer> ports, PrintStream out) {
        this.ports = ports;
        this.out = out;
    }

    private JsonNode get(String service, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get(service)
                + path)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? JSON.readTree(r.body()) : JSON.createObjectNode();
    }

    private String text(String service, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get(service) + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Distinct featurised targets at a zoom, per split (train, validation, test) summed over classes. */
    static Map<String, Integer> featurisedAt(JsonNode science, int zoom) {
        Map<String, Integer> bySplit = new TreeMap<>();
        science.path("featurised").path(Integer.toString(zoom)).fields().forEachRemaining(c -> c.getValue().fields()
                .forEachRemaining(s -> bySplit.merge(s.getKey(), s.getValue().asInt(), Integer::sum)));
        return bySplit;
    }

    /** Waits until every built target has features at {@code zoom} (or nothing changes for a minute). */
    Map<String, Integer> followFeatures(int builtTargets, int zoom) throws IOException, InterruptedException {
        out.println();
        out.printf(Locale.ROOT, "Features: the feature-service embeds every built target (zoom %d shown)%n", zoom);
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        long lastChange = System.nanoTime();
        int shown = -1;
        Map<String, Integer> bySplit = Map.of();
        while (System.nanoTime() < deadline && System.nanoTime() - lastChange < Duration.ofSeconds(60).toNanos()) {
            bySplit = featurisedAt(get("metrics-service", "/api/science"), zoom);
            int n = bySplit.values().stream().mapToInt(Integer::intValue).sum();
            if (n != shown) {
                out.printf(Locale.ROOT, "  [%s] %d/%d targets featurised %s%n", UpCommand.bar(Math.min(n, builtTargets),
                        builtTargets), n, builtTargets, bySplit);
                shown = n;
                lastChange = System.nanoTime();
            }
            if (n >= builtTargets) {
                break;
            }
            Thread.sleep(1000);
        }
        return bySplit;
    }

    /**
     * Follows training until every kind has an evaluation at {@code zoom}: the epoch of each model as it trains, then
     * its test macro-F1. Returns the latest evaluation per kind (empty for a kind that did not finish in time).
     */
    Map<String, JsonNode> followTraining(List<String> kinds, int zoom, Duration timeout)
            throws IOException, InterruptedException {
        out.println();
        out.printf(Locale.ROOT, "Training: the trainer-service trains %s at zoom %d on the shards (early stopping on "
                + "the validation split), evaluates on the test split and publishes what is not worse than the live "
                + "version%n", String.join(", ", kinds), zoom);
        Map<String, JsonNode> done = new LinkedHashMap<>();
        Map<String, String> shown = new TreeMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (done.size() < kinds.size() && System.nanoTime() < deadline) {
            // evaluations first, then the gauges: a model's last epoch is set before its evaluation is published, so
            // every model evaluated by now shows its epochs below
            List<JsonNode> evaluations = new ArrayList<>();
            get("metrics-service", "/api/science").path("latest").forEach(evaluations::add);
            Matcher m = EPOCH.matcher(text("trainer-service", "/q/metrics"));
            Map<String, String[]> progress = new TreeMap<>();
            while (m.find()) {
                if (Integer.parseInt(m.group(3)) == zoom) {
                    String[] p = progress.computeIfAbsent(m.group(2), k -> new String[2]);
                    p[m.group(1).equals("epoch") ? 0 : 1] = m.group(4);
                }
            }
            progress.forEach((model, p) -> {
                if (p[0] != null && !p[0].equals("NaN") && !done.containsKey(model)) {
                    String line = String.format(Locale.ROOT, "  training %-17s epoch %3.0f   validation macro-F1 %s",
                            model, Double.parseDouble(p[0]), p[1] == null || p[1].equals("NaN") ? "–"
                                    : String.format(Locale.ROOT, "%.3f", Double.parseDouble(p[1])));
                    if (!line.equals(shown.get(model))) {
                        out.println(line);
                        shown.put(model, line);
                    }
                }
            });
            for (JsonNode e : evaluations) {
                String model = e.path("model").asText();
                if (e.path("zoom").asInt() == zoom && kinds.contains(model) && !done.containsKey(model)) {
                    done.put(model, e);
                    out.printf(Locale.ROOT, "  evaluated %-16s v%d: test macro-F1 %.3f on %d test targets%s%n", model,
                            e.path("version").asInt(), e.path("macroF1").asDouble(), e.path("testTargets").asInt(),
                            e.path("live").asBoolean() ? " (live)" : "");
                }
            }
            if (done.size() < kinds.size()) {
                Thread.sleep(2000);
            }
        }
        return done;
    }

    /**
     * The real-data photometry track's held-out scores: the saved evaluation, or a training run (about 10 s) in a
     * process of its own ({@code ./hisscube train photometry}): XGBoost's native library stays out of up's JVM, which
     * must stay free to stop on Ctrl-C. {@code started} is told of the process so that a stop can end it.
     */
    static Map<String, Object> realPhotometry(Path catalogs, Path folder, PrintStream out,
            java.util.function.Consumer<Process> started) {
        try {
            Path evaluation = folder.resolve("evaluation.json");
            if (!Files.isRegularFile(evaluation)) {
                out.println("  training the real-data photometry model (XGBoost on the bundled catalogs' magnitudes "
                        + "and colours) into " + folder);
                Files.createDirectories(folder);
                Path log = folder.resolve("train.log");
                Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx2g", "-cp", System.getProperty("java.class.path"), HisscubeCommand.class.getName(),
                        "train", "photometry", "--catalogs", catalogs.toString(), "--out", folder.toString())
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
                started.accept(p);
                if (!p.waitFor(10, java.util.concurrent.TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    out.println("  the real-data photometry training did not finish in 10 min; see " + log);
                    return Map.of();
                }
                if (p.exitValue() != 0 || !Files.isRegularFile(evaluation)) {
                    out.println("  the real-data photometry training failed (exit " + p.exitValue() + "); see " + log);
                    return Map.of();
                }
            }
            JsonNode test = JSON.readTree(evaluation.toFile()).path("test");
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("macro_f1", test.path("macro_f1").asDouble());
            m.put("n", test.path("n").asInt());
            Map<String, Double> f1 = new LinkedHashMap<>();
            test.path("per_class").fields().forEachRemaining(c -> f1.put(c.getKey(), c.getValue().path("f1").asDouble()));
            m.put("f1", f1);
            return m;
        } catch (IOException e) {
            out.println("  the real-data photometry model could not be trained or read: " + e.getMessage());
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }

    /** The results table: one row per model kind at the zoom, and the real-data photometry line. */
    static void results(Map<String, JsonNode> evaluated, int zoom, Map<String, Object> real, PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "Results (test split; zoom %d; live = the version the feature-service embeds with)%n",
                zoom);
        out.println("  model              version  live  macro-F1  F1 GALAXY  F1 QSO  F1 STAR  train/test targets");
        List<String> order = new ArrayList<>(evaluated.keySet());
        order.sort(null);
        for (String model : order) {
            JsonNode e = evaluated.get(model);
            JsonNode f1 = e.path("classF1");
            out.printf(Locale.ROOT, "  %-17s  %7d  %-4s  %8s  %9s  %6s  %7s  %d/%d%n", model, e.path("version").asInt(),
                    e.path("live").asBoolean() ? "yes" : "no", f3(e.path("macroF1")), f3(f1.path("GALAXY")),
                    f3(f1.path("QSO")), f3(f1.path("STAR")), e.path("trainTargets").asInt(),
                    e.path("testTargets").asInt());
        }
        if (!real.isEmpty()) {
            @SuppressWarnings("unchecked")
            Map<String, Double> f1 = (Map<String, Double>) real.get("f1");
            out.printf(Locale.ROOT, "  %-17s  %7s  %-4s  %8.3f  %9.3f  %6.3f  %7.3f  real catalogs, %d held-out "
                    + "real objects%n", "real photometry", "–", "–", (Double) real.get("macro_f1"),
                    f1.getOrDefault("GALAXY", Double.NaN), f1.getOrDefault("QSO", Double.NaN),
                    f1.getOrDefault("STAR", Double.NaN), (Integer) real.get("n"));
        }
    }

    private static String f3(JsonNode v) {
        return v.isNumber() ? String.format(Locale.ROOT, "%.3f", v.asDouble()) : "–";
    }
}
