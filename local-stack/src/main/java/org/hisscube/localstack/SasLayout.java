package org.hisscube.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hisscube.contracts.sdss.SasPaths;

/** Lays SDSS files found under a folder out in the DR17 SAS layout (as symbolic links), for the SAS mirror. */
public final class SasLayout {
    private SasLayout() {
    }

    /**
     * Links every frame and spec-lite file under {@code source} (recursively) into {@code target} at its SAS path.
     *
     * @return the SAS-relative paths laid out, sorted
     */
    public static List<String> mirror(Path source, Path target) {
        List<String> laid = new ArrayList<>();
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String sas = SasPaths.forFileName(file.getFileName().toString());
                if (sas == null) {
                    continue;
                }
                Path link = target.resolve(sas);
                Files.createDirectories(link.getParent());
                Files.deleteIfExists(link);
                Files.createSymbolicLink(link, file.toAbsolutePath());
                laid.add(sas);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay out " + source + " in SAS layout under " + target, e);
        }
        laid.sort(null);
        return laid;
    }
}
