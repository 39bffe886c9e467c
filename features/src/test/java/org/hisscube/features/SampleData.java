package org.hisscube.features;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root (the folder holding data/sdss-sample), found upwards from the working directory. */
final class SampleData {
    private SampleData() {
    }

    static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("data/sdss-sample"))) {
                return p;
            }
        }
        throw new IllegalStateException("data/sdss-sample not found above " + Path.of("").toAbsolutePath());
    }
}
