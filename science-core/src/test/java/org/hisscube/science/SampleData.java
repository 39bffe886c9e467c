package org.hisscube.science;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the project's bundled real SDSS files are (data/ at the repository root; see data/PROVENANCE.md). */
public final class SampleData {
    private SampleData() {
    }

    public static Path root() {
        String prop = System.getProperty("hisscube.repo.root");
        Path base = prop != null ? Path.of(prop) : Path.of("").toAbsolutePath();
        for (Path p = base; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("data/sdss-sample"))) {
                return p.resolve("data");
            }
        }
        throw new IllegalStateException("data/sdss-sample not found above " + base);
    }

    public static Path frame(String name) {
        return root().resolve("sdss-sample/frames").resolve(name);
    }

    public static Path spectrum(String name) {
        return root().resolve("sdss-sample/spectra").resolve(name);
    }

    public static Path reference(String name) {
        return root().resolve("reference").resolve(name);
    }
}
