package org.hisscube.science.cube;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.hisscube.science.ScienceException;
import org.hisscube.science.cutout.Cutout;
import org.hisscube.science.cutout.CutoutExtractor;
import org.hisscube.science.cutout.CutoutRefusal;
import org.hisscube.science.cutout.CutoutResult;
import org.hisscube.science.cutout.CutoutSource;
import org.hisscube.science.cutout.InverseVarianceStack;
import org.hisscube.science.healpix.Healpix;
import org.hisscube.science.spectrum.SampledSpectrum;
import org.hisscube.science.spectrum.SdssSpectrum;
import org.hisscube.science.spectrum.SpectrumPyramid;
import org.hisscube.science.spectrum.SpectrumRebinner;

/**
 * Links spectra and frames into targets (the rows of the ML cube), in batch.
 *
 * <ol>
 *   <li>Spectra are grouped by the HEALPix order-15 nested cell of (PLUG_RA, PLUG_DEC): the cell is the target id.
 *       Within a cell the spectra are sorted by file name; the first one gives the position the cutouts are centred
 *       on, the class, subclass and redshift (a disagreeing class, or a redshift differing by more than 0.01, is
 *       noted in {@link Target#notes()}).</li>
 *   <li>For each band u, g, r, i, z (wavelength order) every frame of the band is asked for a cutout at every zoom
 *       with {@link CutoutExtractor#wholeOnly()}; a frame counts when all its zooms give whole cutouts. Frames whose
 *       zoom-0 level does not contain the position (OFF_FRAME) are simply not covering frames.</li>
 *   <li>A target needs at least one counting frame in all five bands; otherwise it is a {@link Refusal} listing,
 *       per failing band, each covering frame's refusal ("r: EDGE at frame-r-...: window x -22..41 ...") or that no
 *       frame of the band contains the position.</li>
 *   <li>Cutouts of the same band and zoom from different frames (epochs) are combined with
 *       {@link InverseVarianceStack#stackCutouts}; the single-epoch cutouts are kept too
 *       ({@link TargetZoom#epochImages()}, one row per frame of {@link Target#frames()}); the spectra are rebinned to the HiSS grid
 *       ({@link SpectrumRebinner#toHissGrid}), halved per zoom ({@link SpectrumPyramid}) and combined per zoom with
 *       {@link InverseVarianceStack#stackSpectra}. A spectrum that cannot be rebinned (e.g. no valid sample) is left
 *       out with a note; a cell with no usable spectrum is refused.</li>
 * </ol>
 * The result does not depend on the order of the inputs: frames are taken in file-name order, targets come out
 * sorted by id. Stateless and thread-safe.
 */
public final class TargetBuilder {
    /** HEALPix order of target ids. */
    public static final int HEALPIX_ORDER = 15;
    /** Bands of the image planes, in wavelength order. */
    public static final List<String> BANDS = List.of("u", "g", "r", "i", "z");

    private final CutoutExtractor extractor;

    public TargetBuilder() {
        this(CutoutExtractor.wholeOnly());
    }

    public TargetBuilder(CutoutExtractor extractor) {
        this.extractor = Objects.requireNonNull(extractor, "extractor");
    }

    /** Targets (sorted by id) and refused cells (sorted by id). */
    public record Result(List<Target> targets, List<Refusal> refusals) {
        public Result {
            targets = List.copyOf(targets);
            refusals = List.copyOf(refusals);
        }
    }

    /** The target id of a spectrum: the nested order-15 cell of its plug position. */
    public static long targetId(SdssSpectrum s) {
        double ra = s.plugRa();
        double dec = s.plugDec();
        if (!Double.isFinite(ra) || !(dec >= -90 && dec <= 90)) {
            throw new ScienceException(s.fileName() + ": plug position (" + ra + ", " + dec
                    + ") is not a sky position");
        }
        return Healpix.ang2pixNest(HEALPIX_ORDER, ra, dec);
    }

    /**
     * Builds all targets.
     *
     * @param frames  calibrated pyramids with at least {@code zooms} levels
     * @param spectra spectra (any order)
     * @param zooms   number of zooms (≥ 1)
     */
    public Result build(List<FramePyramid> frames, List<SdssSpectrum> spectra, int zooms) {
        if (zooms < 1) {
            throw new IllegalArgumentException("zooms must be >= 1: " + zooms);
        }
        List<FramePyramid> sortedFrames = new ArrayList<>(frames);
        sortedFrames.sort(Comparator.comparing(FramePyramid::fileName));
        for (FramePyramid f : sortedFrames) {
            if (f.zoomCount() < zooms) {
                throw new IllegalArgumentException(f.fileName() + " has " + f.zoomCount() + " zoom levels, "
                        + zooms + " needed");
            }
        }
        Map<Long, List<SdssSpectrum>> cells = new TreeMap<>();
        for (SdssSpectrum s : spectra) {
            cells.computeIfAbsent(targetId(s), k -> new ArrayList<>()).add(s);
        }
        List<Target> targets = new ArrayList<>();
        List<Refusal> refusals = new ArrayList<>();
        for (Map.Entry<Long, List<SdssSpectrum>> e : cells.entrySet()) {
            List<SdssSpectrum> group = new ArrayList<>(e.getValue());
            group.sort(Comparator.comparing(SdssSpectrum::fileName));
            Object r = buildOne(e.getKey(), group, sortedFrames, zooms);
            if (r instanceof Target t) {
                targets.add(t);
            } else {
                refusals.add((Refusal) r);
            }
        }
        return new Result(targets, refusals);
    }

    /**
     * The spectrum whose plug position the cutouts of a target are centred on (and whose class and redshift the
     * target carries): the first by file name. A reader that fetches only the cutout windows uses it to know which
     * pixels the build will read.
     */
    public static SdssSpectrum anchor(List<SdssSpectrum> group) {
        return group.stream().min(Comparator.comparing(SdssSpectrum::fileName))
                .orElseThrow(() -> new IllegalArgumentException("a target needs at least one spectrum"));
    }

    private Object buildOne(long id, List<SdssSpectrum> group, List<FramePyramid> frames, int zooms) {
        SdssSpectrum first = anchor(group);
        double ra = first.plugRa();
        double dec = first.plugDec();
        List<String> files = group.stream().map(SdssSpectrum::fileName).toList();
        List<String> notes = new ArrayList<>();
        List<String> reasons = new ArrayList<>();

        // images: per band, per zoom, the whole cutouts of all counting frames
        List<List<List<Cutout>>> perBand = new ArrayList<>();
        List<UsedFrame> usedFrames = new ArrayList<>();
        for (String band : BANDS) {
            List<List<Cutout>> perZoom = new ArrayList<>();
            for (int z = 0; z < zooms; z++) {
                perZoom.add(new ArrayList<>());
            }
            List<String> bandReasons = new ArrayList<>();
            boolean anyFrame = false;
            for (FramePyramid f : frames) {
                if (!band.equals(f.filter())) {
                    continue;
                }
                anyFrame = true;
                List<Cutout> whole = new ArrayList<>(zooms);
                CutoutRefusal refused = null;
                for (int z = 0; z < zooms && refused == null; z++) {
                    CutoutResult c = extractor.extract(f.pyramid(), f.source(), z, ra, dec);
                    if (c instanceof Cutout cut) {
                        whole.add(cut);
                    } else {
                        refused = (CutoutRefusal) c;
                    }
                }
                if (refused == null) {
                    for (int z = 0; z < zooms; z++) {
                        perZoom.get(z).add(whole.get(z));
                    }
                    usedFrames.add(new UsedFrame(f.source(), whole));
                } else if (!(refused.reason() == CutoutRefusal.Reason.OFF_FRAME && refused.zoom() == 0)) {
                    bandReasons.add(band + ": " + refused.reason() + " at " + f.fileName() + ": "
                            + refused.message());
                }
            }
            if (perZoom.get(0).isEmpty()) {
                if (bandReasons.isEmpty()) {
                    reasons.add(anyFrame
                            ? String.format(Locale.ROOT, "%s: no frame of band %s contains (ra %.6f, dec %.6f)",
                                    band, band, ra, dec)
                            : band + ": no frame of band " + band + " was given");
                } else {
                    reasons.addAll(bandReasons);
                }
            } else {
                for (String r : bandReasons) {
                    notes.add("not used: " + r);
                }
            }
            perBand.add(perZoom);
        }

        // spectra: HiSS grid, pyramid, per zoom stack
        List<SpectrumPyramid> pyramids = new ArrayList<>();
        List<String> usedSpectra = new ArrayList<>();
        for (SdssSpectrum s : group) {
            try {
                pyramids.add(SpectrumPyramid.build(SpectrumRebinner.toHissGrid(s), zooms));
                usedSpectra.add(s.fileName());
            } catch (RuntimeException ex) {
                String why = s.fileName() + ": cannot rebin to the HiSS grid: " + ex.getMessage();
                notes.add("not used: " + why);
                if (group.size() == 1) {
                    reasons.add("spectrum " + why);
                }
            }
        }
        if (pyramids.isEmpty() && reasons.stream().noneMatch(r -> r.startsWith("spectrum "))) {
            reasons.add("spectrum: none of " + files + " could be rebinned to the HiSS grid");
        }
        if (!reasons.isEmpty()) {
            return new Refusal(id, ra, dec, files, reasons);
        }

        for (SdssSpectrum s : group.subList(1, group.size())) {
            if (!Objects.equals(s.className(), first.className())) {
                notes.add("class conflict: " + first.fileName() + " says " + first.className() + ", "
                        + s.fileName() + " says " + s.className() + "; kept " + first.className());
            }
            if (Math.abs(s.z() - first.z()) > 0.01) {
                notes.add(String.format(Locale.ROOT, "redshift conflict: %s says %.5f, %s says %.5f; kept %.5f",
                        first.fileName(), first.z(), s.fileName(), s.z(), first.z()));
            }
        }

        usedFrames.sort(Comparator.comparing(u -> u.source().frameFileName()));
        List<TargetZoom> out = new ArrayList<>(zooms);
        for (int z = 0; z < zooms; z++) {
            int size = CutoutExtractor.sizeAtZoom(z);
            float[][][] image = new float[BANDS.size()][][];
            float[][][] sigma = new float[BANDS.size()][][];
            for (int b = 0; b < BANDS.size(); b++) {
                InverseVarianceStack.StackedCutout st = InverseVarianceStack.stackCutouts(perBand.get(b).get(z));
                image[b] = rows(st.result().meanFloat32(), size);
                sigma[b] = rows(st.result().sigmaFloat32(), size);
            }
            List<SampledSpectrum> epochs = new ArrayList<>(pyramids.size());
            for (SpectrumPyramid p : pyramids) {
                epochs.add(p.zoom(z));
            }
            InverseVarianceStack.StackedSpectrum ss = InverseVarianceStack.stackSpectra(epochs);
            float[][] epochFlux = new float[epochs.size()][];
            float[][] epochSigma = new float[epochs.size()][];
            for (int k = 0; k < epochs.size(); k++) {
                epochFlux[k] = epochs.get(k).fluxFloat32();
                epochSigma[k] = epochs.get(k).sigmaFloat32();
            }
            float[][][] epochImages = new float[usedFrames.size()][][];
            float[][][] epochImageSigma = new float[usedFrames.size()][][];
            for (int k = 0; k < usedFrames.size(); k++) {
                Cutout c = usedFrames.get(k).cutouts().get(z);
                epochImages[k] = rows(c.data(), size);
                epochImageSigma[k] = rows(c.errors(), size);
            }
            out.add(new TargetZoom(z, size, image, sigma, ss.spectrum().fluxFloat32(),
                    ss.spectrum().sigmaFloat32(), ss.spectrum().wavelength(), epochFlux, epochSigma, epochImages,
                    epochImageSigma));
        }
        List<CutoutSource> sources = usedFrames.stream().map(UsedFrame::source).toList();
        return new Target(id, ra, dec, first.className(), first.subClass(), first.z(), BANDS, sources,
                usedSpectra, notes, out);
    }

    /** A frame that gave whole cutouts at every zoom (z = 0 first). */
    private record UsedFrame(CutoutSource source, List<Cutout> cutouts) {
    }

    private static float[][] rows(float[] flat, int size) {
        float[][] r = new float[size][];
        for (int j = 0; j < size; j++) {
            r[j] = java.util.Arrays.copyOfRange(flat, j * size, (j + 1) * size);
        }
        return r;
    }
}
