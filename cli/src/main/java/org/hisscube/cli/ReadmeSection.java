package org.hisscube.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * The README's results of an experiment, regenerated from a report: between {@code <!-- experiment:NAME:begin -->}
 * and {@code <!-- experiment:NAME:end -->}, the summary table, the paired comparisons, the clustering scores, the
 * knees, the stage timings and the real-data line, with the key plots copied to {@code docs/experiments/NAME/}.
 */
final class ReadmeSection {
    static final List<String> KEY_PLOTS = List.of("macro-f1-by-zoom.png", "f1-vs-train-time.png",
            "stages-by-size.png", "fstar-cutouts.png", "fstar-spectra.png");

    private ReadmeSection() {
    }

    static void rewrite(Path readme, String name, Path folder, JsonNode n) throws IOException {
        String text = Files.readString(readme);
        String begin = "<!-- experiment:" + name + ":begin -->";
        String end = "<!-- experiment:" + name + ":end -->";
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b < 0 || e < b) {
            throw new IllegalArgumentException(readme + " has no section " + begin + " … " + end + ": add the two "
                    + "markers where the results should go");
        }
        Path docs = readme.toAbsolutePath().getParent().resolve("docs/experiments").resolve(name);
        Files.createDirectories(docs);
        List<String> maps = new java.util.ArrayList<>();
        for (JsonNode m : n.path("maps")) {
            maps.add(m.path("file").asText());
        }
        for (String p : concat(KEY_PLOTS, maps)) {
            if (Files.isRegularFile(folder.resolve(p))) {
                Files.copy(folder.resolve(p), docs.resolve(p), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.writeString(readme, text.substring(0, b + begin.length()) + "\n" + markdown(name, n, maps, docs)
                + text.substring(e));
    }

    /** The runs of every size so far, the fitted growth per stage and the instances an ingest rate needs. */
    private static void scalability(StringBuilder m, JsonNode sc) {
        List<String> stages = List.of("simulate", "fetch", "cube", "features", "training", "evaluation");
        if (sc.path("runs").size() > 1) {
            m.append("\nEvery finished run of this experiment next to this one (wall seconds per stage):\n\n"
                    + "| run | objects | targets | ").append(String.join(" | ", stages)).append(" |\n|---|---|---|")
                    .append("---|".repeat(stages.size())).append('\n');
            for (JsonNode r : sc.path("runs")) {
                m.append(String.format(Locale.ROOT, "| %s | %d | %d |", r.path("run_id").asText(),
                        r.path("objects").asInt(), r.path("targets").asLong()));
                for (String st : stages) {
                    JsonNode v = r.path("stages").path(st);
                    m.append(v.isNumber() ? String.format(Locale.ROOT, " %.1f |", v.asDouble()) : " – |");
                }
                m.append('\n');
            }
        }
        if (!sc.path("fits").isEmpty()) {
            m.append("\nGrowth per stage, seconds = a · N^b over the sizes run, and what it projects:\n\n"
                    + "| stage | a | b | R² | sizes | projected s at 10,000 | projected s at 100,000 |\n"
                    + "|---|---|---|---|---|---|---|\n");
            for (JsonNode f : sc.path("fits")) {
                double a = f.path("a").asDouble();
                double b = f.path("b").asDouble();
                m.append(String.format(Locale.ROOT, "| %s | %.3g | %.2f | %s | %d | %.0f | %.0f |%n",
                        f.path("stage").asText(), a, b, f.path("r2").isNumber() ? String.format(Locale.ROOT, "%.3f",
                                f.path("r2").asDouble()) : "–", f.path("points").asInt(), a * Math.pow(1e4, b),
                        a * Math.pow(1e5, b)));
            }
        }
        if (!sc.path("projection").isEmpty()) {
            m.append("\nOne instance of each streaming stage, as measured in this run, and the instances (so the least "
                    + "partitions) an ingest rate needs:\n\n| stage | objects/s per instance | for 1/s | for 10/s | "
                    + "for 100/s |\n|---|---|---|---|---|\n");
            for (JsonNode p : sc.path("projection")) {
                m.append(String.format(Locale.ROOT, "| %s | %.2f | %d | %d | %d |%n", p.path("stage").asText(),
                        p.path("per_instance_objects_per_s").asDouble(), p.path("instances_for_1_per_s").asInt(),
                        p.path("instances_for_10_per_s").asInt(), p.path("instances_for_100_per_s").asInt()));
            }
        }
        m.append('\n').append(sc.path("statement").asText()).append("\n\n");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> l = new java.util.ArrayList<>(a);
        l.addAll(b);
        return l;
    }

    static String markdown(String name, JsonNode n, List<String> maps, Path docs) {
        StringBuilder m = new StringBuilder();
        JsonNode exp = n.path("experiment");
        m.append(String.format(Locale.ROOT, "Run `%s` of %s (code %s), %d simulated objects + the real field, "
                + "machine: %s. Command:%n%n```%n%s%n```%n%n", exp.path("run_id").asText(), exp.path("started")
                .asText(), exp.path("code_version").asText(), exp.path("objects").asInt(), ExperimentCommandFormat
                .machine(exp.path("machine")), exp.path("command").asText()));
        m.append("| kind | zoom | seeds | macro-F1 (mean ± sd) | F1 GALAXY | F1 QSO | F1 STAR | train s | inference s |\n"
                + "|---|---|---|---|---|---|---|---|---|\n");
        for (JsonNode s : n.path("summary")) {
            m.append(String.format(Locale.ROOT, "| %s | %d | %d | %.3f ± %.3f | %.3f | %.3f | %.3f | %.1f | %.3f |%n",
                    s.path("kind").asText(), s.path("zoom").asInt(), s.path("seeds").asInt(),
                    s.path("macro_f1_mean").asDouble(), s.path("macro_f1_sd").asDouble(),
                    s.path("per_class_f1_mean").path("GALAXY").asDouble(),
                    s.path("per_class_f1_mean").path("QSO").asDouble(),
                    s.path("per_class_f1_mean").path("STAR").asDouble(), s.path("train_seconds_mean").asDouble(),
                    s.path("inference_seconds_mean").asDouble()));
        }
        for (JsonNode p : n.path("real_data").path("photometry")) {
            m.append(String.format(Locale.ROOT, "| real catalogs: %s | – | 1 | %.3f | %.3f | %.3f | %.3f | %.1f | – |%n",
                    p.path("model").asText(), p.path("macro_f1").asDouble(),
                    p.path("per_class_f1").path("GALAXY").asDouble(), p.path("per_class_f1").path("QSO").asDouble(),
                    p.path("per_class_f1").path("STAR").asDouble(), p.path("train_seconds").asDouble()));
        }
        m.append("\nPaired comparisons (a − b on the same seeds and test targets; a difference counts when the "
                + "bootstrap interval, and with ≥ 2 seeds the t interval, excludes 0):\n\n"
                + "| zoom | a − b | mean | t 95 % | bootstrap 95 % | verdict |\n|---|---|---|---|---|---|\n");
        for (JsonNode p : n.path("comparisons")) {
            m.append(String.format(Locale.ROOT, "| %d | %s − %s | %+.3f | %s | [%+.3f, %+.3f] | %s |%n",
                    p.path("zoom").asInt(), p.path("a").asText(), p.path("b").asText(), p.path("mean_diff").asDouble(),
                    p.path("ci_low").isNumber() ? String.format(Locale.ROOT, "[%+.3f, %+.3f]",
                            p.path("ci_low").asDouble(), p.path("ci_high").asDouble()) : "–",
                    p.path("boot_low").asDouble(), p.path("boot_high").asDouble(), p.path("verdict").asText()));
        }
        m.append("\nClustering of each embedding (first seed) against the classes:\n\n"
                + "| kind | zoom | points | k-means ARI | k-means NMI | DBSCAN ARI | DBSCAN NMI | DBSCAN clusters |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        for (JsonNode c : n.path("clustering")) {
            m.append(String.format(Locale.ROOT, "| %s | %d | %d | %.3f | %.3f | %.3f | %.3f | %d |%n",
                    c.path("kind").asText(), c.path("zoom").asInt(), c.path("points").asInt(),
                    c.path("kmeans_ari").asDouble(), c.path("kmeans_nmi").asDouble(), c.path("dbscan_ari").asDouble(),
                    c.path("dbscan_nmi").asDouble(), c.path("dbscan_clusters").asInt()));
        }
        m.append("\nPrecision against time:\n\n");
        for (JsonNode k : n.path("precision_vs_time").path("knees")) {
            m.append("- ").append(k.path("statement").asText()).append('\n');
        }
        m.append("\nStages of the run (wall seconds, from each stage's first item to its last):\n\n"
                + "| stage | seconds | items | per second |\n|---|---|---|---|\n");
        n.path("stages").fields().forEachRemaining(e -> m.append(String.format(Locale.ROOT, "| %s | %.1f | %d %s | %.2f |%n",
                e.getKey(), e.getValue().path("seconds").asDouble(), e.getValue().path("items").asLong(),
                e.getValue().path("unit").asText(), e.getValue().path("per_second").asDouble())));
        scalability(m, n.path("scalability"));
        String rel = "docs/experiments/" + docs.getFileName() + "/";
        for (String p : concat(KEY_PLOTS, maps)) {
            if (Files.isRegularFile(docs.resolve(p))) {
                m.append("![").append(p).append("](").append(rel).append(p).append(")\n");
            }
        }
        return m.append('\n').toString();
    }
}
