package org.hisscube.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files of {@code monitoring/} as tests read them: the PromQL of every alert rule and dashboard panel, the metric
 * names those queries read, the checks Grafana's file provisioning needs, and the README's table of metrics.
 */
final class MonitoringFiles {
    static final Path ROOT = RepoLayout.root().resolve("monitoring");
    static final Path RULES = ROOT.resolve("prometheus/alerts.yml");
    static final Path DASHBOARDS = ROOT.resolve("grafana/dashboards");
    /** The data source uid that provisioning declares and every panel must use. */
    static final String DATASOURCE_UID = "prometheus";

    private static final Pattern EXPR = Pattern.compile("^\\s*expr:\\s*(.+)$", Pattern.MULTILINE);
    /** Metric names in PromQL: ours, and the JVM and HTTP families Quarkus exports. */
    private static final Pattern METRIC = Pattern.compile("\\b((?:hisscube|http_server|jvm)_[a-z0-9_]+|up)\\b(?!\\s*[=!]~?\")");
    private static final Pattern NAME_REGEX = Pattern.compile("__name__=~\"([^\"]+)\"");

    private MonitoringFiles() {
    }

    /** Every alert rule's expression. */
    static List<String> ruleExpressions() throws IOException {
        List<String> out = new ArrayList<>();
        Matcher m = EXPR.matcher(Files.readString(RULES));
        while (m.find()) {
            out.add(m.group(1).trim());
        }
        return out;
    }

    static Map<String, JsonNode> dashboards() throws IOException {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                out.put(p.getFileName().toString(), new ObjectMapper().readTree(p.toFile()));
            }
        }
        return out;
    }

    /** Every panel query of every dashboard. */
    static List<String> dashboardExpressions() throws IOException {
        List<String> out = new ArrayList<>();
        for (JsonNode d : dashboards().values()) {
            for (JsonNode p : d.path("panels")) {
                for (JsonNode t : p.path("targets")) {
                    out.add(t.path("expr").asText());
                }
            }
        }
        return out;
    }

    /** The metric names a query reads (with histogram suffixes as written: _bucket, _sum, _count). */
    static Set<String> metricNames(String expr) {
        Set<String> out = new TreeSet<>();
        Matcher m = METRIC.matcher(expr.replaceAll("\"[^\"]*\"", "\"\""));
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** The {@code __name__=~"…"} patterns of a query. */
    static Set<String> namePatterns(String expr) {
        Set<String> out = new TreeSet<>();
        Matcher m = NAME_REGEX.matcher(expr);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /**
     * What Grafana's file provisioning and a reader need of a dashboard: a uid and title, a schema version, panels with
     * unique ids, a type, a title, a grid position, our data source, and queries with a refId and an expression.
     */
    static List<String> dashboardProblems(String file, JsonNode d) {
        List<String> problems = new ArrayList<>();
        for (String field : List.of("uid", "title", "schemaVersion", "panels", "time")) {
            if (d.path(field).isMissingNode() || d.path(field).isNull()) {
                problems.add(file + ": no " + field);
            }
        }
        if (d.path("uid").asText().length() > 40) {
            problems.add(file + ": uid longer than Grafana's 40 characters");
        }
        Set<Integer> ids = new HashSet<>();
        for (JsonNode p : d.path("panels")) {
            String where = file + " panel " + p.path("id").asText() + " (" + p.path("title").asText() + ")";
            if (!p.path("id").isInt() || !ids.add(p.path("id").asInt())) {
                problems.add(where + ": id missing or repeated");
            }
            for (String field : List.of("type", "title")) {
                if (p.path(field).asText().isBlank()) {
                    problems.add(where + ": no " + field);
                }
            }
            for (String g : List.of("h", "w", "x", "y")) {
                if (!p.path("gridPos").path(g).isInt()) {
                    problems.add(where + ": gridPos." + g + " missing");
                }
            }
            if (!DATASOURCE_UID.equals(p.path("datasource").path("uid").asText())) {
                problems.add(where + ": data source is not uid " + DATASOURCE_UID);
            }
            if (!p.path("targets").isArray() || p.path("targets").isEmpty()) {
                problems.add(where + ": no queries");
            }
            for (JsonNode t : p.path("targets")) {
                if (t.path("refId").asText().isBlank() || t.path("expr").asText().isBlank()) {
                    problems.add(where + ": a query without refId or expr");
                }
            }
        }
        return problems;
    }

    /** One row of the README's metrics table. */
    record Row(String name, String type, Set<String> tags, String meaning) {
    }

    static final String TABLE_BEGIN = "<!-- metrics:begin -->";
    static final String TABLE_END = "<!-- metrics:end -->";

    /** The README's table of every metric, between its markers. */
    static Map<String, Row> readmeTable() throws IOException {
        String readme = Files.readString(RepoLayout.root().resolve("README.md"));
        int b = readme.indexOf(TABLE_BEGIN);
        int e = readme.indexOf(TABLE_END);
        if (b < 0 || e < b) {
            throw new IllegalStateException("README.md has no " + TABLE_BEGIN + " … " + TABLE_END + " table");
        }
        Map<String, Row> out = new LinkedHashMap<>();
        for (String line : readme.substring(b, e).split("\n")) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] c = line.split("\\|");
            String name = c[1].trim().replace("`", "");
            Set<String> tags = new TreeSet<>();
            for (String t : c[3].replace("`", "").split(",")) {
                if (!t.isBlank() && !t.trim().equals("–")) {
                    tags.add(t.trim());
                }
            }
            out.put(name, new Row(name, c[2].trim(), tags, c[4].trim()));
        }
        return out;
    }

    /** One metric family of a live /q/metrics: its name as queried (counters with _total), type and tag keys. */
    record Family(String name, String type, Set<String> tags) {
    }

    /** A service's /q/metrics: every sample name, and the hisscube_ families. */
    record Exposition(Set<String> sampleNames, Map<String, Family> families) {
    }

    private static final Pattern LABEL_KEY = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");

    /** Parses the Prometheus text format (as Micrometer writes it). */
    static Exposition parse(String text) {
        Set<String> samples = new TreeSet<>();
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, Family> families = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] p = line.split(" ");
                types.put(p[2], p[3]);
                continue;
            }
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int cut = line.indexOf('{');
            String sample = (cut > 0 ? line.substring(0, cut) : line.substring(0, line.indexOf(' '))).trim();
            samples.add(sample);
            if (!sample.startsWith("hisscube_")) {
                continue;
            }
            String family = null;
            String type = null;
            for (String suffix : List.of("", "_total", "_bucket", "_count", "_sum", "_created")) {
                if (sample.endsWith(suffix)) {
                    String base = sample.substring(0, sample.length() - suffix.length());
                    if (types.containsKey(base)) {
                        family = base;
                        type = types.get(base);
                        break;
                    }
                }
            }
            if (family == null) {
                throw new IllegalStateException("no # TYPE line for sample " + sample);
            }
            String name = type.equals("counter") && !family.endsWith("_total") ? family + "_total" : family;
            Set<String> tags = new TreeSet<>();
            if (cut > 0) {
                Matcher m = LABEL_KEY.matcher(line.substring(cut, line.lastIndexOf('}')));
                while (m.find()) {
                    if (!m.group(1).equals("le") && !m.group(1).equals("quantile")) {
                        tags.add(m.group(1));
                    }
                }
            }
            Family known = families.get(name);
            if (known != null) {
                known.tags().addAll(tags);
            } else {
                families.put(name, new Family(name, type, tags));
            }
        }
        // a timer's or a distribution summary's _max gauge belongs to its family's row
        families.keySet().removeIf(n -> n.endsWith("_max") && families.containsKey(n.substring(0, n.length() - 4))
                && !families.get(n.substring(0, n.length() - 4)).type().equals("gauge"));
        return new Exposition(samples, families);
    }

    /** The README table rows for these families, as Markdown (what a developer pastes when the table is behind). */
    static String tableRows(Map<String, Family> families, Map<String, Row> documented) {
        StringBuilder b = new StringBuilder("| metric | type | tags | meaning |\n|---|---|---|---|\n");
        Map<String, Family> all = new java.util.TreeMap<>(families);
        for (Row r : documented.values()) {
            all.putIfAbsent(r.name(), new Family(r.name(), r.type(), r.tags()));
        }
        for (Family f : all.values()) {
            Row r = documented.get(f.name());
            b.append("| `").append(f.name()).append("` | ").append(f.type()).append(" | ")
                    .append(f.tags().isEmpty() ? "–" : String.join(", ", f.tags())).append(" | ")
                    .append(r == null ? "TODO" : r.meaning()).append(" |\n");
        }
        return b.toString();
    }
}
