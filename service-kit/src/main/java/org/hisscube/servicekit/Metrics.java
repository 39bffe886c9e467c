package org.hisscube.servicekit;

/** Metric naming: {@code hisscube.<service>.<what>} becomes {@code hisscube_<service>_<what>_<unit>} in Prometheus. */
public final class Metrics {
    private Metrics() {
    }

    /** e.g. name("metrics-service", "events") → "hisscube.metrics.events". */
    public static String name(String service, String what) {
        String s = service.endsWith("-service") ? service.substring(0, service.length() - "-service".length())
                : service;
        return "hisscube." + s.replace('-', '_') + "." + what;
    }
}
