package org.hisscube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * monitoring/ is right by construction: Prometheus's own promtool accepts the configuration and the rules and passes
 * the rules' unit tests; the Grafana dashboards carry what file provisioning needs; every metric they and the rules
 * query is in the README's table. The live half (every queried metric exported, a rule firing) is UpCommandIT's.
 */
class MonitoringFilesTest {

    static String promtool(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("promtool"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() + "\n" + out;
    }

    @Test
    void prometheusAcceptsTheConfigurationAndTheRulesAndTheRulesPassTheirUnitTests() throws Exception {
        Path dir = MonitoringFiles.ROOT.resolve("prometheus");
        assertThat(promtool(dir, "check", "config", "prometheus.yml")).startsWith("0\n").contains("SUCCESS");
        assertThat(promtool(dir, "check", "rules", "alerts.yml")).startsWith("0\n").contains("9 rules found");
        assertThat(promtool(dir, "test", "rules", "alerts-test.yml")).startsWith("0\n").contains("SUCCESS");
    }

    @Test
    void theConfigurationThatUpWritesIsValidToo(@TempDir Path tmp) throws Exception {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (int i = 0; i < LocalServices.SERVICES.length; i++) {
            ports.put(LocalServices.SERVICES[i], 8081 + i);
        }
        Files.writeString(tmp.resolve("prometheus.yml"), LocalPrometheus.config(ports, MonitoringFiles.RULES,
                java.time.Duration.ofSeconds(5)));
        String out = promtool(tmp, "check", "config", "prometheus.yml");
        assertThat(out).startsWith("0\n").contains("9 rules found");
        assertThat(Files.readString(tmp.resolve("prometheus.yml"))).contains("job_name: metrics-service")
                .contains("127.0.0.1:8085").contains("scrape_interval: 5s");
    }

    @Test
    void aMisspeltRuleFieldIsRefused(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("alerts.yml"), Files.readString(MonitoringFiles.RULES)
                .replaceFirst("expr:", "exprs:"));
        assertThat(promtool(tmp, "check", "rules", "alerts.yml")).doesNotStartWith("0\n");
    }

    @Test
    void everyDashboardCarriesWhatGrafanasProvisioningNeeds() throws Exception {
        Map<String, JsonNode> dashboards = MonitoringFiles.dashboards();
        assertThat(dashboards.keySet()).containsExactlyInAnyOrder("model-quality.json", "per-service.json",
                "pipeline-overview.json");
        dashboards.forEach((f, d) -> assertThat(MonitoringFiles.dashboardProblems(f, d)).as(f).isEmpty());
        assertThat(dashboards.values().stream().map(d -> d.path("uid").asText()).distinct()).hasSize(3);
        assertThat(Files.readString(MonitoringFiles.ROOT.resolve("grafana/provisioning/datasources/prometheus.yml")))
                .contains("uid: " + MonitoringFiles.DATASOURCE_UID).contains("type: prometheus");
        assertThat(Files.readString(MonitoringFiles.ROOT.resolve("grafana/provisioning/dashboards/hisscube.yml")))
                .contains("type: file").contains("path: /var/lib/grafana/dashboards/hisscube");
    }

    @Test
    void aDashboardWithoutUidDataSourceOrQueryIsRefused() throws Exception {
        JsonNode good = MonitoringFiles.dashboards().get("pipeline-overview.json");
        ObjectNode noUid = good.deepCopy();
        noUid.remove("uid");
        assertThat(MonitoringFiles.dashboardProblems("x", noUid)).anyMatch(p -> p.contains("no uid"));
        ObjectNode otherSource = good.deepCopy();
        ((ObjectNode) otherSource.get("panels").get(0).get("datasource")).put("uid", "influx");
        assertThat(MonitoringFiles.dashboardProblems("x", otherSource)).anyMatch(p -> p.contains("data source"));
        ObjectNode noExpr = good.deepCopy();
        ((ObjectNode) noExpr.get("panels").get(1).get("targets").get(0)).put("expr", "");
        assertThat(MonitoringFiles.dashboardProblems("x", noExpr)).anyMatch(p -> p.contains("without refId or expr"));
        ObjectNode sameIds = good.deepCopy();
        ((ObjectNode) sameIds.get("panels").get(1)).put("id", sameIds.get("panels").get(0).get("id").asInt());
        assertThat(MonitoringFiles.dashboardProblems("x", sameIds)).anyMatch(p -> p.contains("repeated"));
    }

    @Test
    void everyMetricThatARuleOrAPanelQueriesIsInTheReadmeTable() throws Exception {
        Map<String, MonitoringFiles.Row> table = MonitoringFiles.readmeTable();
        List<String> exprs = new ArrayList<>(MonitoringFiles.ruleExpressions());
        exprs.addAll(MonitoringFiles.dashboardExpressions());
        assertThat(exprs).hasSizeGreaterThan(30);
        for (String expr : exprs) {
            for (String name : MonitoringFiles.metricNames(expr)) {
                if (!name.startsWith("hisscube_")) {
                    continue;
                }
                String family = name.replaceAll("_(bucket|sum|count)$", "");
                assertThat(table).as("README metrics table row for %s (in %s)", name, expr)
                        .containsKey(table.containsKey(name) ? name : family);
            }
            for (String pattern : MonitoringFiles.namePatterns(expr)) {
                assertThat(table.keySet()).as("README rows matching %s", pattern).anyMatch(n -> n.matches(pattern));
            }
        }
    }

    @Test
    void metricNamesAreReadFromQueriesButLabelValuesAndStringsAreNot() {
        assertThat(MonitoringFiles.metricNames("sum by (le) (rate(hisscube_fetcher_fetch_seconds_bucket{job=\"up\"}[5m]))"
                + " and up == 0")).containsExactly("hisscube_fetcher_fetch_seconds_bucket", "up");
        assertThat(MonitoringFiles.namePatterns("{__name__=~\"hisscube_.+_object_store_requests_total\"}"))
                .containsExactly("hisscube_.+_object_store_requests_total");
    }
}
