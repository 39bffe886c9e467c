package org.hisscube.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.hisscube.science.photometry.FilterCurve;
import org.hisscube.science.photometry.SyntheticFlux;
import org.hisscube.science.photometry.SyntheticPhotometry;
import org.hisscube.science.photometry.SyntheticPhotometryException;
import org.hisscube.science.spectrum.SpectrumRebinner;

/**
 * A simulated spec-lite file: the real BOSS file {@link RealSurvey#SPECTRUM_FORMAT} as the format (its four HDUs,
 * its wavelength grid, its sky and noise), a real spectrum of the object's class as the shape:
 * <ol>
 *   <li>template: among the real spectra of the class, those whose rest-frame coverage of the object's observed grid
 *       at its redshift is within 5 % of the best, one drawn at random (seeded);</li>
 *   <li>the template moved to the object's redshift (λ_obs = λ_rest (1 + z)) and interpolated onto the grid; samples
 *       the template does not cover, or where it has ivar = 0, are ivar = 0 and flux 0, as in real files;</li>
 *   <li>scaled to the object's r magnitude through the SDSS r filter curve, then bent by a smooth factor (linear in λ
 *       between the filters' pivot wavelengths, at most 2 mag) so that its synthetic g, r, i, z — where the spectrum
 *       covers the filter — equal the catalog magnitudes: image, spectrum and catalog agree;</li>
 *   <li>noise: σ(λ) of the format file scaled for the new source, σ_fmt · √((sky + max(f, 0)) / (sky + max(f_fmt,
 *       0))) with the format file's own sky (sky- plus source-Poisson noise), drawn once; model = the noiseless flux;
 *       the format file's masks kept where its ivar is 0.</li>
 * </ol>
 * The SPALL row and primary header take the object's plate, MJD, fiber, position, class, subclass (the template's),
 * redshift, ZWARNING 0 and magnitudes; the emission-line HDU is kept with no rows (no line fits were made).
 */
final class SpectrumSimulator {
    private static final String[] COLOUR_BANDS = {"g", "r", "i", "z"};

    private final RealSurvey real;
    private final double[] wavelength;
    private final double[] edges;
    private final double[] fmtFlux;
    private final double[] fmtIvar;
    private final double[] fmtSky;
    private final SyntheticPhotometry photometry = new SyntheticPhotometry();

    SpectrumSimulator(RealSurvey real) {
        this.real = real;
        FitsHdu coadd = real.spectrumFormat().get(1);
        int n = coadd.header().intValue("NAXIS2");
        BinTableRow t = new BinTableRow(coadd.header(), coadd.data().clone());
        wavelength = new double[n];
        double[] loglam = new double[n];
        fmtFlux = new double[n];
        fmtIvar = new double[n];
        fmtSky = new double[n];
        for (int i = 0; i < n; i++) {
            loglam[i] = t.number(i, "LOGLAM", 0);
            wavelength[i] = Math.pow(10, loglam[i]);
            fmtFlux[i] = t.number(i, "FLUX", 0);
            fmtIvar[i] = t.number(i, "IVAR", 0);
            fmtSky[i] = t.number(i, "SKY", 0);
        }
        edges = SpectrumRebinner.nativeEdges(loglam);
    }

    /** What was simulated: the template used and the noiseless model. */
    record Result(String template, double[] model) {
    }

    Result write(OutputStream out, SimObject o, double taiSeconds, long seed) throws IOException {
        SplittableRandom random = Seeds.random(seed, Seeds.SPECTRUM, o.index());
        RealSurvey.SpectrumTemplate template = pick(o, random);
        int n = wavelength.length;
        double[] model = new double[n];
        boolean[] valid = new boolean[n];
        for (int i = 0; i < n; i++) {
            double rest = wavelength[i] / (1 + o.redshift());
            double v = interpolate(template, rest);
            valid[i] = Double.isFinite(v) && fmtIvar[i] > 0;
            model[i] = valid[i] ? v : 0;
        }
        shape(model, valid, o);
        double[] flux = new double[n];
        double[] ivar = new double[n];
        for (int i = 0; i < n; i++) {
            if (!valid[i]) {
                continue;
            }
            double sigmaFmt = 1 / Math.sqrt(fmtIvar[i]);
            double denominator = Math.max(1e-3, fmtSky[i] + Math.max(0, fmtFlux[i]));
            double sigma = sigmaFmt * Math.sqrt(Math.max(1e-3, fmtSky[i] + Math.max(0, model[i])) / denominator);
            flux[i] = model[i] + sigma * random.nextGaussian();
            ivar[i] = 1 / (sigma * sigma);
        }
        writeFile(out, o, flux, ivar, model, valid, template, taiSeconds, seed);
        return new Result(template.file(), model);
    }

    private RealSurvey.SpectrumTemplate pick(SimObject o, SplittableRandom random) {
        List<RealSurvey.SpectrumTemplate> all = real.spectra(o.className());
        double[] coverage = new double[all.size()];
        double best = 0;
        for (int k = 0; k < all.size(); k++) {
            int covered = 0;
            for (double w : wavelength) {
                if (Double.isFinite(interpolate(all.get(k), w / (1 + o.redshift())))) {
                    covered++;
                }
            }
            coverage[k] = covered / (double) wavelength.length;
            best = Math.max(best, coverage[k]);
        }
        List<RealSurvey.SpectrumTemplate> near = new ArrayList<>();
        for (int k = 0; k < all.size(); k++) {
            if (coverage[k] >= best - 0.05) {
                near.add(all.get(k));
            }
        }
        near.sort(Comparator.comparing(RealSurvey.SpectrumTemplate::file));
        return near.get(random.nextInt(near.size()));
    }

    /** The template's f_λ at a rest wavelength, linear between two good samples; NaN outside or next to ivar = 0. */
    static double interpolate(RealSurvey.SpectrumTemplate t, double rest) {
        double[] w = t.restWavelength();
        if (rest < w[0] || rest > w[w.length - 1]) {
            return Double.NaN;
        }
        int i = java.util.Arrays.binarySearch(w, rest);
        if (i >= 0) {
            return t.ivar()[i] > 0 ? t.flux()[i] : Double.NaN;
        }
        int hi = -i - 1;
        int lo = hi - 1;
        if (t.ivar()[lo] <= 0 || t.ivar()[hi] <= 0) {
            return Double.NaN;
        }
        double a = (rest - w[lo]) / (w[hi] - w[lo]);
        return t.flux()[lo] * (1 - a) + t.flux()[hi] * a;
    }

    /** Scales to r, then bends towards g, r, i, z of the catalog (three passes). */
    private void shape(double[] model, boolean[] valid, SimObject o) {
        double[] sigma = new double[model.length];
        for (int pass = 0; pass < 3; pass++) {
            for (int i = 0; i < model.length; i++) {
                sigma[i] = valid[i] ? 1 : Double.NaN;
            }
            List<double[]> anchors = new ArrayList<>(); // {pivot λ, Δmag}
            for (String b : COLOUR_BANDS) {
                try {
                    SyntheticFlux f = photometry.flux(wavelength, edges, maskedModel(model, valid), sigma,
                            FilterCurve.sdss(b), o.spectrumFileName());
                    int band = RealSurvey.BANDS.indexOf(b);
                    double target = Math.pow(10, -0.4 * (o.ugriz()[band] - 22.5));
                    if (f.nanomaggies() > 0) {
                        double dm = -2.5 * Math.log10(target / f.nanomaggies());
                        anchors.add(new double[] {f.pivotWavelength(), Math.max(-2, Math.min(2, dm))});
                    }
                } catch (SyntheticPhotometryException e) {
                    // the spectrum does not cover this filter: no anchor
                }
            }
            if (anchors.isEmpty()) {
                // no filter covered or no positive flux: scale by the r-band mean of whatever is there
                return;
            }
            if (pass == 0) {
                double dmR = anchors.stream().filter(a -> Math.abs(a[0] - FilterCurve.sdss("r").pivotWavelength()) < 1)
                        .mapToDouble(a -> a[1]).findFirst().orElse(anchors.get(0)[1]);
                double s = Math.pow(10, -0.4 * dmR);
                for (int i = 0; i < model.length; i++) {
                    model[i] *= s;
                }
                continue;
            }
            for (int i = 0; i < model.length; i++) {
                model[i] *= Math.pow(10, -0.4 * bend(anchors, wavelength[i]));
            }
        }
    }

    private static double[] maskedModel(double[] model, boolean[] valid) {
        double[] m = model.clone();
        for (int i = 0; i < m.length; i++) {
            if (!valid[i]) {
                m[i] = Double.NaN;
            }
        }
        return m;
    }

    /** Δmag at λ: linear between anchors, constant beyond the first and the last. */
    private static double bend(List<double[]> anchors, double lambda) {
        if (lambda <= anchors.get(0)[0]) {
            return anchors.get(0)[1];
        }
        for (int k = 1; k < anchors.size(); k++) {
            double[] a = anchors.get(k - 1);
            double[] b = anchors.get(k);
            if (lambda <= b[0]) {
                return a[1] + (b[1] - a[1]) * (lambda - a[0]) / (b[0] - a[0]);
            }
        }
        return anchors.get(anchors.size() - 1)[1];
    }

    private void writeFile(OutputStream out, SimObject o, double[] flux, double[] ivar, double[] model,
            boolean[] valid, RealSurvey.SpectrumTemplate template, double taiSeconds, long seed) throws IOException {
        List<FitsHdu> fmt = real.spectrumFormat();
        FitsHeader primary = fmt.get(0).header().copy();
        primary.set("PLATEID", o.plate()).set("MJD", o.mjd()).set("FIBERID", o.fiber())
                .set("MJDLIST", Integer.toString(o.mjd()))
                .set("RA", o.ra(), 6).set("DEC", o.dec(), 6).set("RADEG", o.ra(), 6).set("DECDEG", o.dec(), 6)
                .setExact("PLUG_RA", o.ra()).setExact("PLUG_DEC", o.dec());
        primary.add("HISSSIM", FitsHeader.string(SurveySimulator.VERSION), "HiSS-Cube survey simulator version")
                .add("SIMSEED", FitsHeader.number(seed), "simulation seed")
                .add("SIMTMPL", FitsHeader.string(template.file()), "real spectrum used as template")
                .comment("SIMULATED: not an SDSS observation. Format, grid, sky and noise from")
                .comment("the real file " + RealSurvey.SPECTRUM_FORMAT + "; shape from SIMTMPL.");
        new FitsHdu(primary, fmt.get(0).data()).write(out);

        FitsHdu coadd = fmt.get(1);
        byte[] rows = coadd.data().clone();
        BinTableRow c = new BinTableRow(coadd.header(), rows);
        for (int i = 0; i < flux.length; i++) {
            c.set(i, "FLUX", flux[i]);
            c.set(i, "IVAR", ivar[i]);
            c.set(i, "MODEL", model[i]);
            if (valid[i]) {
                c.set(i, "AND_MASK", 0);
                c.set(i, "OR_MASK", 0);
            }
        }
        new FitsHdu(coadd.header(), rows).write(out);

        FitsHdu spall = fmt.get(2);
        byte[] row = spall.data().clone();
        BinTableRow s = new BinTableRow(spall.header(), row);
        s.set(0, "PLATE", o.plate());
        s.set(0, "MJD", o.mjd());
        s.set(0, "FIBERID", o.fiber());
        s.set(0, "PLUG_RA", o.ra());
        s.set(0, "PLUG_DEC", o.dec());
        s.set(0, "RA", o.ra());
        s.set(0, "DEC", o.dec());
        s.set(0, "CLASS", o.className());
        s.set(0, "SUBCLASS", template.subClass() == null ? "" : template.subClass());
        s.set(0, "Z", o.redshift());
        s.set(0, "Z_ERR", 0);
        s.set(0, "ZWARNING", 0);
        s.setLong(0, "SPECOBJID", SurveySimulator.specObjId(o.plate(), o.fiber(), o.mjd()));
        s.set(0, "OBJID", Long.toString(o.objId()));
        s.set(0, "RUN", o.field().run(0));
        s.set(0, "CAMCOL", o.field().camcol());
        s.set(0, "FIELD", o.field().fieldNumber());
        for (int b = 0; b < 5; b++) {
            s.set(0, "PSFMAG", b, o.ugriz()[b]);
            s.set(0, "MODELMAG", b, o.ugriz()[b]);
            s.set(0, "TAI", b, taiSeconds);
        }
        new FitsHdu(spall.header(), row).write(out);

        FitsHeader lines = fmt.get(3).header().copy().set("NAXIS2", 0);
        new FitsHdu(lines, new byte[0]).write(out);
    }
}
