package org.hisscube.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.hisscube.contracts.Topics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docker-compose.yml and k8s/ are right by construction: rendered by the tools users run them with, read into the
 * typed models of Kubernetes, Strimzi, the Prometheus Operator and KEDA, and checked against the services' own code
 * (the configuration they read, their ports, the Topics catalogue). Each check is also shown to fail on a copy broken
 * the way people break such files.
 */
class DeploymentFilesTest {
    private static final Path ROOT = repositoryRoot();
    private static final Map<String, String> COMPOSE_ENV = Map.of("HISSCUBE_S3_ACCESS_KEY", "checks",
            "HISSCUBE_S3_SECRET_KEY", "checks-secret");
    private static Map<String, ServiceConfigs.Service> services;

    @BeforeAll
    static void readServices() {
        services = ServiceConfigs.all();
    }

    static List<ObjectNode> render(String overlay) {
        return DeploymentChecks.kustomize(ROOT.resolve("k8s/overlays").resolve(overlay));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "prod-hpa"})
    void everyOverlayRendersIntoTypedObjectsThatMatchTheServicesAndTheCatalogue(String overlay) {
        List<ObjectNode> docs = render(overlay);

        assertThat(DeploymentChecks.typedModelProblems(docs)).isEmpty();
        assertThat(DeploymentChecks.workloadProblems(docs, services)).isEmpty();
        assertThat(DeploymentChecks.serviceProblems(docs, services)).isEmpty();
        assertThat(DeploymentChecks.k8sEnvironmentProblems(docs, services)).isEmpty();
        assertThat(DeploymentChecks.topicProblems(docs, services)).isEmpty();
        assertThat(DeploymentChecks.autoscalingProblems(docs)).isEmpty();
        assertThat(docs).allSatisfy(d -> assertThat(d.path("metadata").path("namespace").asText("hisscube"))
                .as(DeploymentChecks.id(d)).isEqualTo("hisscube"));
        assertThat(kinds(docs)).contains("Kafka", "KafkaNodePool", "KafkaTopic", "KafkaUser", "StatefulSet",
                "Deployment", "Service", "ConfigMap", "PodDisruptionBudget", "ServiceMonitor", "PrometheusRule");
    }

    @Test
    void prodScalesOnKafkaLagWithKedaAndProdHpaOnCpuAndDevNotAtAll() {
        assertThat(kinds(render("prod"))).contains("ScaledObject", "TriggerAuthentication")
                .doesNotContain("HorizontalPodAutoscaler");
        assertThat(kinds(render("prod-hpa"))).contains("HorizontalPodAutoscaler").doesNotContain("ScaledObject");
        assertThat(kinds(render("dev"))).doesNotContain("ScaledObject", "HorizontalPodAutoscaler");
        List<ObjectNode> prod = render("prod");
        assertThat(prod.stream().filter(d -> d.path("kind").asText().equals("ScaledObject"))
                .map(d -> d.path("spec").path("scaleTargetRef").path("name").asText()).toList())
                .containsExactlyInAnyOrder("fetcher-service", "cube-service", "feature-service");
        assertThat(prod.stream().filter(d -> d.path("kind").asText().equals("KafkaNodePool"))
                .map(d -> d.path("spec").path("replicas").asInt()).toList()).containsExactly(3);
    }

    @Test
    void theServicesInDockerComposeAreTheServicesOnKubernetes() throws IOException {
        JsonNode compose = DeploymentChecks.composeConfig(ROOT.resolve("docker-compose.yml"), COMPOSE_ENV);
        TreeSet<String> inCompose = new TreeSet<>();
        compose.path("services").fieldNames().forEachRemaining(inCompose::add);
        TreeSet<String> onK8s = new TreeSet<>(DeploymentChecks.workloads(render("prod")).keySet());

        assertThat(onK8s).isEqualTo(services.keySet());
        assertThat(inCompose).containsAll(onK8s);
        assertThat(DeploymentChecks.composeProblems(compose, services)).isEmpty();
        assertThat(DeploymentChecks.prometheusTargetProblems(DeploymentChecks.YAML.readTree(
                ROOT.resolve("monitoring/prometheus/prometheus.yml").toFile()), compose, services)).isEmpty();
        assertThat(inCompose).contains("kafka", "kafka-init", "minio", "minio-init", "prometheus", "grafana");
    }

    @Test
    void dockerComposeRefusesToStartWithoutObjectStoreCredentialsFromTheEnvironment() {
        assertThatThrownBy(() -> DeploymentChecks.composeConfig(ROOT.resolve("docker-compose.yml"), Map.of(
                "HISSCUBE_S3_SECRET_KEY", "checks-secret")))
                .isInstanceOf(DeploymentChecks.CommandFailed.class).hasMessageContaining("HISSCUBE_S3_ACCESS_KEY");
    }

    @Test
    void thePrometheusRuleAndTheDashboardConfigMapsAreTheMonitoringFolder() throws IOException {
        List<ObjectNode> docs = render("prod");
        JsonNode rule = docs.stream().filter(d -> d.path("kind").asText().equals("PrometheusRule")).findFirst()
                .orElseThrow();
        JsonNode alerts = DeploymentChecks.YAML.readTree(ROOT.resolve("monitoring/prometheus/alerts.yml").toFile());
        assertThat(rule.path("spec").path("groups")).isEqualTo(alerts.path("groups"));

        List<Path> dashboards;
        try (var files = Files.list(ROOT.resolve("monitoring/grafana/dashboards"))) {
            dashboards = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(dashboards).isNotEmpty();
        for (Path d : dashboards) {
            String name = d.getFileName().toString();
            JsonNode cm = docs.stream().filter(x -> x.path("kind").asText().equals("ConfigMap")
                    && x.path("data").has(name)).findFirst().orElseThrow(() -> new AssertionError(
                    "no ConfigMap carries the dashboard " + name));
            assertThat(DeploymentChecks.YAML.readTree(cm.path("data").path(name).asText()))
                    .isEqualTo(DeploymentChecks.YAML.readTree(d.toFile()));
            assertThat(cm.path("metadata").path("labels").path("grafana_dashboard").asText()).isEqualTo("1");
        }
        // the compose stack mounts the monitoring folder itself
        String compose = Files.readString(ROOT.resolve("docker-compose.yml"));
        assertThat(compose).contains("./monitoring/prometheus", "./monitoring/grafana/dashboards",
                "./monitoring/grafana/provisioning");
    }

    @Test
    void everyServiceImageIsBuiltTheQuarkusWayAndRunsAsANonRootUser() throws IOException {
        for (var s : services.values()) {
            Path dockerfile = ROOT.resolve(s.name()).resolve("src/main/docker/Dockerfile.jvm");
            String text = Files.readString(dockerfile);
            assertThat(text).as(dockerfile.toString())
                    .contains("target/quarkus-app/lib/", "quarkus-run.jar", "JAVA_OPTS", "EXPOSE " + s.port())
                    .containsPattern("(?m)^USER 185\\s*$");
            assertThat(text.lines().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElseThrow())
                    .as(dockerfile + ": the last USER").isEqualTo("USER 185");
        }
        assertThat(Files.readString(ROOT.resolve("trainer-service/src/main/docker/Dockerfile.jvm")))
                .contains("javacpp");
    }

    @Test
    void productionConfigurationHoldsNoTestOnlySettingsAndLogsJson() throws IOException {
        for (var s : services.values()) {
            Path props = ROOT.resolve(s.name()).resolve("src/main/resources/application.properties");
            List<String> lines = Files.readAllLines(props).stream()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
            assertThat(lines).as(props + ": test-only settings must carry %test.")
                    .noneMatch(l -> !l.startsWith("%test.") && (l.contains("test-port")
                            || l.contains("local-stack") || l.contains("${quarkus.uuid}")));
            assertThat(s.defaults()).as(props.toString()).containsEntry("quarkus.log.console.json.enabled", "true");
            assertThat(lines).as(props.toString()).contains("%test.quarkus.log.console.json.enabled=false");
        }
    }

    // ---------------------------------------------------------------------------------------------- broken copies

    @Test
    void aMisspeltFieldFailsTheTypedModelCheck() {
        List<ObjectNode> docs = render("prod");
        ObjectNode container = firstContainer(docs, "fetcher-service");
        container.set("readinesProbe", container.remove("readinessProbe"));
        ObjectNode topic = docs.stream().filter(d -> d.path("kind").asText().equals("KafkaTopic")).findFirst()
                .orElseThrow();
        ((ObjectNode) topic.path("spec")).set("partition", ((ObjectNode) topic.path("spec")).remove("partitions"));
        ObjectNode scaled = docs.stream().filter(d -> d.path("kind").asText().equals("ScaledObject")).findFirst()
                .orElseThrow();
        ((ObjectNode) scaled.path("spec")).put("maxReplicas", 6);

        List<String> problems = DeploymentChecks.typedModelProblems(docs);

        assertThat(problems).anyMatch(p -> p.startsWith("Deployment/fetcher-service: unknown field")
                && p.endsWith("readinesProbe"));
        assertThat(problems).anyMatch(p -> p.startsWith("KafkaTopic/") && p.contains("partition"));
        assertThat(problems).anyMatch(p -> p.startsWith("ScaledObject/") && p.contains("maxReplicas"));
        assertThat(problems).hasSize(3);
    }

    @Test
    void aMissingProbeFailsTheWorkloadCheck() {
        List<ObjectNode> docs = render("dev");
        firstContainer(docs, "cube-service").remove("livenessProbe");
        ObjectNode feature = firstContainer(docs, "feature-service");
        ((ObjectNode) feature.path("readinessProbe").path("httpGet")).put("path", "/health");

        assertThat(DeploymentChecks.workloadProblems(docs, services)).containsExactlyInAnyOrder(
                "StatefulSet/cube-service livenessProbe: missing (an HTTP probe on /q/health/live)",
                "Deployment/feature-service readinessProbe: must GET /q/health/ready on port 8083 (http), has "
                        + "/health on http");
    }

    @Test
    void anUndeclaredTopicFailsTheTopicCheck() {
        List<ObjectNode> docs = new ArrayList<>(render("dev"));
        docs.removeIf(d -> d.path("kind").asText().equals("KafkaTopic")
                && d.path("spec").path("topicName").asText().equals(Topics.TARGETS.name()));
        List<String> problems = DeploymentChecks.topicProblems(docs, services);
        assertThat(problems).contains("topic hisscube.targets of the Topics catalogue is not declared as a KafkaTopic",
                "feature-service uses topic hisscube.targets (hisscube.features.targets-topic) but no KafkaTopic "
                        + "declares it");

        List<ObjectNode> renamed = render("dev");
        configMap(renamed, "feature-service-config").put("HISSCUBE_FEATURES_TARGETS_TOPIC", "hisscube.targetz");
        assertThat(DeploymentChecks.topicProblems(renamed, services)).containsExactly(
                "feature-service uses topic hisscube.targetz (HISSCUBE_FEATURES_TARGETS_TOPIC) but no KafkaTopic "
                        + "declares it");
        assertThat(DeploymentChecks.k8sEnvironmentProblems(renamed, services)).containsExactly(
                "Deployment/feature-service: HISSCUBE_FEATURES_TARGETS_TOPIC names topic 'hisscube.targetz', "
                        + "which the Topics catalogue does not declare");
    }

    @Test
    void anUnknownEnvironmentVariableFailsTheEnvironmentCheck() {
        List<ObjectNode> docs = render("prod");
        configMap(docs, "fetcher-service-config").put("HISSCUBE_FETCHER_BASE_ULR", "https://mirror.example/sas/");
        ArrayNode env = (ArrayNode) firstContainer(docs, "cube-service").path("env");
        env.addObject().put("name", "KAFKA_BOOTSTRAP_SERVER").put("value", "kafka:9092");

        assertThat(DeploymentChecks.k8sEnvironmentProblems(docs, services)).containsExactlyInAnyOrder(
                "Deployment/fetcher-service: sets HISSCUBE_FETCHER_BASE_ULR, which fetcher-service does not read",
                "StatefulSet/cube-service: sets KAFKA_BOOTSTRAP_SERVER, which cube-service does not read");

        ObjectNode compose = DeploymentChecks.composeConfig(ROOT.resolve("docker-compose.yml"), COMPOSE_ENV);
        ((ObjectNode) compose.path("services").path("trainer-service").path("environment"))
                .put("HISSCUBE_TRAINER_EPOCH", "3");
        assertThat(DeploymentChecks.composeProblems(compose, services)).containsExactly(
                "docker-compose trainer-service: sets HISSCUBE_TRAINER_EPOCH, which trainer-service does not read");
    }

    @Test
    void aServiceOnTheWrongPortOrUnscrapedFailsTheServiceCheck() {
        List<ObjectNode> docs = render("prod");
        ObjectNode svc = docs.stream().filter(d -> d.path("kind").asText().equals("Service")
                && d.path("metadata").path("name").asText().equals("trainer-service")).findFirst().orElseThrow();
        ((ObjectNode) svc.path("spec").path("ports").get(0)).put("port", 8080);
        docs.removeIf(d -> d.path("kind").asText().equals("ServiceMonitor")
                && d.path("metadata").path("name").asText().equals("metrics-service"));
        assertThat(DeploymentChecks.serviceProblems(docs, services)).containsExactlyInAnyOrder(
                "Service/trainer-service: needs a port named http, 8084 → the pods' http",
                "Service/metrics-service: must be scraped once, on http /q/metrics, by a ServiceMonitor; is scraped []");
    }

    @Test
    void autoscalingBeyondTheTopicsPartitionsFails() {
        List<ObjectNode> docs = render("prod");
        ObjectNode scaled = docs.stream().filter(d -> d.path("kind").asText().equals("ScaledObject")
                && d.path("metadata").path("name").asText().equals("feature-service")).findFirst().orElseThrow();
        ((ObjectNode) scaled.path("spec")).put("maxReplicaCount", 12);
        assertThat(DeploymentChecks.autoscalingProblems(docs)).containsExactly(
                "ScaledObject/feature-service: maxReplicaCount 12 exceeds the 6 partitions of hisscube.targets");
    }

    @Test
    void theServicesReadWhatTheirCodeSays() {
        // the discovery itself: a property of a @ConfigMapping, of a nested group, of a @ConfigProperty, and of
        // KafkaConnection; a name nobody reads is not there
        assertThat(services.get("fetcher-service").environment()).contains("HISSCUBE_FETCHER_BASE_URL",
                "HISSCUBE_FETCHER_WATCH_FOLDER", "HISSCUBE_OBJECT_STORE_SECRET_KEY", "KAFKA_SASL_JAAS_CONFIG")
                .doesNotContain("HISSCUBE_FETCHER_BASE_ULR");
        assertThat(services.get("cube-service").environment()).contains("HISSCUBE_CUBE_ADVERTISED_URL",
                "HISSCUBE_CUBE_THREAD_FAILURES_MAX", "HISSCUBE_CUBE_STATE_DIR");
        assertThat(services.get("metrics-service").environment()).contains("HISSCUBE_METRICS_LAG_INTERVAL");
        assertThat(services.values()).allSatisfy(s -> assertThat(s.port()).isBetween(8081, 8085));
    }

    private static ObjectNode firstContainer(List<ObjectNode> docs, String workload) {
        return (ObjectNode) docs.stream().filter(d -> (d.path("kind").asText().equals("Deployment")
                || d.path("kind").asText().equals("StatefulSet"))
                && d.path("metadata").path("name").asText().equals(workload)).findFirst().orElseThrow()
                .path("spec").path("template").path("spec").path("containers").get(0);
    }

    private static ObjectNode configMap(List<ObjectNode> docs, String name) {
        return (ObjectNode) docs.stream().filter(d -> d.path("kind").asText().equals("ConfigMap")
                && d.path("metadata").path("name").asText().equals(name)).findFirst().orElseThrow().path("data");
    }

    private static TreeSet<String> kinds(List<ObjectNode> docs) {
        TreeSet<String> kinds = new TreeSet<>();
        docs.forEach(d -> kinds.add(d.path("kind").asText()));
        return kinds;
    }

    private static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("k8s")) && Files.isRegularFile(p.resolve("docker-compose.yml"))) {
                return p;
            }
        }
        throw new IllegalStateException("k8s/ and docker-compose.yml not found above " + Path.of("").toAbsolutePath());
    }
}
