package org.hisscube.cube.streams;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.hisscube.contracts.store.ObjectStore;
import org.hisscube.science.cube.CubeExportReader;
import org.hisscube.science.cube.CubeExportWriter;
import org.hisscube.science.cube.Refusal;
import org.hisscube.science.cube.Target;

/**
 * Writes the export of (a region of) the streaming cube: the latest version of each built target, read back from
 * its target file, and the refused targets with their reasons, in one HDF5 file of HiSS-Cube's layout
 * ({@link CubeExportWriter}, the writer {@code hisscube cube build} uses), stored under {@code cube/exports/}.
 */
public final class CubeExporter {
    private final ObjectStore store;
    private final int zooms;
    private final Path scratch;

    /** What an export wrote. */
    public record Export(String bucket, String key, long bytes, int targets, int refusals, List<Long> targetIds) {
        public Export {
            targetIds = List.copyOf(targetIds);
        }
    }

    public CubeExporter(ObjectStore store, int zooms, Path scratch) {
        this.store = store;
        this.zooms = zooms;
        this.scratch = scratch;
    }

    /** Exports the given target states (built ones become rows, refused ones refusal rows; waiting ones are left out). */
    public Export export(String name, List<TargetState> states) {
        String key = CubeKeys.export(name);
        List<TargetState> sorted = new ArrayList<>(states);
        sorted.sort(Comparator.comparingLong(TargetState::targetId));
        List<Target> targets = new ArrayList<>();
        List<Refusal> refusals = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        try {
            Files.createDirectories(scratch);
            for (TargetState s : sorted) {
                if (s.status() == TargetState.Status.BUILT) {
                    targets.add(readTarget(s));
                    ids.add(s.targetId());
                } else if (s.status() == TargetState.Status.REFUSED) {
                    refusals.add(TargetLinker.refusalOf(s));
                }
            }
            Path out = Files.createTempFile(scratch, "export-", ".h5");
            try {
                long bytes = CubeExportWriter.write(out, targets, zooms, refusals);
                try (InputStream in = Files.newInputStream(out)) {
                    store.put(key, in, Files.size(out), "application/x-hdf5",
                            Map.of("targets", Integer.toString(targets.size())));
                }
                return new Export(store.bucket(), key, bytes, targets.size(), refusals.size(), ids);
            } finally {
                RawFileIngester.deleteQuietly(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write export " + key, e);
        }
    }

    private Target readTarget(TargetState s) throws IOException {
        Path tmp = Files.createTempFile(scratch, "target-", ".h5");
        try {
            try (InputStream in = store.get(s.targetKey())) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            List<Target> l = CubeExportReader.read(tmp).targets();
            if (l.size() != 1 || l.get(0).id() != s.targetId()) {
                throw new CubeException(s.targetKey() + " does not hold target " + s.targetId());
            }
            return l.get(0);
        } finally {
            RawFileIngester.deleteQuietly(tmp);
        }
    }
}
