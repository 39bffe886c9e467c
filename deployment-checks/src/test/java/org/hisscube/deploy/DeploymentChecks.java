package org.hisscube.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.hisscube.contracts.Topic;
import org.hisscube.contracts.Topics;

/**
 * The checks of the deployment files, each returning the problems it finds as sentences (empty: right). The tests
 * run them on the real files and on copies broken on purpose, so every check is shown to fail on a real mistake.
 */
final class DeploymentChecks {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Refuses fields a model does not have (records, and classes without an any-setter). */
    static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .findAndRegisterModules();
    /** Container-level variables that no service reads but the image or the pod spec does. */
    static final Map<String, String> CONTAINER_ENVIRONMENT = Map.of(
            "JAVA_OPTS", "read by the image's run-java.sh: heap and JVM flags",
            "JAVA_OPTS_APPEND", "read by the image's run-java.sh",
            "POD_NAME", "downward API, used in $(POD_NAME) of the cube's advertised URL",
            "POD_NAMESPACE", "downward API, used in $(POD_NAMESPACE) of the cube's advertised URL");
    static final String PART_OF = "app.kubernetes.io/name";

    private DeploymentChecks() {
    }

    // ---------------------------------------------------------------------------------------------- rendering

    /** {@code kubectl kustomize DIR}, every rendered object. */
    static List<ObjectNode> kustomize(Path dir) {
        String out = run(List.of("kubectl", "kustomize", dir.toString()), Map.of(), dir);
        return documents(out);
    }

    /** {@code docker-compose -f FILE config}: the file as docker-compose reads it (variables interpolated). */
    static ObjectNode composeConfig(Path file, Map<String, String> env) {
        List<ObjectNode> docs = documents(run(List.of("docker-compose", "-f", file.toString(), "config"), env,
                file.getParent()));
        return docs.get(0);
    }

    static List<ObjectNode> documents(String yaml) {
        List<ObjectNode> docs = new ArrayList<>();
        try (YAMLParser p = new YAMLFactory().createParser(yaml)) {
            for (var it = YAML.readValues(p, JsonNode.class); it.hasNext(); ) {
                JsonNode n = it.next();
                if (n instanceof ObjectNode o) {
                    docs.add(o);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    static String run(List<String> command, Map<String, String> env, Path dir) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(false);
            pb.environment().putAll(env);
            Process p;
            try {
                p = pb.start();
            } catch (IOException notInstalled) {
                throw new IllegalStateException(command.get(0) + " is needed by the deployment checks and is not "
                        + "installed (scripts/install-test-deps.sh installs docker-compose; kubectl: "
                        + "https://kubernetes.io/docs/tasks/tools/)", notInstalled);
            }
            var out = p.getInputStream().readAllBytes();
            var err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new CommandFailed(String.join(" ", command) + " failed (exit " + p.exitValue() + "): "
                        + new String(err, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A command that ran and refused its input. */
    static final class CommandFailed extends RuntimeException {
        CommandFailed(String m) {
            super(m);
        }
    }

    // ---------------------------------------------------------------------------------------------- typed models

    /** The model class of every kind the files may hold; any other kind is a problem. */
    static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1/Namespace", io.fabric8.kubernetes.api.model.Namespace.class),
            Map.entry("v1/ConfigMap", io.fabric8.kubernetes.api.model.ConfigMap.class),
            Map.entry("v1/Secret", io.fabric8.kubernetes.api.model.Secret.class),
            Map.entry("v1/Service", io.fabric8.kubernetes.api.model.Service.class),
            Map.entry("v1/ServiceAccount", io.fabric8.kubernetes.api.model.ServiceAccount.class),
            Map.entry("v1/PersistentVolumeClaim", io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("batch/v1/Job", io.fabric8.kubernetes.api.model.batch.v1.Job.class),
            Map.entry("batch/v1/CronJob", io.fabric8.kubernetes.api.model.batch.v1.CronJob.class),
            Map.entry("policy/v1/PodDisruptionBudget", io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler",
                    io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor",
                    io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor.class),
            Map.entry("monitoring.coreos.com/v1/PrometheusRule",
                    io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule.class),
            Map.entry("kafka.strimzi.io/v1beta2/Kafka", io.strimzi.api.kafka.model.kafka.Kafka.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaNodePool",
                    io.strimzi.api.kafka.model.nodepool.KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", io.strimzi.api.kafka.model.topic.KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaUser", io.strimzi.api.kafka.model.user.KafkaUser.class),
            Map.entry("keda.sh/v1alpha1/ScaledObject", KedaModel.ScaledObject.class),
            Map.entry("keda.sh/v1alpha1/TriggerAuthentication", KedaModel.TriggerAuthentication.class));

    static String id(JsonNode doc) {
        return doc.path("kind").asText() + "/" + doc.path("metadata").path("name").asText();
    }

    static String type(JsonNode doc) {
        return doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
    }

    static <T> T read(JsonNode doc, Class<T> type) {
        try {
            return STRICT.treeToValue(doc, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every object deserialised into its model: a kind without a model, a field a model does not know (refused by the
     * strict reader, or kept aside in a fabric8/Strimzi {@code additionalProperties} map) and a value of the wrong
     * type are problems.
     */
    static List<String> typedModelProblems(List<ObjectNode> docs) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode doc : docs) {
            Class<?> model = MODELS.get(type(doc));
            if (model == null) {
                problems.add(id(doc) + ": no model for " + type(doc) + " (known: " + new TreeSet<>(MODELS.keySet())
                        + ")");
                continue;
            }
            try {
                Object typed = STRICT.treeToValue(doc, model);
                List<String> unknown = new ArrayList<>();
                unknownFields(typed, "", unknown, new IdentityHashMap<>(), 0);
                unknown.forEach(u -> problems.add(id(doc) + ": unknown field " + u));
                if (typed instanceof KedaModel.ScaledObject so) {
                    problems.addAll(kedaTriggerProblems(so));
                    if (so.spec().advanced() != null && so.spec().advanced().horizontalPodAutoscalerConfig() != null
                            && so.spec().advanced().horizontalPodAutoscalerConfig().behavior() != null) {
                        Object behavior = STRICT.treeToValue(so.spec().advanced().horizontalPodAutoscalerConfig()
                                .behavior(), io.fabric8.kubernetes.api.model.autoscaling.v2
                                .HorizontalPodAutoscalerBehavior.class);
                        List<String> u2 = new ArrayList<>();
                        unknownFields(behavior, ".spec.advanced.horizontalPodAutoscalerConfig.behavior", u2,
                                new IdentityHashMap<>(), 0);
                        u2.forEach(u -> problems.add(id(doc) + ": unknown field " + u));
                    }
                }
            } catch (IOException | IllegalArgumentException e) {
                problems.add(id(doc) + ": does not read as " + model.getSimpleName() + ": "
                        + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        return problems;
    }

    private static List<String> kedaTriggerProblems(KedaModel.ScaledObject so) {
        List<String> problems = new ArrayList<>();
        for (KedaModel.Trigger t : so.spec().triggers()) {
            if ("kafka".equals(t.type())) {
                for (String key : t.metadata().keySet()) {
                    if (!KedaModel.KAFKA_TRIGGER_METADATA.contains(key)) {
                        problems.add("ScaledObject/" + so.metadata().name() + ": the kafka scaler has no metadata '"
                                + key + "'");
                    }
                }
            }
        }
        return problems;
    }

    private static void unknownFields(Object o, String path, List<String> out, IdentityHashMap<Object, Boolean> seen,
            int depth) {
        if (o == null || depth > 40 || seen.put(o, true) != null) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                unknownFields(e, path + "[" + i++ + "]", out, seen, depth + 1);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> unknownFields(v, path + "." + k, out, seen, depth + 1));
            return;
        }
        String pkg = o.getClass().getPackageName();
        if (!(pkg.startsWith("io.fabric8") || pkg.startsWith("io.strimzi"))) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || m.getDeclaringClass() == Object.class) {
                continue;
            }
            String n = m.getName();
            try {
                if (n.equals("getAdditionalProperties")) {
                    Map<?, ?> extra = (Map<?, ?>) m.invoke(o);
                    if (extra != null) {
                        extra.keySet().forEach(k -> out.add(path + "." + k));
                    }
                } else if (n.startsWith("get") && n.length() > 3 && !m.getReturnType().isPrimitive()
                        && !m.getReturnType().isEnum() && m.getReturnType() != String.class) {
                    String field = Character.toLowerCase(n.charAt(3)) + n.substring(4);
                    unknownFields(m.invoke(o), path + "." + field, out, seen, depth + 1);
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // a computed getter that needs more than the model holds: not a field
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- workloads

    /** A service's pod as the files declare it, wherever it came from (Deployment or StatefulSet). */
    record Workload(String kind, String name, PodSpec pod, Map<String, String> labels, String serviceName) {
    }

    static Map<String, Workload> workloads(List<ObjectNode> docs) {
        Map<String, Workload> out = new TreeMap<>();
        for (ObjectNode doc : docs) {
            String kind = doc.path("kind").asText();
            String name = doc.path("metadata").path("name").asText();
            if (!ServiceConfigs.ANCHORS.containsKey(name)) {
                continue;
            }
            if (kind.equals("Deployment")) {
                var t = read(doc, Deployment.class).getSpec().getTemplate();
                out.put(name, new Workload(kind, name, t.getSpec(), t.getMetadata().getLabels(), null));
            } else if (kind.equals("StatefulSet")) {
                var spec = read(doc, StatefulSet.class).getSpec();
                out.put(name, new Workload(kind, name, spec.getTemplate().getSpec(),
                        spec.getTemplate().getMetadata().getLabels(), spec.getServiceName()));
            }
        }
        return out;
    }

    /**
     * Every service runs as a workload whose container has readiness and liveness probes on Quarkus's health
     * endpoints at the service's port, resource requests and limits, and a non-root, read-only, unprivileged
     * security context; the cube keeps its Kafka Streams state on a persistent volume.
     */
    static List<String> workloadProblems(List<ObjectNode> docs, Map<String, ServiceConfigs.Service> services) {
        List<String> problems = new ArrayList<>();
        Map<String, Workload> workloads = workloads(docs);
        if (!workloads.keySet().equals(services.keySet())) {
            problems.add("services with a workload " + workloads.keySet() + " are not the services "
                    + services.keySet());
        }
        Map<String, String> config = configMaps(docs);
        for (Workload w : workloads.values()) {
            ServiceConfigs.Service s = services.get(w.name());
            Container c = w.pod().getContainers().stream().filter(x -> x.getName().equals(w.name())).findFirst()
                    .orElse(null);
            if (c == null) {
                problems.add(w.name() + ": no container named " + w.name());
                continue;
            }
            String where = w.kind() + "/" + w.name();
            problems.addAll(probeProblems(where + " readinessProbe", c.getReadinessProbe(), "/q/health/ready", s,
                    c));
            problems.addAll(probeProblems(where + " livenessProbe", c.getLivenessProbe(), "/q/health/live", s, c));
            if (c.getResources() == null || c.getResources().getRequests() == null
                    || c.getResources().getLimits() == null
                    || !c.getResources().getRequests().keySet().containsAll(List.of("cpu", "memory"))
                    || !c.getResources().getLimits().containsKey("memory")) {
                problems.add(where + ": resources need cpu and memory requests and a memory limit");
            }
            var sc = c.getSecurityContext();
            if (sc == null || !Boolean.TRUE.equals(sc.getRunAsNonRoot())
                    || !Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem())
                    || !Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
                problems.add(where + ": securityContext must set runAsNonRoot, readOnlyRootFilesystem and "
                        + "allowPrivilegeEscalation: false");
            } else if (c.getVolumeMounts() == null
                    || c.getVolumeMounts().stream().noneMatch(m -> m.getMountPath().equals("/tmp"))) {
                problems.add(where + ": a read-only root filesystem needs a writable /tmp (java.io.tmpdir)");
            }
            boolean portOk = c.getPorts() != null && c.getPorts().stream()
                    .anyMatch(p -> p.getContainerPort() == s.port() && "http".equals(p.getName()));
            if (!portOk) {
                problems.add(where + ": container port 'http' must be the service's quarkus.http.port " + s.port());
            }
            if (w.name().equals("cube-service")) {
                String stateDir = envValue(c, config, "HISSCUBE_CUBE_STATE_DIR");
                boolean onVolume = stateDir != null && c.getVolumeMounts() != null && c.getVolumeMounts().stream()
                        .anyMatch(m -> stateDir.startsWith(m.getMountPath()) && !m.getMountPath().equals("/tmp"));
                if (!w.kind().equals("StatefulSet") || !onVolume) {
                    problems.add(where + ": the Kafka Streams state (HISSCUBE_CUBE_STATE_DIR=" + stateDir
                            + ") must be on a StatefulSet's persistent volume");
                }
            }
        }
        return problems;
    }

    /**
     * Every service is reachable: a Service of its name selects its pods on a port named {@code http} at the
     * service's port, a ServiceMonitor scrapes {@code /q/metrics} there, and the cube's StatefulSet names a headless
     * Service that selects its pods (the replicas' addresses).
     */
    static List<String> serviceProblems(List<ObjectNode> docs, Map<String, ServiceConfigs.Service> services) {
        List<String> problems = new ArrayList<>();
        Map<String, io.fabric8.kubernetes.api.model.Service> k8sServices = new TreeMap<>();
        List<io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor> monitors = new ArrayList<>();
        for (ObjectNode doc : docs) {
            if (type(doc).equals("v1/Service")) {
                var svc = read(doc, io.fabric8.kubernetes.api.model.Service.class);
                k8sServices.put(svc.getMetadata().getName(), svc);
            } else if (type(doc).equals("monitoring.coreos.com/v1/ServiceMonitor")) {
                monitors.add(read(doc, io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor.class));
            }
        }
        for (Workload w : workloads(docs).values()) {
            ServiceConfigs.Service s = services.get(w.name());
            var svc = k8sServices.get(w.name());
            if (svc == null || !selects(svc.getSpec().getSelector(), w.labels())) {
                problems.add("Service/" + w.name() + ": missing, or its selector does not select the pods of "
                        + w.kind() + "/" + w.name());
                continue;
            }
            boolean port = svc.getSpec().getPorts().stream().anyMatch(p -> "http".equals(p.getName())
                    && p.getPort() == s.port() && p.getTargetPort() != null
                    && ("http".equals(p.getTargetPort().getStrVal())
                    || Objects.equals(p.getTargetPort().getIntVal(), s.port())));
            if (!port) {
                problems.add("Service/" + w.name() + ": needs a port named http, " + s.port() + " → the pods' http");
            }
            List<String> scraping = new ArrayList<>();
            for (var m : monitors) {
                var match = m.getSpec().getSelector() == null ? null : m.getSpec().getSelector().getMatchLabels();
                if (match != null && selects(match, svc.getMetadata().getLabels())) {
                    m.getSpec().getEndpoints().forEach(e -> scraping.add(e.getPort() + " " + e.getPath()));
                }
            }
            if (!scraping.equals(List.of("http /q/metrics"))) {
                problems.add("Service/" + w.name() + ": must be scraped once, on http /q/metrics, by a "
                        + "ServiceMonitor; is scraped " + scraping);
            }
            if (w.kind().equals("StatefulSet")) {
                var headless = w.serviceName() == null ? null : k8sServices.get(w.serviceName());
                if (headless == null || !"None".equals(headless.getSpec().getClusterIP())
                        || !selects(headless.getSpec().getSelector(), w.labels())) {
                    problems.add("StatefulSet/" + w.name() + ": serviceName " + w.serviceName()
                            + " must be a headless Service selecting its pods");
                }
            }
        }
        return problems;
    }

    private static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return selector != null && !selector.isEmpty() && labels != null
                && labels.entrySet().containsAll(selector.entrySet());
    }

    /** Prometheus's own configuration (docker-compose) scrapes every service at its compose name and port. */
    static List<String> prometheusTargetProblems(JsonNode prometheusYml, JsonNode compose,
            Map<String, ServiceConfigs.Service> services) {
        List<String> problems = new ArrayList<>();
        Set<String> targets = new TreeSet<>();
        for (JsonNode job : prometheusYml.path("scrape_configs")) {
            for (JsonNode sc : job.path("static_configs")) {
                sc.path("targets").forEach(t -> targets.add(t.asText() + job.path("metrics_path").asText()));
            }
        }
        for (ServiceConfigs.Service s : services.values()) {
            String expected = s.name() + ":" + s.port() + "/q/metrics";
            if (!targets.contains(expected)) {
                problems.add("monitoring/prometheus/prometheus.yml does not scrape " + expected);
            }
            if (compose.path("services").path(s.name()).isMissingNode()) {
                problems.add("prometheus.yml scrapes " + s.name() + ", which docker-compose does not run");
            }
        }
        return problems;
    }

    private static List<String> probeProblems(String where, Probe probe, String path, ServiceConfigs.Service s,
            Container c) {
        if (probe == null || probe.getHttpGet() == null) {
            return List.of(where + ": missing (an HTTP probe on " + path + ")");
        }
        var get = probe.getHttpGet();
        boolean port = get.getPort() != null && (Objects.equals(get.getPort().getIntVal(), s.port())
                || "http".equals(get.getPort().getStrVal()));
        if (!path.equals(get.getPath()) || !port) {
            String has = get.getPort() == null ? "no port" : get.getPort().getIntVal() != null
                    ? get.getPort().getIntVal().toString() : get.getPort().getStrVal();
            return List.of(where + ": must GET " + path + " on port " + s.port() + " (http), has " + get.getPath()
                    + " on " + has);
        }
        return List.of();
    }

    /** Every ConfigMap's entries, as {@code configMapName/key → value}. */
    static Map<String, String> configMaps(List<ObjectNode> docs) {
        Map<String, String> out = new TreeMap<>();
        for (ObjectNode doc : docs) {
            if (doc.path("kind").asText().equals("ConfigMap")) {
                String name = doc.path("metadata").path("name").asText();
                doc.path("data").fields().forEachRemaining(e -> out.put(name + "/" + e.getKey(),
                        e.getValue().asText()));
            }
        }
        return out;
    }

    /** The environment of a container: its {@code env} and every key of the ConfigMaps it reads whole. */
    static Map<String, String> environment(Container c, Map<String, String> configMaps) {
        Map<String, String> env = new LinkedHashMap<>();
        if (c.getEnvFrom() != null) {
            for (EnvFromSource from : c.getEnvFrom()) {
                if (from.getConfigMapRef() != null) {
                    String prefix = from.getConfigMapRef().getName() + "/";
                    configMaps.forEach((k, v) -> {
                        if (k.startsWith(prefix)) {
                            env.put(k.substring(prefix.length()), v);
                        }
                    });
                }
            }
        }
        if (c.getEnv() != null) {
            for (EnvVar e : c.getEnv()) {
                env.put(e.getName(), e.getValue() != null ? e.getValue() : "(from " + source(e) + ")");
            }
        }
        return env;
    }

    private static String source(EnvVar e) {
        if (e.getValueFrom() == null) {
            return "empty";
        }
        if (e.getValueFrom().getSecretKeyRef() != null) {
            return "secret " + e.getValueFrom().getSecretKeyRef().getName();
        }
        if (e.getValueFrom().getFieldRef() != null) {
            return "field " + e.getValueFrom().getFieldRef().getFieldPath();
        }
        return "elsewhere";
    }

    private static String envValue(Container c, Map<String, String> configMaps, String name) {
        return environment(c, configMaps).get(name);
    }

    /**
     * Every environment variable a service's container gets (its env and ConfigMaps) is one the service reads
     * ({@link ServiceConfigs}) or one of {@link #CONTAINER_ENVIRONMENT}; and where a variable names topics, they are
     * in the catalogue.
     */
    static List<String> k8sEnvironmentProblems(List<ObjectNode> docs, Map<String, ServiceConfigs.Service> services) {
        List<String> problems = new ArrayList<>();
        Map<String, String> config = configMaps(docs);
        for (Workload w : workloads(docs).values()) {
            for (Container c : w.pod().getContainers()) {
                problems.addAll(environmentProblems(w.kind() + "/" + w.name(), environment(c, config),
                        services.get(w.name())));
            }
        }
        return problems;
    }

    static List<String> environmentProblems(String where, Map<String, String> env, ServiceConfigs.Service s) {
        List<String> problems = new ArrayList<>();
        Set<String> read = s.environment();
        env.forEach((name, value) -> {
            if (!read.contains(name) && !CONTAINER_ENVIRONMENT.containsKey(name)) {
                problems.add(where + ": sets " + name + ", which " + s.name() + " does not read");
            }
            if (name.endsWith("_TOPIC") || name.endsWith("_TOPICS")) {
                for (String t : value.split(",")) {
                    if (Topics.byName(t.trim()).isEmpty()) {
                        problems.add(where + ": " + name + " names topic '" + t.trim()
                                + "', which the Topics catalogue does not declare");
                    }
                }
            }
        });
        String port = env.get("QUARKUS_HTTP_PORT");
        if (port != null && !port.equals(Integer.toString(s.port()))) {
            problems.add(where + ": QUARKUS_HTTP_PORT=" + port + " but its probes, Service and Prometheus use "
                    + s.port());
        }
        return problems;
    }

    // ---------------------------------------------------------------------------------------------- topics

    /**
     * The {@code KafkaTopic}s are exactly the catalogue: every topic and dead-letter topic, with its partitions,
     * {@code cleanup.policy} and {@code retention.ms}; and every topic a service's configuration names (its
     * application.properties and its environment in the files) is declared.
     */
    static List<String> topicProblems(List<ObjectNode> docs, Map<String, ServiceConfigs.Service> services) {
        List<String> problems = new ArrayList<>();
        Map<String, io.strimzi.api.kafka.model.topic.KafkaTopic> declared = new TreeMap<>();
        for (ObjectNode doc : docs) {
            if (doc.path("kind").asText().equals("KafkaTopic")) {
                var t = read(doc, io.strimzi.api.kafka.model.topic.KafkaTopic.class);
                String name = t.getSpec().getTopicName() != null ? t.getSpec().getTopicName()
                        : t.getMetadata().getName();
                declared.put(name, t);
                if (t.getMetadata().getLabels() == null
                        || !t.getMetadata().getLabels().containsKey("strimzi.io/cluster")) {
                    problems.add("KafkaTopic " + name + ": no strimzi.io/cluster label (the Topic Operator would "
                            + "ignore it)");
                }
            }
        }
        for (Topic<String, ?> t : Topics.all()) {
            var k = declared.get(t.name());
            if (k == null) {
                problems.add("topic " + t.name() + " of the Topics catalogue is not declared as a KafkaTopic");
                continue;
            }
            if (!Objects.equals(k.getSpec().getPartitions(), t.partitions())) {
                problems.add("KafkaTopic " + t.name() + ": " + k.getSpec().getPartitions()
                        + " partitions, the catalogue declares " + t.partitions());
            }
            Map<String, Object> cfg = k.getSpec().getConfig() == null ? Map.of() : k.getSpec().getConfig();
            t.configs().forEach((key, value) -> {
                if (!value.equals(String.valueOf(cfg.get(key)))) {
                    problems.add("KafkaTopic " + t.name() + ": " + key + "=" + cfg.get(key)
                            + ", the catalogue declares " + value);
                }
            });
        }
        declared.keySet().stream().filter(n -> Topics.byName(n).isEmpty())
                .forEach(n -> problems.add("KafkaTopic " + n + " is not in the Topics catalogue"));
        Map<String, String> config = configMaps(docs);
        for (ServiceConfigs.Service s : services.values()) {
            Map<String, String> used = new TreeMap<>(s.topicProperties());
            Workload w = workloads(docs).get(s.name());
            if (w != null) {
                environment(w.pod().getContainers().get(0), config).forEach((k, v) -> {
                    if (k.endsWith("_TOPIC") || k.endsWith("_TOPICS")) {
                        used.put(k, v);
                    }
                });
            }
            used.forEach((property, value) -> {
                for (String topic : value.split(",")) {
                    if (!topic.isBlank() && !declared.containsKey(topic.trim())) {
                        problems.add(s.name() + " uses topic " + topic.trim() + " (" + property
                                + ") but no KafkaTopic declares it");
                    }
                }
            });
        }
        return problems;
    }

    /**
     * Each KEDA ScaledObject scales a service's workload on its consumer group's lag, never beyond the partitions of
     * the topic it reads (more consumers would idle).
     */
    static List<String> autoscalingProblems(List<ObjectNode> docs) {
        List<String> problems = new ArrayList<>();
        Map<String, Workload> workloads = workloads(docs);
        for (ObjectNode doc : docs) {
            if (type(doc).equals("keda.sh/v1alpha1/ScaledObject")) {
                KedaModel.ScaledObject so = read(doc, KedaModel.ScaledObject.class);
                var target = so.spec().scaleTargetRef();
                Workload w = workloads.get(target.name());
                if (w == null || (target.kind() != null && !target.kind().equals(w.kind()))) {
                    problems.add(id(doc) + ": scales " + target.kind() + "/" + target.name()
                            + ", which is not a service workload");
                }
                for (KedaModel.Trigger t : so.spec().triggers()) {
                    String topic = t.metadata().get("topic");
                    var declared = topic == null ? null : Topics.byName(topic).orElse(null);
                    if (declared == null) {
                        problems.add(id(doc) + ": trigger topic " + topic + " is not in the Topics catalogue");
                    } else if (so.spec().maxReplicaCount() == null
                            || so.spec().maxReplicaCount() > declared.partitions()) {
                        problems.add(id(doc) + ": maxReplicaCount " + so.spec().maxReplicaCount()
                                + " exceeds the " + declared.partitions() + " partitions of " + topic);
                    }
                }
            } else if (doc.path("kind").asText().equals("HorizontalPodAutoscaler")) {
                var hpa = read(doc, io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class);
                String name = hpa.getSpec().getScaleTargetRef().getName();
                int max = hpa.getSpec().getMaxReplicas();
                int partitions = name.equals("cube-service") ? Topics.RAW_FILES.partitions()
                        : name.equals("fetcher-service") ? Topics.FETCH_REQUESTS.partitions()
                        : name.equals("feature-service") ? Topics.TARGETS.partitions() : 1;
                if (max > partitions) {
                    problems.add(id(doc) + ": maxReplicas " + max + " exceeds the input topic's " + partitions
                            + " partitions");
                }
            }
        }
        return problems;
    }

    // ---------------------------------------------------------------------------------------------- compose

    /** docker-compose: the five services, each with its own port, health check and only variables it reads. */
    static List<String> composeProblems(JsonNode compose, Map<String, ServiceConfigs.Service> services) {
        List<String> problems = new ArrayList<>();
        Set<String> present = new TreeSet<>();
        compose.path("services").fieldNames().forEachRemaining(n -> {
            if (services.containsKey(n)) {
                present.add(n);
            }
        });
        if (!present.equals(services.keySet())) {
            problems.add("docker-compose runs the services " + present + ", not " + services.keySet());
        }
        for (String name : present) {
            JsonNode svc = compose.path("services").path(name);
            ServiceConfigs.Service s = services.get(name);
            Map<String, String> env = new TreeMap<>();
            svc.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
            problems.addAll(environmentProblems("docker-compose " + name, env, s));
            boolean port = false;
            for (JsonNode p : svc.path("ports")) {
                String text = p.isObject() ? p.path("target").asText() : p.asText();
                port |= text.equals(Integer.toString(s.port())) || text.endsWith(":" + s.port());
            }
            if (!port) {
                problems.add("docker-compose " + name + ": does not publish its port " + s.port());
            }
            String health = svc.path("healthcheck").path("test").toString();
            if (!health.contains("/q/health/ready") || !health.contains(Integer.toString(s.port()))) {
                problems.add("docker-compose " + name + ": its healthcheck must ask /q/health/ready on port "
                        + s.port());
            }
        }
        String init = compose.path("services").path("kafka-init").toString();
        for (Topic<String, ?> t : Topics.all()) {
            String create = "--topic " + t.name() + " --partitions " + t.partitions();
            if (!init.contains(create) || !init.contains("--topic " + t.name() + " --partitions " + t.partitions()
                    + " --replication-factor 1 --config cleanup.policy=" + t.configs().get("cleanup.policy")
                    + " --config retention.ms=" + t.configs().get("retention.ms"))) {
                problems.add("docker-compose kafka-init does not create " + t.name() + " with " + t.partitions()
                        + " partitions and " + t.configs());
            }
        }
        return problems;
    }
}
