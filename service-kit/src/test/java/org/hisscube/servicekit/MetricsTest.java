package org.hisscube.servicekit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void shouldNameMetricsByServiceWithoutTheServiceSuffix() {
        assertThat(Metrics.name("metrics-service", "events")).isEqualTo("hisscube.metrics.events");
        assertThat(Metrics.name("cube-service", "dead_letters")).isEqualTo("hisscube.cube.dead_letters");
        assertThat(Metrics.name("local-stack", "x")).isEqualTo("hisscube.local_stack.x");
    }
}
