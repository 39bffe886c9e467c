package org.hisscube.cube.streams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The cube's scratch folder: segments and target files are written there before their upload and deleted after.
 * A process killed in between leaves its file behind; {@link #collect} deletes such leftovers when the cube starts
 * (before any stream thread runs, so nothing of the new process is touched) and names them in the log.
 */
public final class ScratchFolder {
    private static final Logger LOG = Logger.getLogger(ScratchFolder.class);
    /** Prefixes of the scratch files the ingester and the linker write. */
    static final List<String> PREFIXES = List.of("segment-", "target-");

    private ScratchFolder() {
    }

    /** Deletes the leftovers of an earlier process in {@code dir}; returns their names. */
    public static List<String> collect(Path dir) {
        List<String> deleted = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return deleted;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (isLeftover(name) && Files.isRegularFile(f)) {
                    long size = Files.size(f);
                    Files.delete(f);
                    deleted.add(name);
                    LOG.warnf("deleted scratch file %s (%d bytes) left behind by an earlier process", f, size);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean the scratch folder " + dir, e);
        }
        return deleted;
    }

    /**
     * A scratch file: {@code segment-….h5} or {@code target-….h5}, or the temporary file a writer was killed while
     * filling ({@code .segment-….h5.<random>.tmp}, renamed to the former when complete).
     */
    static boolean isLeftover(String name) {
        for (String prefix : PREFIXES) {
            if (name.startsWith(prefix) && name.endsWith(".h5")
                    || name.startsWith("." + prefix) && name.contains(".h5.") && name.endsWith(".tmp")) {
                return true;
            }
        }
        return false;
    }
}
