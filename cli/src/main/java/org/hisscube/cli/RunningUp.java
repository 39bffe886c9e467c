package org.hisscube.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A running {@code ./hisscube up} as other commands find it: the {@code running.json} it writes into its working
 * folder (pid, service ports, Prometheus URL), checked against the process table.
 */
record RunningUp(Path work, long pid, Map<String, Integer> ports, String prometheus) {
    static final String FILE = "running.json";

    /** The working folder: {@code dir} or the default {@code .hisscube/run} of the checkout. */
    static Path workDir(Path dir) {
        return (dir != null ? dir : RepoLayout.root().resolve(".hisscube/run")).toAbsolutePath();
    }

    /** The up running in this folder; empty (with the reason on stderr) when there is none. */
    static Optional<RunningUp> find(Path work) throws IOException {
        Path file = work.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            System.err.println("No running ./hisscube up in " + work + " (no " + FILE + "): start one with "
                    + "./hisscube up, or point --dir at its working folder.");
            return Optional.empty();
        }
        JsonNode r = new ObjectMapper().readTree(file.toFile());
        long pid = r.path("pid").asLong();
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            System.err.println("The ./hisscube up that wrote " + file + " (pid " + pid + ") is not running any more: "
                    + "start it again with ./hisscube up (it resumes).");
            return Optional.empty();
        }
        Map<String, Integer> ports = new TreeMap<>();
        r.path("ports").fields().forEachRemaining(e -> ports.put(e.getKey(), e.getValue().asInt()));
        return Optional.of(new RunningUp(work, pid, ports, r.path("prometheus").isTextual()
                ? r.path("prometheus").asText() : null));
    }
}
