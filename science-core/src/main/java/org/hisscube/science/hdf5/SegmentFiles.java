package org.hisscube.science.hdf5;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.hisscube.science.ScienceException;

/**
 * Writes one complete HDF5 file with jHDF, reproducibly and atomically.
 *
 * <ul>
 *   <li>jHDF does not truncate an existing file: writing a smaller file over a larger one leaves the old tail in
 *       place (the HDF5 content is valid, the bytes are not reproducible). So the file is always written to a fresh
 *       temporary file next to {@code out} and then moved over it (atomically where the file system allows): a
 *       reader never sees a half-written segment, and a replay gives the same bytes as the first write.</li>
 *   <li>jHDF stamps every file with a root attribute {@code _jHDF = "jHDF - <version> - <OS> - <arch> - <endian>"};
 *       it is removed (but see the next point: the same text still ends the file, outside any object, so files
 *       written on another OS or architecture differ in those last bytes). jHDF 0.13.0 writes no time stamp and
 *       lays the file out in a fixed order (depth first; a group's children in the hash order of their names, not
 *       in call order): the same calls give the same bytes (the tests compare SHA-256 of two writes; files written
 *       by different JVMs minutes apart were also identical).</li>
 *   <li>jHDF 0.13.0 ends every write by writing the text of its stamp (≈ 36 bytes) at the file channel's current
 *       position, which is the end of the last dataset's data. When a group without children is laid out after the
 *       last dataset, its object header is overwritten and the file cannot be read (jHDF, h5py and h5dump all fail).
 *       Writers must make sure that the last object of the file is a dataset (children are laid out in jHDF's hash
 *       order, not in call order); as a guard, every file is opened and all its object headers are visited before it
 *       is moved into place (~1 ms for an image segment: headers and attributes only, no data), and an unreadable
 *       one is a {@link ScienceException}. When the last object is a dataset the text lands after it, at the end of
 *       the file.</li>
 *   <li>jHDF opens the file itself and writes a 2-D dataset one row per {@code write} call; it is handed a path
 *       that opens as a {@link CoalescingFileChannel}, which turns those calls into 1 MB writes without changing a
 *       byte of the file.</li>
 *   <li>No fsync: durability is the caller's business (segments are uploaded to object storage anyway).</li>
 * </ul>
 */
public final class SegmentFiles {
    private SegmentFiles() {
    }

    /** Writes a complete HDF5 file with {@code body}, atomically and reproducibly (see the class comment). */
    public static SegmentFile write(Path out, Consumer<WritableHdfFile> body) {
        Path target = out.toAbsolutePath().normalize();
        Path dir = target.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = createTemporary(dir, target.getFileName().toString());
            try (WritableHdfFile file = HdfFile.write(CoalescingFileChannel.pathFor(tmp))) {
                file.removeAttribute(SegmentLayout.JHDF_STAMP_ATTRIBUTE);
                body.accept(file);
            }
            requireReadable(tmp, out);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            return new SegmentFile(out, Files.size(target));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write HDF5 segment " + out, e);
        } catch (ScienceException | IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ScienceException("cannot write HDF5 segment " + out + ": " + e, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the original exception matters more
                }
            }
        }
    }

    /**
     * Opens the written file and visits every object header (groups, datasets, attributes; no data), so that a file
     * jHDF wrote wrongly is never moved into place (see the class comment).
     */
    private static void requireReadable(Path tmp, Path out) {
        try (HdfFile f = new HdfFile(tmp)) {
            visit(f);
        } catch (RuntimeException e) {
            throw new ScienceException("jHDF wrote an unreadable HDF5 file for " + out + " (" + e
                    + "); a group without children as the last object of the file is a known cause", e);
        }
    }

    private static void visit(Group g) {
        g.getAttributes();
        for (Node n : g.getChildren().values()) {
            if (n instanceof Group child) {
                visit(child);
            } else {
                n.getAttributes();
                ((Dataset) n).getDimensions();
            }
        }
    }

    /**
     * A new empty file {@code .<name>.<random>.tmp} in {@code dir}, created with the default permissions (umask), not
     * the owner-only ones of {@link Files#createTempFile}, so that the moved segment is readable like any file.
     */
    private static Path createTemporary(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path p = dir.resolve("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                return Files.createFile(p);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            }
        }
    }

    /** Puts a string attribute, refusing null (jHDF would fail later, with a less helpful message). */
    static void attr(WritableNode node, String name, String value) {
        if (value == null) {
            throw new IllegalArgumentException("attribute " + name + " is null");
        }
        node.putAttribute(name, value);
    }
}
