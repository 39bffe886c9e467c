package org.hisscube.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where things are in the repository checkout the CLI runs from. */
final class RepoLayout {
    private RepoLayout() {
    }

    /** The repository root: $HISSCUBE_HOME (set by ./hisscube), else the first parent holding data/sdss-sample. */
    static Path root() {
        String home = System.getenv("HISSCUBE_HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home).toAbsolutePath();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("data/sdss-sample"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repository root (no data/sdss-sample above "
                + Path.of("").toAbsolutePath() + "); set HISSCUBE_HOME");
    }

    static Path serviceJar(String service) {
        return root().resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
    }
}
