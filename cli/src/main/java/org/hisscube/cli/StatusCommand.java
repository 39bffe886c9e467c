package org.hisscube.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hisscube status}: what is where in a running {@code ./hisscube up}, read from its services: objects in the
 * store by kind, targets by status, featurised targets per zoom, the live model per kind and zoom with its macro-F1,
 * and consumer lag per stage.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "What is where in a running ./hisscube up: objects in the store, targets, features, live models, "
                + "consumer lag. Exit code 0 when every service answered, 3 when no running up was found, 4 when "
                + "some service did not answer.")
final class StatusCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--dir", description = "The working folder of the running up (default: .hisscube/run)")
    Path dir;

    @Option(names = "--json", description = "Print one JSON document instead of tables.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Path work = RunningUp.workDir(dir);
        var up = RunningUp.find(work);
        if (up.isEmpty()) {
            return 3;
        }
        Map<String, Integer> ports = up.get().ports();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        ObjectNode all = JSON.createObjectNode();
        int missing = 0;
        missing += fetch(http, all, "store", ports.get("metrics-service"), "/api/store");
        missing += fetch(http, all, "cube", ports.get("cube-service"), "/api/cube/stats");
        missing += fetch(http, all, "science", ports.get("metrics-service"), "/api/science");
        missing += fetch(http, all, "consumer_lag", ports.get("metrics-service"), "/api/consumer-lag");
        all.set("services", JSON.valueToTree(ports));
        all.put("prometheus", up.get().prometheus());
        if (json) {
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(all));
        } else {
            print(all, out);
        }
        if (missing > 0) {
            System.err.println(missing + " service request(s) failed: see the logs under " + work.resolve("logs"));
            return 4;
        }
        return 0;
    }

    private static int fetch(HttpClient http, ObjectNode into, String field, Integer port, String path) {
        if (port == null) {
            into.putNull(field);
            return 1;
        }
        try {
            HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() != 200) {
                into.putNull(field);
                return 1;
            }
            into.set(field, JSON.readTree(resp.body()));
            return 0;
        } catch (IOException e) {
            into.putNull(field);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            into.putNull(field);
            return 1;
        }
    }

    static void print(JsonNode s, PrintStream out) {
        out.println("Objects in the store");
        if (s.path("store").isObject()) {
            s.path("store").fields().forEachRemaining(e -> out.printf(Locale.ROOT, "  %-28s %8d%n", e.getKey(),
                    e.getValue().asLong()));
        } else {
            out.println("  (the metrics-service did not answer)");
        }
        out.println();
        out.println("Cube");
        JsonNode cube = s.path("cube");
        if (cube.isObject()) {
            out.println("  files calibrated    " + cube.path("filesIngested"));
            out.println("  targets by status   " + cube.path("targetsByStatus"));
            out.println("  targets per class   " + cube.path("targetsPerClass"));
            out.println("  bytes per zoom      " + cube.path("bytesPerZoom"));
        } else {
            out.println("  (the cube-service did not answer)");
        }
        out.println();
        JsonNode science = s.path("science");
        out.println("Featurised targets (zoom: class train/validation/test)");
        if (science.path("featurised").isObject() && !science.path("featurised").isEmpty()) {
            science.path("featurised").fields().forEachRemaining(z -> {
                StringBuilder b = new StringBuilder("  zoom " + z.getKey() + ":");
                z.getValue().fields().forEachRemaining(c -> b.append(String.format(Locale.ROOT, "  %s %d/%d/%d",
                        c.getKey(), c.getValue().path("train").asInt(), c.getValue().path("validation").asInt(),
                        c.getValue().path("test").asInt())));
                out.println(b);
            });
        } else {
            out.println("  none yet");
        }
        out.println();
        out.println("Live models");
        if (science.path("live").isArray() && !science.path("live").isEmpty()) {
            out.println("  model              zoom  version  test macro-F1  train/test targets");
            for (JsonNode m : science.path("live")) {
                out.printf(Locale.ROOT, "  %-17s  %4d  %7d  %13s  %d/%d%n", m.path("model").asText(),
                        m.path("zoom").asInt(), m.path("version").asInt(), f3(m.path("macroF1")),
                        m.path("trainTargets").asInt(), m.path("testTargets").asInt());
            }
        } else {
            out.println("  none yet (the trainer trains once it has enough labelled targets)");
        }
        out.println();
        out.println("Consumer lag per stage (records behind, summed over partitions)");
        JsonNode lag = s.path("consumer_lag");
        if (lag.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = lag.fields(); it.hasNext();) {
                var g = it.next();
                Map<String, Long> byTopic = new TreeMap<>();
                g.getValue().forEach(p -> byTopic.merge(p.path("topic").asText(), p.path("lag").asLong(), Long::sum));
                byTopic.forEach((t, l) -> out.printf(Locale.ROOT, "  %-18s %-40s %8d%n", g.getKey(), t, l));
            }
        } else {
            out.println("  (the metrics-service did not answer)");
        }
        if (!s.path("prometheus").isNull() && !s.path("prometheus").asText("").isEmpty()) {
            out.println();
            out.println("Prometheus: " + s.path("prometheus").asText());
        }
    }

    private static String f3(JsonNode v) {
        return v.isNumber() ? String.format(Locale.ROOT, "%.3f", v.asDouble()) : "–";
    }
}
