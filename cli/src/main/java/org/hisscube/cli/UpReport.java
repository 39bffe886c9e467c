package org.hisscube.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hisscube.experiments.ReportPlots;

/**
 * The report page of a {@code ./hisscube up} run: {@code report/index.html} in its working folder with the results
 * table, the F1 per class of every model as a bar chart, a picture of the real F star's target as the services built
 * it, and {@code results.json} with the same figures. Static (no script, nothing fetched from elsewhere).
 */
final class UpReport {
    private UpReport() {
    }

    static Path write(Path folder, Map<String, JsonNode> evaluated, int zoom, Map<String, Object> real,
            Path targetPicture, Map<String, String> links) throws IOException {
        Files.createDirectories(folder);
        List<String> models = new ArrayList<>(evaluated.keySet());
        models.sort(null);
        List<String> categories = new ArrayList<>(models);
        Map<String, List<Double>> series = new LinkedHashMap<>();
        for (String cls : List.of("GALAXY", "QSO", "STAR")) {
            List<Double> v = new ArrayList<>();
            for (String m : models) {
                v.add(evaluated.get(m).path("classF1").path(cls).asDouble(0));
            }
            series.put("F1 " + cls, v);
        }
        List<Double> macro = new ArrayList<>();
        models.forEach(m -> macro.add(evaluated.get(m).path("macroF1").asDouble(0)));
        series.put("macro-F1", macro);
        if (!real.isEmpty()) {
            categories.add("real photometry");
            @SuppressWarnings("unchecked")
            Map<String, Double> f1 = (Map<String, Double>) real.get("f1");
            series.get("F1 GALAXY").add(f1.getOrDefault("GALAXY", 0.0));
            series.get("F1 QSO").add(f1.getOrDefault("QSO", 0.0));
            series.get("F1 STAR").add(f1.getOrDefault("STAR", 0.0));
            series.get("macro-F1").add((Double) real.get("macro_f1"));
        }
        boolean chart = !categories.isEmpty();
        if (chart) {
            ReportPlots.bars("Test F1 per class, zoom " + zoom + " (real photometry: held-out real objects)", "model",
                    "F1", categories, series, false, folder.resolve("f1-per-class.png"));
        }
        StringBuilder rows = new StringBuilder();
        for (String m : models) {
            JsonNode e = evaluated.get(m);
            rows.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%d</td><td>%s</td><td>%s</td><td>%s</td>"
                    + "<td>%s</td><td>%s</td><td>%d / %d</td></tr>%n", esc(m), e.path("version").asInt(),
                    e.path("live").asBoolean() ? "yes" : "no", f3(e.path("macroF1").asDouble()),
                    f3(e.path("classF1").path("GALAXY").asDouble(Double.NaN)),
                    f3(e.path("classF1").path("QSO").asDouble(Double.NaN)),
                    f3(e.path("classF1").path("STAR").asDouble(Double.NaN)), e.path("trainTargets").asInt(),
                    e.path("testTargets").asInt()));
        }
        if (!real.isEmpty()) {
            @SuppressWarnings("unchecked")
            Map<String, Double> f1 = (Map<String, Double>) real.get("f1");
            rows.append(String.format(Locale.ROOT, "<tr><td>real photometry</td><td>–</td><td>–</td><td>%s</td>"
                    + "<td>%s</td><td>%s</td><td>%s</td><td>real catalogs; %d held-out real objects</td></tr>%n",
                    f3((Double) real.get("macro_f1")), f3(f1.getOrDefault("GALAXY", Double.NaN)),
                    f3(f1.getOrDefault("QSO", Double.NaN)), f3(f1.getOrDefault("STAR", Double.NaN)),
                    (Integer) real.get("n")));
        }
        StringBuilder linkList = new StringBuilder();
        links.forEach((name, url) -> linkList.append("<li><a href=\"").append(esc(url)).append("\">").append(esc(name))
                .append("</a></li>\n"));
        String html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<title>HiSS-Cube Streams — ./hisscube up report</title>\n<link rel=\"icon\" href=\"data:,\">\n"
                + "<style>body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse}"
                + "th,td{border:1px solid #ccc;padding:.25em .6em}td{text-align:right}td:first-child{text-align:left}"
                + "img{max-width:100%;border:1px solid #ddd}.note{color:#555}</style>\n</head>\n<body>\n"
                + "<h1>./hisscube up — results</h1>\n<p class=\"note\">Written " + Instant.now() + ". Test split at zoom "
                + zoom + "; live = the version the feature-service embeds with. These are the trainer's rounds on the "
                + "targets this run built: a demonstration that the chain runs end to end. The comparison of modalities "
                + "with seeds and confidence intervals is <code>./hisscube experiment run</code>.</p>\n"
                + "<table>\n<thead><tr><th>model</th><th>version</th><th>live</th><th>macro-F1</th><th>F1 GALAXY</th>"
                + "<th>F1 QSO</th><th>F1 STAR</th><th>train / test targets</th></tr></thead>\n<tbody>\n" + rows
                + "</tbody>\n</table>\n"
                + (rows.isEmpty() ? "<p>No model has been evaluated yet: the trainer waits for enough labelled "
                        + "targets.</p>\n" : "")
                + (chart ? "<h2>F1 per class</h2>\n<img src=\"f1-per-class.png\" alt=\"F1 per class of every model\">\n"
                        : "")
                + (targetPicture != null ? "<h2>The real F star, as the services built it</h2>\n<img src=\""
                        + targetPicture.getFileName() + "\" alt=\"the F star's five cutouts and its spectra\">\n" : "")
                + "<h2>Live views</h2>\n<ul>\n" + linkList + "</ul>\n</body>\n</html>\n";
        Path index = folder.resolve("index.html");
        Files.writeString(index, html);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("zoom", zoom);
        json.put("models", evaluated);
        json.put("real_photometry", real);
        json.put("links", links);
        Files.writeString(folder.resolve("results.json"), JsonOut.format(json));
        return index;
    }

    private static String f3(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
