package org.hisscube.science.spectrum;

import java.util.Arrays;
import java.util.Objects;

/**
 * One SDSS spectrum as read from a spec-lite file: the coadded native pixels (HDU1 {@code COADD}) and the
 * identification and classification of the object (HDU2 {@code SPECOBJ}/{@code SPALL}). Immutable: arrays are
 * copied in and out.
 *
 * <p>Units and conventions:
 * <ul>
 *   <li>{@link #flux()}: flux density in 1e-17 erg/s/cm²/Å, per native pixel, as stored (float32 in the files,
 *       widened exactly to double).</li>
 *   <li>{@link #loglam()}: log10 of the (vacuum) wavelength in Å of each pixel centre, double. SDSS stores loglam as
 *       float32, which is only good to ~0.1 % of a pixel width; where the primary header's {@code COEFF0}/{@code
 *       COEFF1} log-linear solution reproduces every stored value to within
 *       {@link SpectrumReader#LOGLAM_SNAP_TOLERANCE_PIXELS} of a pixel, the reader snaps loglam to
 *       {@code COEFF0 + k·COEFF1} exactly (all bundled files do); otherwise the stored values are used.</li>
 *   <li>{@link #ivar()}: inverse variance of the flux; ivar ≤ 0 (or non-finite) means <i>no data</i>.</li>
 *   <li>{@link #sigma()}: 1/√ivar, NaN where there is no data (never a division by zero, never 0 or ∞).</li>
 *   <li>Time: {@link #mjd()} is the MJD of the plate observation (the file's identifier, integer days);
 *       {@link #taiSeconds()} is TAI in seconds since MJD 0 (1858-11-17) from the primary header where present,
 *       NaN otherwise; {@link #observationMjd()} is the best time as a float64 MJD.</li>
 * </ul>
 */
public final class SdssSpectrum {
    private final String fileName;
    private final int plate;
    private final int mjd;
    private final int fiberId;
    private final String run2d;
    private final Spectrograph spectrograph;
    private final String className;
    private final String subClass;
    private final double z;
    private final int zWarning;
    private final double plugRa;
    private final double plugDec;
    private final double taiSeconds;
    private final double[] loglam;
    private final double[] flux;
    private final double[] ivar;
    private final int[] andMask;
    private final int[] orMask;

    private SdssSpectrum(Builder b) {
        this.fileName = Objects.requireNonNull(b.fileName, "fileName");
        this.plate = b.plate;
        this.mjd = b.mjd;
        this.fiberId = b.fiberId;
        this.run2d = Objects.requireNonNull(b.run2d, "run2d").trim();
        this.spectrograph = Spectrograph.fromRun2d(this.run2d).orElseThrow(
                () -> new IllegalArgumentException("unrecognised RUN2D '" + b.run2d + "'"));
        this.className = b.className == null ? "" : b.className.trim();
        this.subClass = b.subClass == null ? "" : b.subClass.trim();
        this.z = b.z;
        this.zWarning = b.zWarning;
        this.plugRa = b.plugRa;
        this.plugDec = b.plugDec;
        this.taiSeconds = b.taiSeconds;
        double[] ll = Objects.requireNonNull(b.loglam, "loglam").clone();
        int n = ll.length;
        if (n < 2) {
            throw new IllegalArgumentException("a spectrum needs at least 2 pixels, got " + n);
        }
        this.loglam = ll;
        this.flux = requireLength("flux", Objects.requireNonNull(b.flux, "flux").clone(), n);
        this.ivar = requireLength("ivar", Objects.requireNonNull(b.ivar, "ivar").clone(), n);
        this.andMask = b.andMask == null ? new int[n] : requireLength("and_mask", b.andMask.clone(), n);
        this.orMask = b.orMask == null ? new int[n] : requireLength("or_mask", b.orMask.clone(), n);
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(ll[i]) || (i > 0 && !(ll[i] > ll[i - 1]))) {
                throw new IllegalArgumentException("loglam must be finite and strictly increasing (pixel " + i + ")");
            }
        }
    }

    private static double[] requireLength(String what, double[] a, int n) {
        if (a.length != n) {
            throw new IllegalArgumentException(what + " has " + a.length + " values, loglam " + n);
        }
        return a;
    }

    private static int[] requireLength(String what, int[] a, int n) {
        if (a.length != n) {
            throw new IllegalArgumentException(what + " has " + a.length + " values, loglam " + n);
        }
        return a;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Name of the file it was read from (e.g. {@code spec-3126-54804-0211.fits}). */
    public String fileName() {
        return fileName;
    }

    public int plate() {
        return plate;
    }

    /** MJD of the observation as recorded for the plate (the identifier; integer days). */
    public int mjd() {
        return mjd;
    }

    public int fiberId() {
        return fiberId;
    }

    /** The idlspec2d reduction name, trimmed ({@code 26}, {@code 104}, {@code v5_10_0}, …). */
    public String run2d() {
        return run2d;
    }

    /** Which spectrograph, decided from {@link #run2d()}; see {@link Spectrograph} for the rule. */
    public Spectrograph spectrograph() {
        return spectrograph;
    }

    /** CLASS, trimmed: STAR, GALAXY or QSO. */
    public String className() {
        return className;
    }

    /** SUBCLASS, trimmed (may be empty). */
    public String subClass() {
        return subClass;
    }

    /** Redshift Z. */
    public double z() {
        return z;
    }

    /** ZWARNING bit mask (0 = no known problem). */
    public int zWarning() {
        return zWarning;
    }

    /** Right ascension of the fiber (PLUG_RA), degrees, float64. */
    public double plugRa() {
        return plugRa;
    }

    /** Declination of the fiber (PLUG_DEC), degrees, float64. */
    public double plugDec() {
        return plugDec;
    }

    /** TAI in seconds since MJD 0 from the primary header, NaN where the file has none (BOSS spec-lite files). */
    public double taiSeconds() {
        return taiSeconds;
    }

    /** Observation time as a float64 MJD: {@link #taiSeconds()}/86400 where known, otherwise {@link #mjd()}. */
    public double observationMjd() {
        return Double.isFinite(taiSeconds) ? taiSeconds / 86400.0 : mjd;
    }

    /** Fiber diameter in arcsec: 3 for SDSS-I/II/SEGUE, 2 for BOSS/eBOSS. */
    public double fiberDiameterArcsec() {
        return spectrograph.fiberDiameterArcsec();
    }

    /** Fiber area in arcsec²: π·(d/2)². */
    public double fiberAreaArcsec2() {
        return spectrograph.fiberAreaArcsec2();
    }

    /** Number of native pixels. */
    public int length() {
        return loglam.length;
    }

    public double[] loglam() {
        return loglam.clone();
    }

    /** Pixel-centre wavelengths in Å: 10^loglam. */
    public double[] wavelength() {
        double[] w = new double[loglam.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.pow(10.0, loglam[i]);
        }
        return w;
    }

    public double[] flux() {
        return flux.clone();
    }

    public double[] ivar() {
        return ivar.clone();
    }

    /** 1σ uncertainty of the flux: 1/√ivar; NaN (missing) where ivar ≤ 0 or ivar is not finite. */
    public double[] sigma() {
        double[] s = new double[ivar.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = sigmaOf(ivar[i]);
        }
        return s;
    }

    /** 1/√ivar, or NaN when ivar carries no data (≤ 0, NaN, ∞). */
    public static double sigmaOf(double ivar) {
        return Double.isFinite(ivar) && ivar > 0 ? 1.0 / Math.sqrt(ivar) : Double.NaN;
    }

    public int[] andMask() {
        return andMask.clone();
    }

    public int[] orMask() {
        return orMask.clone();
    }

    /** Number of pixels with data (finite ivar > 0). */
    public int validPixelCount() {
        int c = 0;
        for (double v : ivar) {
            if (Double.isFinite(v) && v > 0) {
                c++;
            }
        }
        return c;
    }

    @Override
    public String toString() {
        return "SdssSpectrum[" + fileName + " plate=" + plate + " mjd=" + mjd + " fiber=" + fiberId + " run2d=" + run2d
                + " class=" + className + " z=" + z + " ra=" + plugRa + " dec=" + plugDec + " pixels=" + length() + "]";
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SdssSpectrum s)) {
            return false;
        }
        return plate == s.plate && mjd == s.mjd && fiberId == s.fiberId && zWarning == s.zWarning
                && Double.compare(z, s.z) == 0 && Double.compare(plugRa, s.plugRa) == 0
                && Double.compare(plugDec, s.plugDec) == 0 && Double.compare(taiSeconds, s.taiSeconds) == 0
                && fileName.equals(s.fileName) && run2d.equals(s.run2d) && className.equals(s.className)
                && subClass.equals(s.subClass) && Arrays.equals(loglam, s.loglam) && Arrays.equals(flux, s.flux)
                && Arrays.equals(ivar, s.ivar) && Arrays.equals(andMask, s.andMask) && Arrays.equals(orMask, s.orMask);
    }

    @Override
    public int hashCode() {
        return Objects.hash(fileName, plate, mjd, fiberId, run2d, className, z, Arrays.hashCode(flux));
    }

    /** Builds an {@link SdssSpectrum}; the reader uses it, and tests can build synthetic spectra with it. */
    public static final class Builder {
        private String fileName = "";
        private int plate;
        private int mjd;
        private int fiberId;
        private String run2d;
        private String className = "";
        private String subClass = "";
        private double z = Double.NaN;
        private int zWarning;
        private double plugRa = Double.NaN;
        private double plugDec = Double.NaN;
        private double taiSeconds = Double.NaN;
        private double[] loglam;
        private double[] flux;
        private double[] ivar;
        private int[] andMask;
        private int[] orMask;

        private Builder() {
        }

        public Builder fileName(String v) {
            fileName = v;
            return this;
        }

        public Builder plate(int v) {
            plate = v;
            return this;
        }

        public Builder mjd(int v) {
            mjd = v;
            return this;
        }

        public Builder fiberId(int v) {
            fiberId = v;
            return this;
        }

        public Builder run2d(String v) {
            run2d = v;
            return this;
        }

        public Builder className(String v) {
            className = v;
            return this;
        }

        public Builder subClass(String v) {
            subClass = v;
            return this;
        }

        public Builder z(double v) {
            z = v;
            return this;
        }

        public Builder zWarning(int v) {
            zWarning = v;
            return this;
        }

        public Builder plugRa(double v) {
            plugRa = v;
            return this;
        }

        public Builder plugDec(double v) {
            plugDec = v;
            return this;
        }

        public Builder taiSeconds(double v) {
            taiSeconds = v;
            return this;
        }

        public Builder loglam(double[] v) {
            loglam = v;
            return this;
        }

        public Builder flux(double[] v) {
            flux = v;
            return this;
        }

        public Builder ivar(double[] v) {
            ivar = v;
            return this;
        }

        public Builder andMask(int[] v) {
            andMask = v;
            return this;
        }

        public Builder orMask(int[] v) {
            orMask = v;
            return this;
        }

        /** @throws IllegalArgumentException on inconsistent arrays, non-increasing loglam or an unknown RUN2D */
        public SdssSpectrum build() {
            return new SdssSpectrum(this);
        }
    }
}
