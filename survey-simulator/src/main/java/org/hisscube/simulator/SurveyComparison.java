package org.hisscube.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.hisscube.science.calib.CalibratedImage;
import org.hisscube.science.calib.FrameCalibrator;
import org.hisscube.science.calib.SkyInterpolator;
import org.hisscube.science.fits.SdssFrame;
import org.hisscube.science.fits.SdssFrameReader;
import org.hisscube.science.spectrum.SdssSpectrum;
import org.hisscube.science.spectrum.SpectrumReader;

/**
 * Real and simulated data measured the same way, side by side: per band the sky level, the background noise measured
 * on the pixels against the science core's σ model, σ as a function of pixel flux and the PSF; colours per class (the
 * real catalog, the simulated objects' truth and the colours measured by aperture photometry on the simulated
 * frames); one real and one simulated spectrum and a g, r, i cutout of each class.
 *
 * <p>The bundled real field holds one spectroscopic object (an F star); it has no labelled galaxy or quasar, so the
 * real GALAXY cutout is the most extended source of the field with 16 < r < 18.8 and the real QSO cutout an unresolved source of
 * the median quasar r magnitude (SDSS quasars are point sources) — each labelled as such.
 */
public final class SurveyComparison {
    /** Cutout side, pixels (the cube's zoom-0 cutout). */
    public static final int CUTOUT = 64;
    /** Aperture radius for the measured colours, arcsec; the annulus for the background lies 5-8″ out. */
    public static final double COLOUR_APERTURE_ARCSEC = 3.0;
    static final double PIXEL_ARCSEC = 0.396;
    static final List<String> CLASSES = List.of("STAR", "GALAXY", "QSO");
    private static final double[] FLUX_EDGES = {-2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 2.5, 3};

    /** One band of one frame. {@code sigmaByFlux[i]} is the median σ of the pixels whose value lies in bin i. */
    public record BandStats(String band, String frame, double skyNmgyPerPixel, double noiseMeasuredNmgy,
            double noiseModelNmgy, double psfFwhmArcsec, int psfStars, double[] fluxBinCentres,
            double[] sigmaByFlux) {
    }

    /** Colours u-g, g-r, r-i, i-z of a set of objects of one class. */
    public record Colours(String className, String source, double[] ug, double[] gr, double[] ri, double[] iz) {
        public int size() {
            return ug.length;
        }
    }

    /** A spectrum as observed (wavelength in Å, flux in 1e-17 erg/s/cm²/Å). */
    public record Spectrum(String className, String file, double z, double[] wavelength, double[] flux,
            double[] ivar) {
        public double medianSignalToNoise() {
            List<Double> snr = new ArrayList<>();
            for (int i = 0; i < flux.length; i++) {
                if (ivar[i] > 0) {
                    snr.add(flux[i] * Math.sqrt(ivar[i]));
                }
            }
            return snr.isEmpty() ? 0 : PsfMeasurement.median(snr.stream().mapToDouble(Double::doubleValue).toArray());
        }

        public double coveredFraction() {
            return Arrays.stream(ivar).filter(v -> v > 0).count() / (double) ivar.length;
        }
    }

    /** A g, r, i cutout ({@code gri[band][y * CUTOUT + x]}, nanomaggies; NaN off the frame) with what it shows. */
    public record Cutout(String className, String label, double ra, double dec, double rMagnitude, float[][] gri) {
    }

    /** Everything measured on one side (real or simulated). */
    public record Side(String name, Map<String, BandStats> bands, Map<String, Colours> colours,
            Map<String, Colours> measuredColours, Map<String, Spectrum> spectra, Map<String, Cutout> cutouts) {
    }

    private SurveyComparison() {
    }

    /** The real side: the bundled field's five frames, the real catalog (at most {@code maxPoints} per class). */
    public static Side real(RealSurvey real, SourceCatalog catalog, int maxPoints) {
        Map<String, BandStats> bands = new LinkedHashMap<>();
        Map<String, CalibratedImage> images = new LinkedHashMap<>();
        FrameCalibrator calibrator = new FrameCalibrator();
        for (char b : RealSurvey.BANDS.toCharArray()) {
            SdssFrame f = real.frame(String.valueOf(b)).frame();
            CalibratedImage im = calibrator.calibrate(f);
            images.put(String.valueOf(b), im);
            bands.put(String.valueOf(b), withPsf(bandStats(f, im), PsfMeasurement.measure(f.imageCopy(), f.width(),
                    f.height(), f.fileName())));
        }
        Map<String, List<double[]>> byClass = new TreeMap<>();
        for (SourceCatalog.Row r : catalog.rows()) {
            byClass.computeIfAbsent(r.className(), k -> new ArrayList<>()).add(r.ugriz());
        }
        Map<String, Colours> colours = new LinkedHashMap<>();
        for (String cls : CLASSES) {
            List<double[]> all = byClass.getOrDefault(cls, List.of());
            int step = Math.max(1, (all.size() + maxPoints - 1) / Math.max(1, maxPoints));
            List<double[]> some = new ArrayList<>();
            for (int i = 0; i < all.size(); i += step) {
                some.add(all.get(i));
            }
            colours.put(cls, colours(cls, "real catalog (" + all.size() + " rows, every " + step + ")", some));
        }
        Map<String, Spectrum> spectra = new LinkedHashMap<>();
        for (String cls : CLASSES) {
            RealSurvey.SpectrumTemplate t = real.spectra(cls).get(0);
            double[] w = new double[t.restWavelength().length];
            for (int i = 0; i < w.length; i++) {
                w[i] = t.restWavelength()[i] * (1 + t.z());
            }
            spectra.put(cls, new Spectrum(cls, t.file(), t.z(), w, t.flux(), t.ivar()));
        }
        return new Side("real", bands, colours, Map.of(), spectra, realCutouts(real, images, catalog));
    }

    /**
     * The simulated side: a survey written by {@link SurveySimulator} (its frames, spectra and manifest); the cutout
     * and spectrum of each class are those of the object whose r magnitude is closest to {@code matchR} of the
     * class (the real side's cutouts), so that like is shown next to like.
     */
    public static Side simulated(Path survey, Map<String, Double> matchR) {
        try {
            JsonNode manifest = new ObjectMapper().readTree(survey.resolve("manifest.json").toFile());
            Map<String, Map<String, Path>> framesByField = new TreeMap<>();
            Map<String, Path> spectraByName = new TreeMap<>();
            try (Stream<Path> s = Files.walk(survey)) {
                for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                    String n = p.getFileName().toString();
                    if (n.matches("frame-[ugriz]-\\d{6}-\\d-\\d{4}\\.fits(\\.bz2)?")) {
                        String field = n.substring(8, 21);
                        // the first epoch of a field (the lowest run) stands for it
                        String key = fieldKey(field);
                        framesByField.computeIfAbsent(key, k -> new TreeMap<>())
                                .putIfAbsent(n.substring(6, 7) + field, p);
                    } else if (n.matches("spec-\\d+-\\d+-\\d+\\.fits")) {
                        spectraByName.put(n, p);
                    }
                }
            }
            if (framesByField.isEmpty()) {
                throw new SimulatorException(survey + ": no simulated frames");
            }
            SdssFrameReader reader = new SdssFrameReader();
            FrameCalibrator calibrator = new FrameCalibrator();
            Map<String, BandStats> bands = new LinkedHashMap<>();
            Map<String, List<Double>> starFwhms = new TreeMap<>();
            Map<String, List<double[]>> truth = new TreeMap<>();
            Map<String, List<double[]>> measured = new TreeMap<>();
            Map<String, Cutout> cutouts = new LinkedHashMap<>();
            Map<String, JsonNode> brightest = closestPerClass(manifest, matchR);
            double radius = COLOUR_APERTURE_ARCSEC / PIXEL_ARCSEC;
            for (Map.Entry<String, Map<String, Path>> field : framesByField.entrySet()) {
                Map<String, CalibratedImage> images = new LinkedHashMap<>();
                Map<String, String> runOf = new LinkedHashMap<>();
                for (Map.Entry<String, Path> e : field.getValue().entrySet()) {
                    String band = e.getKey().substring(0, 1);
                    if (images.containsKey(band)) {
                        continue;
                    }
                    SdssFrame f = reader.read(e.getValue());
                    CalibratedImage im = calibrator.calibrate(f);
                    images.put(band, im);
                    runOf.put(band, e.getValue().getFileName().toString());
                    if (!bands.containsKey(band)) {
                        bands.put(band, bandStats(f, im));
                    }
                    starFwhms.computeIfAbsent(band, k -> new ArrayList<>())
                            .addAll(PsfMeasurement.starFwhms(f.imageCopy(), f.width(), f.height()));
                }
                for (JsonNode o : manifest.get("objects")) {
                    if (!fieldKey(o.get("field").asText()).equals(field.getKey())) {
                        continue;
                    }
                    String cls = o.get("class").asText();
                    double[] ugriz = new double[5];
                    for (int b = 0; b < 5; b++) {
                        ugriz[b] = o.get("ugriz").get(b).asDouble();
                    }
                    truth.computeIfAbsent(cls, k -> new ArrayList<>()).add(ugriz);
                    double[] mags = new double[5];
                    boolean ok = images.size() == 5;
                    for (int b = 0; b < 5 && ok; b++) {
                        CalibratedImage im = images.get(String.valueOf(RealSurvey.BANDS.charAt(b)));
                        double[] px = im.wcs().worldToPixel(o.get("ra").asDouble(), o.get("dec").asDouble());
                        double flux = Apertures.measure(im, px[0], px[1], radius, 5 / PIXEL_ARCSEC,
                                8 / PIXEL_ARCSEC)[0];
                        ok = flux > 0;
                        mags[b] = 22.5 - 2.5 * Math.log10(flux);
                    }
                    if (ok) {
                        measured.computeIfAbsent(cls, k -> new ArrayList<>()).add(mags);
                    }
                    if (brightest.get(cls) == o && images.size() == 5) {
                        cutouts.put(cls, cutout(cls, o.get("ugriz").get(2).asDouble(), String.format(Locale.ROOT,
                                "simulated %s, r = %.2f, z = %.3f, %s profile (object %d)", cls,
                                o.get("ugriz").get(2).asDouble(), o.get("redshift").asDouble(),
                                o.get("profile").asText(), o.get("index").asInt()), images,
                                o.get("ra").asDouble(), o.get("dec").asDouble()));
                    }
                }
            }
            // few stars per simulated field: the PSF is measured on the stars of every field of a band together
            bands.replaceAll((band, st) -> withPsf(st, PsfMeasurement.of(starFwhms.get(band),
                    "the simulated " + band + " frames")));
            Map<String, Colours> colours = new LinkedHashMap<>();
            Map<String, Colours> measuredColours = new LinkedHashMap<>();
            for (String cls : CLASSES) {
                colours.put(cls, colours(cls, "simulated truth", truth.getOrDefault(cls, List.of())));
                measuredColours.put(cls, colours(cls, "measured on the simulated frames ("
                        + COLOUR_APERTURE_ARCSEC + "\" aperture)", measured.getOrDefault(cls, List.of())));
            }
            Map<String, Spectrum> spectra = new LinkedHashMap<>();
            SpectrumReader sr = new SpectrumReader();
            for (String cls : CLASSES) {
                JsonNode o = brightest.get(cls);
                if (o != null && spectraByName.containsKey(o.get("spectrum").asText())) {
                    SdssSpectrum s = sr.read(spectraByName.get(o.get("spectrum").asText()));
                    spectra.put(cls, new Spectrum(cls, s.fileName(), s.z(), s.wavelength(), s.flux(), s.ivar()));
                }
            }
            return new Side("simulated", bands, colours, measuredColours, spectra, cutouts);
        } catch (IOException e) {
            throw new SimulatorException("cannot read the simulated survey in " + survey + ": " + e.getMessage(), e);
        }
    }

    /** A field with its epoch removed: the run's last four digits are the grid row, the epoch is in the rest. */
    private static String fieldKey(String field) {
        int run = Integer.parseInt(field.substring(0, 6));
        return String.format(Locale.ROOT, "%04d-%s", run % 10000, field.substring(7));
    }

    private static Map<String, JsonNode> closestPerClass(JsonNode manifest, Map<String, Double> matchR) {
        Map<String, JsonNode> best = new LinkedHashMap<>();
        for (JsonNode o : manifest.get("objects")) {
            String cls = o.get("class").asText();
            double want = matchR.getOrDefault(cls, 0.0);
            JsonNode b = best.get(cls);
            if (b == null || Math.abs(o.get("ugriz").get(2).asDouble() - want)
                    < Math.abs(b.get("ugriz").get(2).asDouble() - want)) {
                best.put(cls, o);
            }
        }
        return best;
    }

    static BandStats bandStats(SdssFrame frame, CalibratedImage im) {
        int w = frame.width();
        int h = frame.height();
        float[] img = frame.imageCopy();
        float[] sigma = im.errorsCopy();
        SkyInterpolator sky = new SkyInterpolator(frame.sky());
        int step = Math.max(1, img.length / 100_000);
        List<Double> skies = new ArrayList<>();
        List<Double> sigmas = new ArrayList<>();
        for (int i = 0; i < img.length; i += step) {
            int x = i % w;
            int y = i / w;
            if (Float.isFinite(sigma[i])) {
                skies.add(sky.at(x, y) * frame.calibration(x));
                sigmas.add((double) sigma[i]);
            }
        }
        int bins = FLUX_EDGES.length - 1;
        double[] centres = new double[bins];
        double[] byFlux = new double[bins];
        List<List<Double>> perBin = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            centres[b] = Math.pow(10, (FLUX_EDGES[b] + FLUX_EDGES[b + 1]) / 2);
            perBin.add(new ArrayList<>());
        }
        for (int i = 0; i < img.length; i++) {
            if (img[i] > 0 && Float.isFinite(sigma[i])) {
                double l = Math.log10(img[i]);
                int b = (int) Math.floor((l - FLUX_EDGES[0]) / 0.5);
                if (b >= 0 && b < bins && perBin.get(b).size() < 50_000) {
                    perBin.get(b).add((double) sigma[i]);
                }
            }
        }
        for (int b = 0; b < bins; b++) {
            List<Double> v = perBin.get(b);
            byFlux[b] = v.size() < 20 ? Double.NaN
                    : PsfMeasurement.median(v.stream().mapToDouble(Double::doubleValue).toArray());
        }
        return new BandStats(frame.filter(), frame.fileName(), median(skies), PsfMeasurement.noise(img),
                median(sigmas), Double.NaN, 0, centres, byFlux);
    }

    private static BandStats withPsf(BandStats s, PsfMeasurement.Psf psf) {
        return new BandStats(s.band(), s.frame(), s.skyNmgyPerPixel(), s.noiseMeasuredNmgy(), s.noiseModelNmgy(),
                psf.fwhmPixels() * PIXEL_ARCSEC, psf.stars(), s.fluxBinCentres(), s.sigmaByFlux());
    }

    private static double median(List<Double> v) {
        return PsfMeasurement.median(v.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static Colours colours(String cls, String source, List<double[]> ugriz) {
        int n = ugriz.size();
        double[] ug = new double[n];
        double[] gr = new double[n];
        double[] ri = new double[n];
        double[] iz = new double[n];
        for (int i = 0; i < n; i++) {
            double[] m = ugriz.get(i);
            ug[i] = m[0] - m[1];
            gr[i] = m[1] - m[2];
            ri[i] = m[2] - m[3];
            iz[i] = m[3] - m[4];
        }
        return new Colours(cls, source, ug, gr, ri, iz);
    }

    static Cutout cutout(String cls, double r, String label, Map<String, CalibratedImage> images, double ra,
            double dec) {
        float[][] gri = new float[3][CUTOUT * CUTOUT];
        String[] bands = {"g", "r", "i"};
        for (int c = 0; c < 3; c++) {
            CalibratedImage im = images.get(bands[c]);
            double[] px = im.wcs().worldToPixel(ra, dec);
            int x0 = (int) Math.round(px[0]) - CUTOUT / 2;
            int y0 = (int) Math.round(px[1]) - CUTOUT / 2;
            for (int y = 0; y < CUTOUT; y++) {
                for (int x = 0; x < CUTOUT; x++) {
                    int xx = x0 + x;
                    int yy = y0 + y;
                    gri[c][y * CUTOUT + x] = xx >= 0 && yy >= 0 && xx < im.width() && yy < im.height()
                            ? im.value(xx, yy) : Float.NaN;
                }
            }
        }
        return new Cutout(cls, label, ra, dec, r, gri);
    }

    /**
     * The real field's cutouts: its spectroscopic star; the most extended source with 16 < r < 18.8 (lowest ratio of
     * the flux within one PSF FWHM to that within four); the unresolved source closest to the median quasar r magnitude.
     */
    private static Map<String, Cutout> realCutouts(RealSurvey real, Map<String, CalibratedImage> images,
            SourceCatalog catalog) {
        SdssFrame r = real.frame("r").frame();
        float[] img = r.imageCopy();
        int w = r.width();
        int h = r.height();
        double fwhm = real.frame("r").psf().fwhmPixels();
        double noise = PsfMeasurement.noise(img);
        CalibratedImage rIm = images.get("r");
        List<double[]> sources = new ArrayList<>(); // x, y, F(4 FWHM), concentration
        int margin = CUTOUT;
        for (int y = margin; y < h - margin; y++) {
            for (int x = margin; x < w - margin; x++) {
                float p = img[y * w + x];
                if (p > 20 * noise && p < PsfMeasurement.MAX_PEAK_NMGY
                        && PsfMeasurement.isIsolatedPeak(img, w, h, x, y)) {
                    double inner = Apertures.measure(rIm, x, y, fwhm, 6 * fwhm, 8 * fwhm)[0];
                    double outer = Apertures.measure(rIm, x, y, 4 * fwhm, 6 * fwhm, 8 * fwhm)[0];
                    if (outer > 0) {
                        sources.add(new double[] {x, y, outer, inner / outer});
                    }
                }
            }
        }
        double pointConcentration = PsfMeasurement.median(sources.stream().filter(s -> s[2] > 10)
                .mapToDouble(s -> s[3]).toArray());
        // r between 16 and 18.8: bright enough to see its shape, faint enough that a saturated star (flat core,
        // diffraction spikes) cannot pass for extended
        double[] galaxy = sources.stream().filter(s -> s[2] > 30 && s[2] < 400)
                .min((a, b) -> Double.compare(a[3], b[3]))
                .orElseThrow(() -> new SimulatorException(r.fileName() + ": no bright source to show"));
        double qsoR = PsfMeasurement.median(catalog.rows().stream().filter(row -> row.className().equals("QSO"))
                .mapToDouble(row -> row.ugriz()[2]).toArray());
        double qsoFlux = Math.pow(10, -0.4 * (qsoR - 22.5));
        double[] quasarLike = sources.stream().filter(s -> s[3] >= 0.9 * pointConcentration)
                .min((a, b) -> Double.compare(Math.abs(Math.log(a[2] / qsoFlux)), Math.abs(Math.log(b[2] / qsoFlux))))
                .orElseThrow(() -> new SimulatorException(r.fileName() + ": no point source to show"));
        Map<String, Cutout> out = new LinkedHashMap<>();
        RealSurvey.SpectrumTemplate star = real.spectra("STAR").stream().filter(t -> {
            double[] px = r.wcs().worldToPixel(t.ra(), t.dec());
            return r.wcs().contains(px[0], px[1]);
        }).findFirst().orElseThrow(() -> new SimulatorException(r.fileName() + ": no spectroscopic star inside"));
        double[] sp = rIm.wcs().worldToPixel(star.ra(), star.dec());
        double starR = 22.5 - 2.5 * Math.log10(Apertures.measure(rIm, sp[0], sp[1], 4 * fwhm, 6 * fwhm, 8 * fwhm)[0]);
        out.put("STAR", cutout("STAR", starR, String.format(Locale.ROOT, "real STAR: the field's spectroscopic star "
                + "(%s), r = %.2f", star.file(), starR), images, star.ra(), star.dec()));
        double[] g = r.wcs().pixelToWorld(galaxy[0], galaxy[1]);
        out.put("GALAXY", cutout("GALAXY", 22.5 - 2.5 * Math.log10(galaxy[2]), String.format(Locale.ROOT, "real field, no spectrum: its most extended "
                + "source, r = %.2f (likely a galaxy)", 22.5 - 2.5 * Math.log10(galaxy[2])), images, g[0],
                g[1]));
        double[] q = r.wcs().pixelToWorld(quasarLike[0], quasarLike[1]);
        out.put("QSO", cutout("QSO", 22.5 - 2.5 * Math.log10(quasarLike[2]), String.format(Locale.ROOT, "real field, no spectrum: a point source of the "
                + "median quasar magnitude, r = %.2f (quasars are unresolved)", 22.5 - 2.5 * Math.log10(
                        quasarLike[2])), images, q[0], q[1]));
        return out;
    }
}
