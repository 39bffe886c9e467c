package org.hisscube.science.spectrum;

import java.util.ArrayList;
import java.util.List;

/**
 * The spectral zoom pyramid: zoom 0 is the spectrum on the {@link HissGrid} (4620 samples), each further zoom halves
 * it — 4620 → 2310 → 1155 → 577 for the default {@value #DEFAULT_ZOOMS} zooms.
 *
 * <p>Halving ({@link #halve}): samples (2k, 2k+1) become sample k, k = 0..⌊n/2⌋−1; an odd last sample is dropped.
 * <ul>
 *   <li>both present: flux = (f_a + f_b)/2, σ = √(σ_a² + σ_b²)/2 — σ/√2 for equal σ (the mean of two independent
 *       samples; HiSS-Cube's σ/2 is wrong);</li>
 *   <li>one missing: the other sample's flux and σ as they are;</li>
 *   <li>both missing: NaN (missing).</li>
 *   <li>wavelength: (λ_a + λ_b)/2, whether or not samples are missing.</li>
 * </ul>
 * Immutable.
 */
public final class SpectrumPyramid {
    /** Zooms 0..3, as in the cube. */
    public static final int DEFAULT_ZOOMS = 4;

    private final List<SampledSpectrum> zooms;

    private SpectrumPyramid(List<SampledSpectrum> zooms) {
        this.zooms = List.copyOf(zooms);
    }

    /** Rebins the spectrum onto the HiSS grid and builds the {@value #DEFAULT_ZOOMS} zooms. */
    public static SpectrumPyramid of(SdssSpectrum spectrum) {
        return build(SpectrumRebinner.toHissGrid(spectrum), DEFAULT_ZOOMS);
    }

    /** Builds {@value #DEFAULT_ZOOMS} zooms from zoom 0. */
    public static SpectrumPyramid build(SampledSpectrum zoom0) {
        return build(zoom0, DEFAULT_ZOOMS);
    }

    /** Builds {@code zoomCount} zooms (≥ 1) from zoom 0; every zoom must keep at least one sample. */
    public static SpectrumPyramid build(SampledSpectrum zoom0, int zoomCount) {
        if (zoomCount < 1) {
            throw new IllegalArgumentException("zoomCount must be >= 1, got " + zoomCount);
        }
        List<SampledSpectrum> list = new ArrayList<>(zoomCount);
        list.add(zoom0);
        for (int z = 1; z < zoomCount; z++) {
            list.add(halve(list.get(z - 1)));
        }
        return new SpectrumPyramid(list);
    }

    /** One zoom step: pairwise mean with the σ and missing rules of the class comment. */
    public static SampledSpectrum halve(SampledSpectrum s) {
        int m = s.length() / 2;
        if (m == 0) {
            throw new IllegalArgumentException("cannot halve a spectrum of " + s.length() + " sample(s)");
        }
        double[] w = new double[m];
        double[] f = new double[m];
        double[] e = new double[m];
        for (int k = 0; k < m; k++) {
            int a = 2 * k;
            int b = a + 1;
            w[k] = 0.5 * (s.wavelength(a) + s.wavelength(b));
            boolean hasA = !s.isMissing(a);
            boolean hasB = !s.isMissing(b);
            if (hasA && hasB) {
                f[k] = 0.5 * (s.flux(a) + s.flux(b));
                e[k] = 0.5 * Math.hypot(s.sigma(a), s.sigma(b));
            } else if (hasA) {
                f[k] = s.flux(a);
                e[k] = s.sigma(a);
            } else if (hasB) {
                f[k] = s.flux(b);
                e[k] = s.sigma(b);
            } else {
                f[k] = Double.NaN;
                e[k] = Double.NaN;
            }
        }
        return new SampledSpectrum(w, f, e);
    }

    /** Number of zooms. */
    public int zoomCount() {
        return zooms.size();
    }

    /** Zoom z (0 = full resolution). */
    public SampledSpectrum zoom(int z) {
        return zooms.get(z);
    }

    /** All zooms, zoom 0 first (unmodifiable). */
    public List<SampledSpectrum> zooms() {
        return zooms;
    }
}
