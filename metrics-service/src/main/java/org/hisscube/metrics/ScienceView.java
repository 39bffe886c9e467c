package org.hisscube.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hisscube.contracts.events.FeaturesComputed;
import org.hisscube.contracts.events.ModelEvaluated;
import org.hisscube.contracts.events.ModelPublished;
import org.hisscube.servicekit.Metrics;

/**
 * The science state, read from the trainer's and the feature-service's events: the live model version of every model
 * kind and zoom with its test macro-F1 and per-class F1 ({@code trainer.evaluations} with {@code live = 1}, confirmed
 * by {@code trainer.models}), the latest evaluated version (live or not) and the featurised targets per zoom, class
 * and split ({@code features.embeddings}, distinct targets). Gauges: {@code hisscube_metrics_live_model_version},
 * {@code hisscube_metrics_live_macro_f1}, {@code hisscube_metrics_live_class_f1},
 * {@code hisscube_metrics_evaluated_macro_f1}, {@code hisscube_metrics_featurised_targets}.
 */
@ApplicationScoped
public class ScienceView {
    /** The trainer's model ids: {@code <kind>-z<zoom>-v<version>}. */
    private static final Pattern MODEL_ID = Pattern.compile("^(.+)-z(\\d+)-v(\\d+)$");

    /** One evaluated version of a model kind at a zoom. */
    public record Evaluated(String model, int zoom, String modelId, int version, boolean live, double macroF1,
            Map<String, Double> classF1, int trainTargets, int testTargets, double trainSeconds, Instant at) {
    }

    static final List<String> CLASSES = List.of("GALAXY", "QSO", "STAR");

    @Inject
    MeterRegistry registry;

    /** The model kinds and zooms the trainer trains (its own settings): their gauges exist, NaN, from the start. */
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "hisscube.metrics.models",
            defaultValue = "photometry,spectrum,image,fused")
    List<String> models;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "hisscube.metrics.zooms", defaultValue = "2")
    List<Integer> zooms;

    @jakarta.annotation.PostConstruct
    void registerConfigured() {
        for (String m : models) {
            for (int z : zooms) {
                register(m.trim().toLowerCase(java.util.Locale.ROOT), z, CLASSES);
            }
        }
    }

    private void register(String model, int zoom, java.util.Collection<String> classes) {
        String key = model + "|" + zoom;
        Tags tags = Tags.of("model", model, "zoom", Integer.toString(zoom));
        Gauge.builder(Metrics.name("metrics-service", "evaluated_macro_f1"), latest,
                l -> l.containsKey(key) ? l.get(key).macroF1() : Double.NaN).tags(tags)
                .description("test macro-F1 of the latest evaluated version, live or not").register(registry);
        Gauge.builder(Metrics.name("metrics-service", "live_macro_f1"), live,
                l -> l.containsKey(key) ? l.get(key).macroF1() : Double.NaN).tags(tags)
                .description("test macro-F1 of the live version").register(registry);
        Gauge.builder(Metrics.name("metrics-service", "live_model_version"), live,
                l -> l.containsKey(key) ? l.get(key).version() : Double.NaN).tags(tags)
                .description("version number of the live model").register(registry);
        for (String cls : classes) {
            Gauge.builder(Metrics.name("metrics-service", "live_class_f1"), live,
                    l -> l.containsKey(key) ? l.get(key).classF1().getOrDefault(cls, Double.NaN) : Double.NaN)
                    .tags(tags.and("class", cls)).description("test F1 of one class for the live version")
                    .register(registry);
        }
    }

    private final Map<String, Evaluated> live = new ConcurrentHashMap<>();
    private final Map<String, Evaluated> latest = new ConcurrentHashMap<>();
    private final Map<String, ModelPublished> published = new ConcurrentHashMap<>();
    /** Distinct targets per "zoom|class|split". */
    private final Map<String, Set<Long>> featurised = new ConcurrentHashMap<>();

    public void onEvaluated(ModelEvaluated e) {
        Matcher m = MODEL_ID.matcher(e.modelId());
        if (!m.matches()) {
            return; // experiment models (exp-…) are the experiment's, never live
        }
        String model = m.group(1);
        String key = model + "|" + e.zoom();
        Map<String, Double> classF1 = new TreeMap<>();
        e.metrics().forEach((k, v) -> {
            if (k.startsWith("f1_")) {
                classF1.put(k.substring(3), v);
            }
        });
        boolean isLive = e.metrics().getOrDefault("live", 0.0) >= 1.0;
        Evaluated ev = new Evaluated(model, e.zoom(), e.modelId(), e.modelVersion(), isLive,
                e.metrics().getOrDefault("macro_f1", Double.NaN), classF1, e.trainSize(), e.testSize(),
                e.trainSeconds(), e.occurredAt());
        // versions only grow: an event read twice (the replay after a restart, then the observer) never goes back
        latest.merge(key, ev, (was, now) -> now.version() >= was.version() ? now : was);
        if (isLive) {
            live.merge(key, ev, (was, now) -> now.version() >= was.version() ? now : was);
        }
        // Micrometer keeps the first gauge of a name and tags: registering again for a known kind and zoom is a no-op
        register(model, e.zoom(), classF1.keySet());
    }

    public void onPublished(ModelPublished p) {
        Matcher m = MODEL_ID.matcher(p.modelId());
        if (m.matches()) {
            published.put(m.group(1) + "|" + p.zoom(), p);
        }
    }

    public void onFeatures(FeaturesComputed f) {
        String key = f.zoom() + "|" + f.objectClass() + "|" + f.split();
        Set<Long> set = featurised.computeIfAbsent(key, k -> {
            Set<Long> s = ConcurrentHashMap.newKeySet();
            Gauge.builder(Metrics.name("metrics-service", "featurised_targets"), s, Set::size)
                    .tags("zoom", Integer.toString(f.zoom()), "class", String.valueOf(f.objectClass()), "split",
                            String.valueOf(f.split()))
                    .description("distinct targets with features, per zoom, class and split").register(registry);
            return s;
        });
        set.add(f.targetId());
    }

    /** The live version of every model kind and zoom, sorted by kind then zoom. */
    public List<Evaluated> live() {
        return sorted(live);
    }

    /** The latest evaluated version of every model kind and zoom. */
    public List<Evaluated> latest() {
        return sorted(latest);
    }

    /** The registry entry of a live model (model file key, training targets), by "kind|zoom". */
    public Map<String, ModelPublished> published() {
        return Map.copyOf(published);
    }

    /** Distinct featurised targets: zoom → class → split → count. */
    public Map<Integer, Map<String, Map<String, Integer>>> featurised() {
        Map<Integer, Map<String, Map<String, Integer>>> out = new TreeMap<>();
        featurised.forEach((k, v) -> {
            String[] p = k.split("\\|", 3);
            out.computeIfAbsent(Integer.parseInt(p[0]), z -> new TreeMap<>())
                    .computeIfAbsent(p[1], c -> new TreeMap<>()).put(p[2], v.size());
        });
        return out;
    }

    private static List<Evaluated> sorted(Map<String, Evaluated> m) {
        List<Evaluated> out = new ArrayList<>(m.values());
        out.sort(java.util.Comparator.comparing(Evaluated::model).thenComparingInt(Evaluated::zoom));
        return out;
    }
}
