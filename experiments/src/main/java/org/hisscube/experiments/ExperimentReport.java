package org.hisscube.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A report folder: {@code results.json} ({@code {"models": [...], "stages": {...}, ...}}), the CSV tables and PNG
 * plots it names, and {@code index.html} rendered from it. Several hands fill it — the trainer-service the learning
 * sections, the command the stages, scalability and real data — each reading the JSON, adding its sections and
 * writing it back, so the page always shows everything the JSON holds.
 */
public final class ExperimentReport {
    public static final String RESULTS = "results.json";
    public static final String PAGE = "index.html";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
            // an undefined number (a t interval from one seed, r² of a two-point fit) is null, not the string "NaN"
            .registerModule(new com.fasterxml.jackson.databind.module.SimpleModule()
                    .addSerializer(Double.class, FiniteOrNull.INSTANCE).addSerializer(double.class, FiniteOrNull.INSTANCE))
            .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);

    /** A double as a JSON number, or null when it is NaN or infinite. */
    private static final class FiniteOrNull extends com.fasterxml.jackson.databind.ser.std.StdSerializer<Double> {
        static final FiniteOrNull INSTANCE = new FiniteOrNull();

        private FiniteOrNull() {
            super(Double.class);
        }

        @Override
        public void serialize(Double v, com.fasterxml.jackson.core.JsonGenerator g,
                com.fasterxml.jackson.databind.SerializerProvider p) throws IOException {
            if (v.isNaN() || v.isInfinite()) {
                g.writeNull();
            } else {
                g.writeNumber(v);
            }
        }
    }

    private final Path folder;
    private final ObjectNode root;

    private ExperimentReport(Path folder, ObjectNode root) {
        this.folder = folder;
        this.root = root;
    }

    /** A new, empty report in {@code folder} (created). */
    public static ExperimentReport create(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ObjectNode root = JSON.createObjectNode();
        root.putArray("models");
        root.putObject("stages");
        root.putArray("plots");
        root.putArray("tables");
        return new ExperimentReport(folder, root);
    }

    /** The report of a folder. */
    public static ExperimentReport read(Path folder) {
        Path file = folder.resolve(RESULTS);
        try {
            JsonNode n = JSON.readTree(file.toFile());
            if (!(n instanceof ObjectNode o) || !o.has("models") || !o.has("stages")) {
                throw new ExperimentException(file + " is not an experiment report: it needs \"models\" and "
                        + "\"stages\"");
            }
            return new ExperimentReport(folder, o);
        } catch (IOException e) {
            throw new ExperimentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public Path folder() {
        return folder;
    }

    public ObjectNode json() {
        return root;
    }

    /** Sets a top-level section to any JSON-able value. */
    public ExperimentReport put(String section, Object value) {
        root.set(section, JSON.valueToTree(value));
        return this;
    }

    /** A stage's wall time and the number of things it handled. */
    public ExperimentReport stage(String stage, double seconds, long items, String unit) {
        ObjectNode s = ((ObjectNode) root.get("stages")).putObject(stage);
        s.put("seconds", seconds);
        s.put("items", items);
        s.put("unit", unit);
        s.put("per_second", seconds > 0 ? items / seconds : 0);
        return this;
    }

    /** Records a plot file of this folder under a section, with its caption (replacing one of the same file). */
    public ExperimentReport plot(String section, String file, String caption) {
        ArrayNode plots = (ArrayNode) root.get("plots");
        for (int i = plots.size() - 1; i >= 0; i--) {
            if (plots.get(i).get("file").asText().equals(file)) {
                plots.remove(i);
            }
        }
        plots.addObject().put("section", section).put("file", file).put("caption", caption);
        return this;
    }

    /** Writes a CSV table into the folder and records it. */
    public ExperimentReport table(String section, String file, List<String> header, List<List<Object>> rows) {
        if (rows.isEmpty()) {
            return this; // nothing to tabulate (e.g. no pair of kinds to compare): no file rather than a bare header
        }
        StringBuilder b = new StringBuilder(String.join(",", header)).append('\n');
        for (List<Object> r : rows) {
            for (int i = 0; i < r.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                b.append(csv(r.get(i)));
            }
            b.append('\n');
        }
        try {
            Files.writeString(folder.resolve(file), b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ArrayNode tables = (ArrayNode) root.get("tables");
        for (int i = tables.size() - 1; i >= 0; i--) {
            if (tables.get(i).get("file").asText().equals(file)) {
                tables.remove(i);
            }
        }
        tables.addObject().put("section", section).put("file", file);
        return this;
    }

    /** Writes results.json and renders index.html from it. */
    public void write() {
        try {
            Files.writeString(folder.resolve(RESULTS), JSON.writeValueAsString(root));
            Files.writeString(folder.resolve(PAGE), ReportPage.render(root));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String csv(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            return Double.isNaN(d) ? "" : String.format(java.util.Locale.ROOT, "%.6g", d);
        }
        String s = v.toString();
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
