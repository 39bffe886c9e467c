package org.hisscube.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.hisscube.contracts.events.EventDeadLettered;
import org.hisscube.servicekit.Metrics;

/**
 * What the observer has seen: events per topic and type, dead letters per source topic and cause, and the most
 * recent dead letters. Exported as hisscube_metrics_events_total, hisscube_metrics_topic_dead_letters_total{topic} (every
 * topic from zero) and hisscube_metrics_dead_letters_seen_total{topic,cause}. Trainer and feature events go on to the
 * {@link ScienceView}.
 */
@ApplicationScoped
public class EventCounts {
    static final int RECENT = 100;

    @Inject
    MeterRegistry registry;

    @Inject
    ScienceView science;

    /** Dead letters per source topic, every topic of the catalogue from zero, so that alerts see the first one. */
    private final Map<String, io.micrometer.core.instrument.Counter> deadLettersByTopic = new ConcurrentHashMap<>();

    @jakarta.annotation.PostConstruct
    void registerTopics() {
        for (var t : org.hisscube.contracts.Topics.main()) {
            deadLetterCounter(t.name());
        }
    }

    private io.micrometer.core.instrument.Counter deadLetterCounter(String topic) {
        return deadLettersByTopic.computeIfAbsent(topic, t -> io.micrometer.core.instrument.Counter
                .builder(Metrics.name("metrics-service", "topic_dead_letters")).tag("topic", t)
                .description("dead letters set aside from this topic, by any service").register(registry));
    }

    private final Map<String, AtomicLong> byTopic = new ConcurrentHashMap<>();
    private final Deque<EventDeadLettered> recent = new ArrayDeque<>();
    private final Map<String, org.hisscube.contracts.events.ExperimentCompleted> experiments =
            new java.util.concurrent.ConcurrentSkipListMap<>();
    private final Map<String, Double> experimentF1 = new ConcurrentHashMap<>();

    public void recordEvent(String topic, Object event) {
        registry.counter(Metrics.name("metrics-service", "events"), "topic", topic, "type",
                event.getClass().getSimpleName()).increment();
        byTopic.computeIfAbsent(topic, t -> new AtomicLong()).incrementAndGet();
        if (event instanceof org.hisscube.contracts.events.ModelEvaluated e) {
            science.onEvaluated(e);
        } else if (event instanceof org.hisscube.contracts.events.ModelPublished p) {
            science.onPublished(p);
        } else if (event instanceof org.hisscube.contracts.events.FeaturesComputed f) {
            science.onFeatures(f);
        }
        if (event instanceof org.hisscube.contracts.events.ExperimentCompleted e) {
            rememberExperiment(e);
        }
    }

    /** Keeps an experiment's latest run and its gauges (idempotent: the replay after a restart applies it again). */
    public void rememberExperiment(org.hisscube.contracts.events.ExperimentCompleted e) {
        var known = experiments.get(e.experiment());
        if (known != null && known.occurredAt().isAfter(e.occurredAt())) {
            return;
        }
        experiments.put(e.experiment(), e);
        // models of an earlier run that this run did not train have no current score
        experimentF1.replaceAll((key, f1) -> key.startsWith(e.experiment() + "/")
                && !e.meanMacroF1().containsKey(key.substring(e.experiment().length() + 1)) ? Double.NaN : f1);
        // the last run's mean test macro-F1 per experiment and model (kind-zoom), for dashboards and alerts
        e.meanMacroF1().forEach((model, f1) -> {
            String key = e.experiment() + "/" + model;
            if (experimentF1.put(key, f1) == null) {
                // registered once per experiment and model; the map holds the latest value
                registry.gauge(Metrics.name("metrics-service", "experiment_macro_f1"), io.micrometer.core
                        .instrument.Tags.of("experiment", e.experiment(), "model", model), experimentF1,
                        m -> m.getOrDefault(key, Double.NaN));
            }
        });
    }

    /** The latest run of every experiment seen on experiments.summaries, by name. */
    public Map<String, org.hisscube.contracts.events.ExperimentCompleted> experiments() {
        return Map.copyOf(experiments);
    }

    public void recordMalformed(String topic) {
        registry.counter(Metrics.name("metrics-service", "malformed_seen"), "topic", topic).increment();
    }

    public void recordDeadLetter(String dlqTopic, EventDeadLettered letter) {
        registry.counter(Metrics.name("metrics-service", "dead_letters_seen"), "topic", letter.sourceTopic(),
                "cause", letter.errorType()).increment();
        deadLetterCounter(letter.sourceTopic()).increment();
        byTopic.computeIfAbsent(dlqTopic, t -> new AtomicLong()).incrementAndGet();
        synchronized (recent) {
            recent.addFirst(letter);
            while (recent.size() > RECENT) {
                recent.removeLast();
            }
        }
    }

    public Map<String, Long> countsByTopic() {
        Map<String, Long> out = new TreeMap<>();
        byTopic.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    public List<EventDeadLettered> recentDeadLetters() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }
}
