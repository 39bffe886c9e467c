package org.hisscube.cube.streams;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.hisscube.contracts.events.FrameIngested;
import org.hisscube.contracts.events.SpectrumIngested;

/**
 * The spatial index of one HEALPix order-10 cell (the {@code cube-cell-frames} and {@code cube-cell-spectra}
 * stores): the image segments that cover it and the spectrum segments inside it, sorted by file id, at most one
 * entry per file id (the latest event wins).
 */
public final class CellContents {
    private CellContents() {
    }

    /** Image segments covering a cell. */
    public record Frames(List<FrameIngested> frames) {
        public Frames {
            frames = List.copyOf(frames);
        }

        public static Frames empty() {
            return new Frames(List.of());
        }

        /** This list with {@code f} added or replacing the entry of the same file id; {@code this} if unchanged. */
        public Frames with(FrameIngested f) {
            List<FrameIngested> l = new ArrayList<>(frames);
            for (int i = 0; i < l.size(); i++) {
                if (l.get(i).fileId().equals(f.fileId())) {
                    if (l.get(i).segmentKey().equals(f.segmentKey())) {
                        return this;
                    }
                    l.set(i, f);
                    return new Frames(l);
                }
            }
            l.add(f);
            l.sort(Comparator.comparing(FrameIngested::fileId));
            return new Frames(l);
        }
    }

    /** Spectrum segments inside a cell. */
    public record Spectra(List<SpectrumIngested> spectra) {
        public Spectra {
            spectra = List.copyOf(spectra);
        }

        public static Spectra empty() {
            return new Spectra(List.of());
        }

        public Spectra with(SpectrumIngested s) {
            List<SpectrumIngested> l = new ArrayList<>(spectra);
            for (int i = 0; i < l.size(); i++) {
                if (l.get(i).fileId().equals(s.fileId())) {
                    if (l.get(i).segmentKey().equals(s.segmentKey()) && l.get(i).healpix15() == s.healpix15()) {
                        return this;
                    }
                    l.set(i, s);
                    return new Spectra(l);
                }
            }
            l.add(s);
            l.sort(Comparator.comparing(SpectrumIngested::fileId));
            return new Spectra(l);
        }

        /** The spectra of one target (order-15 cell). */
        public List<SpectrumIngested> ofTarget(long targetId) {
            return spectra.stream().filter(s -> s.healpix15() == targetId).toList();
        }
    }
}
