package org.hisscube.science.hdf5;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A segment file as written: where it is and how many bytes it has.
 *
 * @param path the file (the {@code out} path given to the writer)
 * @param sizeBytes its size in bytes
 */
public record SegmentFile(Path path, long sizeBytes) {
    public SegmentFile {
        Objects.requireNonNull(path, "path");
    }
}
