package org.hisscube.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code index.html} of a report, rendered from its results.json alone: self-contained (no script but a console error for a plot that fails to load, no remote
 * resource; the plots are the folder's PNGs), one section per part of the experiment, each with its plots and its
 * tables.
 */
public final class ReportPage {
    /** Sections in page order: id, heading. */
    static final List<String[]> SECTIONS = List.of(new String[] {"comparison", "1. Modality comparison"},
            new String[] {"confusion", "Confusion matrices"}, new String[] {"maps", "2. Embeddings: t-SNE and "
                    + "clustering"}, new String[] {"stages", "3. Stages and scalability"},
            new String[] {"precision", "4. Precision against time across zooms"}, new String[] {"real", "5. Real data"},
            new String[] {"models", "Models"});

    private ReportPage() {
    }

    public static String render(JsonNode r) {
        StringBuilder h = new StringBuilder();
        JsonNode exp = r.path("experiment");
        String title = "Experiment " + exp.path("name").asText("?") + " — run " + exp.path("run_id").asText("?");
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title>\n<style>body{font-family:sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;"
                        + "color:#222}table{border-collapse:collapse;margin:.6em 0 1.2em}td,th{border:1px solid #ccc;"
                        + "padding:.25em .5em;font-size:.9em;text-align:right}th{background:#f3f3f3}td.l,th.l{text-align:"
                        + "left}figure{display:inline-block;margin:.4em;vertical-align:top;max-width:48%}figure img{max-"
                        + "width:100%;border:1px solid #ddd}figcaption{font-size:.85em;color:#555}.note{background:"
                        + "#fffbe6;border-left:4px solid #e6c200;padding:.4em .8em}.better{color:#0a7d22;font-weight:"
                        + "bold}code{background:#f5f5f5}</style></head><body>\n");
        h.append("<h1>").append(esc(title)).append("</h1>\n");
        h.append("<p>").append(esc(exp.path("description").asText(""))).append("</p>\n");
        h.append(keyValues(exp, List.of("name", "run_id", "started", "finished", "code_version", "command",
                "objects", "simulator_seed")));
        if (exp.has("machine")) {
            h.append("<p>Machine: ").append(esc(flat(exp.get("machine")))).append("</p>\n");
        }
        for (JsonNode n : r.path("notes")) {
            h.append("<p class=\"note\">").append(esc(n.asText())).append("</p>\n");
        }
        h.append("<nav><ul>");
        for (String[] s : SECTIONS) {
            h.append("<li><a href=\"#").append(s[0]).append("\">").append(esc(s[1])).append("</a></li>");
        }
        h.append("<li><a href=\"#reproduce\">Reproduce</a></li></ul></nav>\n");
        for (String[] s : SECTIONS) {
            h.append("<section id=\"").append(s[0]).append("\"><h2>").append(esc(s[1])).append("</h2>\n");
            switch (s[0]) {
                case "comparison" -> {
                    h.append(table(r.path("summary"), List.of("kind", "modality", "zoom", "seeds", "macro_f1_mean",
                            "macro_f1_sd", "macro_f1_min", "macro_f1_max", "per_class_f1_mean",
                            "train_seconds_mean", "inference_seconds_mean", "parameters")));
                    h.append("<h3>Paired comparisons (a − b, same seeds and test targets)</h3>\n");
                    h.append(table(r.path("comparisons"), List.of("a", "b", "zoom", "seeds", "mean_diff", "ci_low",
                            "ci_high", "p_value", "boot_low", "boot_high", "verdict")));
                }
                case "maps" -> h.append(table(r.path("clustering"), List.of("kind", "zoom", "points", "dimensions",
                        "kmeans_ari", "kmeans_nmi", "dbscan_ari", "dbscan_nmi", "dbscan_clusters",
                        "dbscan_noise_fraction", "dbscan_eps")));
                case "precision" -> {
                    h.append("<p>").append(esc(r.path("precision_vs_time").path("rule").asText(""))).append(
                            "</p><ul>");
                    for (JsonNode k : r.path("precision_vs_time").path("knees")) {
                        h.append("<li>").append(esc(k.path("statement").asText())).append("</li>");
                    }
                    h.append("</ul>\n");
                }
                case "stages" -> {
                    h.append(stageTable(r.path("stages")));
                    JsonNode sc = r.path("scalability");
                    if (sc.has("statement")) {
                        h.append("<p>").append(esc(sc.get("statement").asText())).append("</p>\n");
                    }
                    h.append(table(sc.path("fits"), List.of("stage", "a", "b", "r2", "points")));
                    h.append(table(sc.path("projection"), List.of("stage", "per_instance_objects_per_s",
                            "instances_for_1_per_s", "instances_for_10_per_s", "instances_for_100_per_s")));
                    h.append(table(sc.path("runs"), List.of("run_id", "objects", "targets", "stages")));
                }
                case "real" -> {
                    JsonNode real = r.path("real_data");
                    if (real.has("statement")) {
                        h.append("<p>").append(esc(real.get("statement").asText())).append("</p>\n");
                    }
                    h.append(table(real.path("photometry"), List.of("model", "n", "macro_f1", "accuracy",
                            "per_class_f1", "train_seconds", "set")));
                    if (real.has("literature")) {
                        h.append("<p>").append(esc(real.get("literature").asText())).append("</p>\n");
                    }
                    if (real.has("target")) {
                        h.append("<p>Real target: ").append(esc(flat(real.get("target")))).append("</p>\n");
                    }
                }
                case "models" -> h.append(table(r.path("models"), List.of("model_id", "modality", "kind", "zoom",
                        "seed", "macro_f1", "per_class_f1", "train_seconds", "inference_seconds", "epochs_run",
                        "parameters", "model_bytes", "test_targets")));
                default -> {
                }
            }
            for (JsonNode p : r.path("plots")) {
                if (p.path("section").asText().equals(s[0])) {
                    // a plot that fails to load says so on the browser's console (the page test reads it)
                    h.append("<figure><img src=\"").append(esc(p.path("file").asText()))
                            .append("\" onerror=\"console.error('missing plot: ' + this.src)\" alt=\"")
                            .append(esc(p.path("caption").asText())).append("\"><figcaption>")
                            .append(esc(p.path("caption").asText())).append("</figcaption></figure>\n");
                }
            }
            List<String> tables = new ArrayList<>();
            for (JsonNode t : r.path("tables")) {
                if (t.path("section").asText().equals(s[0])) {
                    String f = esc(t.path("file").asText());
                    tables.add("<a href=\"" + f + "\">" + f + "</a>");
                }
            }
            if (!tables.isEmpty()) {
                h.append("<p>Tables: ").append(String.join(", ", tables)).append("</p>\n");
            }
            h.append("</section>\n");
        }
        h.append("<section id=\"reproduce\"><h2>Reproduce</h2>\n<p>Command: <code>")
                .append(esc(exp.path("command").asText(""))).append("</code></p>\n<p>Configuration: <code>")
                .append(esc(r.path("spec").toString())).append("</code></p>\n<p>Data: <code>")
                .append(esc(r.path("data").toString())).append("</code></p>\n<p><a href=\"results.json\">results.json"
                + "</a> holds every number of this page.</p></section>\n</body></html>\n");
        return h.toString();
    }

    private static String stageTable(JsonNode stages) {
        StringBuilder b = new StringBuilder("<table><tr><th class=\"l\">stage</th><th>seconds</th><th>items</th>"
                + "<th>per second</th></tr>\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = stages.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            b.append("<tr><td class=\"l\">").append(esc(e.getKey())).append("</td><td>")
                    .append(num(e.getValue().path("seconds"))).append("</td><td>")
                    .append(esc(e.getValue().path("items").asText()) + " " + esc(e.getValue().path("unit").asText()))
                    .append("</td><td>").append(num(e.getValue().path("per_second"))).append("</td></tr>\n");
        }
        return b.append("</table>\n").toString();
    }

    /** A table of an array of objects; column names are matched by prefix to the objects' fields. */
    private static String table(JsonNode rows, List<String> columns) {
        if (!rows.isArray() || rows.isEmpty()) {
            return "";
        }
        List<String> fields = new ArrayList<>();
        JsonNode first = rows.get(0);
        for (String c : columns) {
            if (first.has(c)) {
                fields.add(c);
            } else {
                for (Iterator<String> it = first.fieldNames(); it.hasNext();) {
                    String f = it.next();
                    if (f.startsWith(c) && !fields.contains(f)) {
                        fields.add(f);
                        break;
                    }
                }
            }
        }
        StringBuilder b = new StringBuilder("<table><tr>");
        for (String f : fields) {
            b.append("<th>").append(esc(f)).append("</th>");
        }
        b.append("</tr>\n");
        for (JsonNode row : rows) {
            b.append("<tr>");
            for (String f : fields) {
                JsonNode v = row.path(f);
                boolean text = v.isTextual() || v.isObject() || v.isArray();
                if (v.isNull()) {
                    b.append("<td>–</td>");
                    continue;
                }
                String cls = f.equals("verdict") && v.asText().endsWith("better") ? " class=\"l better\""
                        : text ? " class=\"l\"" : "";
                b.append("<td").append(cls).append(">").append(v.isNumber() ? num(v) : esc(text && !v.isTextual()
                        ? flat(v) : v.asText())).append("</td>");
            }
            b.append("</tr>\n");
        }
        return b.append("</table>\n").toString();
    }

    private static String keyValues(JsonNode o, List<String> keys) {
        StringBuilder b = new StringBuilder("<table>");
        for (String k : keys) {
            if (o.has(k)) {
                b.append("<tr><th class=\"l\">").append(esc(k)).append("</th><td class=\"l\">")
                        .append(esc(o.get(k).isValueNode() ? o.get(k).asText() : flat(o.get(k)))).append("</td></tr>");
            }
        }
        return b.append("</table>\n").toString();
    }

    private static String flat(JsonNode v) {
        if (v.isObject()) {
            List<String> parts = new ArrayList<>();
            v.fields().forEachRemaining(e -> parts.add(e.getKey() + " " + (e.getValue().isNumber()
                    ? num(e.getValue()) : e.getValue().isValueNode() ? e.getValue().asText() : flat(e.getValue()))));
            return String.join(", ", parts);
        }
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            v.forEach(x -> parts.add(x.isNumber() ? num(x) : x.isValueNode() ? x.asText() : flat(x)));
            return "[" + String.join(", ", parts) + "]";
        }
        return v.isNumber() ? num(v) : v.asText();
    }

    private static String num(JsonNode v) {
        if (v.isNull() || v.isMissingNode()) {
            return "–";
        }
        if (!v.isNumber()) {
            return esc(v.asText());
        }
        if (v.isIntegralNumber()) {
            return v.asText();
        }
        double d = v.asDouble();
        if (Double.isNaN(d)) {
            return "–";
        }
        return Math.abs(d) >= 100 ? String.format(Locale.ROOT, "%.0f", d) : String.format(Locale.ROOT, "%.3f", d);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
