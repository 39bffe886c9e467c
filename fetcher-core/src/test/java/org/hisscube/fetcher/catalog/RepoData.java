package org.hisscube.fetcher.catalog;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository's real data: system property {@code hisscube.repo.root}, else up from the working folder. */
final class RepoData {
    private static Path root;

    private RepoData() {
    }

    static synchronized Path root() {
        if (root == null) {
            String prop = System.getProperty("hisscube.repo.root");
            if (prop != null && !prop.isBlank() && Files.isDirectory(Path.of(prop, "data", "catalogs"))) {
                root = Path.of(prop).toAbsolutePath().normalize();
            } else {
                Path p = Path.of("").toAbsolutePath();
                while (p != null && !Files.isDirectory(p.resolve("data").resolve("catalogs"))) {
                    p = p.getParent();
                }
                if (p == null) {
                    throw new IllegalStateException("no data/catalogs above " + Path.of("").toAbsolutePath()
                            + " (set -Dhisscube.repo.root)");
                }
                root = p;
            }
        }
        return root;
    }

    static Path catalogs() {
        return root().resolve("data").resolve("catalogs");
    }

    static Path catalog(String name) {
        return catalogs().resolve(name);
    }

    static Path calib(String name) {
        return root().resolve("data").resolve("sdss-calib").resolve(name);
    }
}
