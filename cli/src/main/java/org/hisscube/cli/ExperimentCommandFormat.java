package org.hisscube.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** Small text renderings shared by the experiment command's outputs. */
final class ExperimentCommandFormat {
    private ExperimentCommandFormat() {
    }

    /** "2 cores, 24 GiB, Linux amd64, Java 17.0.15" from a report's machine object. */
    static String machine(JsonNode m) {
        return m.path("cores").asInt() + " cores, " + m.path("memory_gib").asInt() + " GiB, " + m.path("os").asText()
                + ", Java " + m.path("java").asText();
    }
}
