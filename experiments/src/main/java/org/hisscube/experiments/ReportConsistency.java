package org.hisscube.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a report folder back and lists everything in it that does not add up: a confusion matrix that does not sum
 * to the model's test-set size, a macro-F1 or per-class F1 that the confusion matrix does not give, a summary mean
 * that is not the mean of its models, a plot or table named but missing or not a PNG/CSV, a page that links a file
 * the folder lacks. An empty list means the report is consistent.
 */
public final class ReportConsistency {
    private static final Pattern LINK = Pattern.compile("(?:src|href)=\"([^\"#:]+)\"");

    private ReportConsistency() {
    }

    public static List<String> problems(Path folder) {
        List<String> p = new ArrayList<>();
        JsonNode r;
        try {
            r = ExperimentReport.JSON.readTree(folder.resolve(ExperimentReport.RESULTS).toFile());
        } catch (IOException e) {
            return List.of("results.json unreadable: " + e.getMessage());
        }
        if (!r.path("models").isArray() || r.path("models").isEmpty()) {
            p.add("results.json has no models");
        }
        if (!r.path("stages").isObject()) {
            p.add("results.json has no stages");
        }
        for (JsonNode m : r.path("models")) {
            String id = m.path("model_id").asText("?");
            for (String field : List.of("model_id", "modality", "zoom", "seed", "macro_f1", "per_class_f1",
                    "confusion", "train_seconds", "inference_seconds")) {
                if (!m.has(field)) {
                    p.add(id + ": no " + field);
                }
            }
            // text: the image + text experiment (Visual Genome)
            if (!List.of("image", "spectrum", "photometry", "text", "fused").contains(m.path("modality").asText())) {
                p.add(id + ": modality " + m.path("modality").asText() + " is not image/spectrum/photometry/text/"
                        + "fused");
            }
            JsonNode c = m.path("confusion");
            int k = c.size();
            long total = 0;
            double f1Sum = 0;
            for (int i = 0; i < k; i++) {
                long tp = c.get(i).get(i).asLong();
                long row = 0;
                long col = 0;
                for (int j = 0; j < k; j++) {
                    row += c.get(i).get(j).asLong();
                    col += c.get(j).get(i).asLong();
                }
                total += row;
                double prec = col == 0 ? 0 : tp / (double) col;
                double rec = row == 0 ? 0 : tp / (double) row;
                double f1 = prec + rec == 0 ? 0 : 2 * prec * rec / (prec + rec);
                f1Sum += f1;
                String cls = m.path("classes").path(i).asText();
                double reported = m.path("per_class_f1").path(cls).asDouble(Double.NaN);
                if (!(Math.abs(reported - f1) < 1e-9)) {
                    p.add(String.format(Locale.ROOT, "%s: F1 of %s is %.6f by its confusion matrix, reported %.6f",
                            id, cls, f1, reported));
                }
            }
            if (total != m.path("test_targets").asLong()) {
                p.add(id + ": confusion matrix sums to " + total + ", the test set has " + m.path("test_targets")
                        .asLong());
            }
            double macro = k == 0 ? 0 : f1Sum / k;
            if (!(Math.abs(macro - m.path("macro_f1").asDouble(Double.NaN)) < 1e-9)) {
                p.add(String.format(Locale.ROOT, "%s: macro-F1 is %.6f by its confusion matrix, reported %.6f", id,
                        macro, m.path("macro_f1").asDouble()));
            }
        }
        for (JsonNode s : r.path("summary")) {
            double sum = 0;
            int n = 0;
            for (JsonNode m : r.path("models")) {
                if (m.path("kind").asText().equals(s.path("kind").asText()) && m.path("zoom").asInt() == s.path("zoom")
                        .asInt()) {
                    sum += m.path("macro_f1").asDouble();
                    n++;
                }
            }
            if (n != s.path("seeds").asInt() || n == 0 || Math.abs(sum / n - s.path("macro_f1_mean").asDouble())
                    > 1e-9) {
                p.add("summary " + s.path("kind").asText() + " z" + s.path("zoom").asInt() + " is not the mean of its "
                        + n + " models");
            }
        }
        for (JsonNode plot : r.path("plots")) {
            Path f = folder.resolve(plot.path("file").asText());
            if (!isPng(f)) {
                p.add("plot " + plot.path("file").asText() + " is missing or not a PNG");
            }
        }
        for (JsonNode t : r.path("tables")) {
            Path f = folder.resolve(t.path("file").asText());
            try {
                if (!Files.isRegularFile(f) || Files.readAllLines(f).size() < 2) {
                    p.add("table " + t.path("file").asText() + " is missing or has no rows");
                }
            } catch (IOException e) {
                p.add("table " + t.path("file").asText() + " unreadable");
            }
        }
        try {
            Matcher mt = LINK.matcher(Files.readString(folder.resolve(ExperimentReport.PAGE)));
            while (mt.find()) {
                if (!Files.isRegularFile(folder.resolve(mt.group(1)))) {
                    p.add("index.html links " + mt.group(1) + ", which the folder lacks");
                }
            }
        } catch (IOException e) {
            p.add("index.html unreadable: " + e.getMessage());
        }
        return p;
    }

    /** A readable PNG: the signature and a decodable image. */
    static boolean isPng(Path f) {
        if (!Files.isRegularFile(f)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(f)) {
            byte[] sig = in.readNBytes(8);
            if (sig.length < 8 || (sig[0] & 0xff) != 0x89 || sig[1] != 'P' || sig[2] != 'N' || sig[3] != 'G') {
                return false;
            }
            return javax.imageio.ImageIO.read(f.toFile()) != null;
        } catch (IOException e) {
            return false;
        }
    }
}
