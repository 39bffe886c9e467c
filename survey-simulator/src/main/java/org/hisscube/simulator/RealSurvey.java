package org.hisscube.simulator;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.hisscube.science.calib.CcdCalibration;
import org.hisscube.science.fits.Bzip2InputStream;
import org.hisscube.science.fits.SdssFrame;
import org.hisscube.science.fits.SdssFrameReader;
import org.hisscube.science.spectrum.SdssSpectrum;
import org.hisscube.science.spectrum.SpectrumReader;

/**
 * What the simulator takes from the real data in the project's {@code data/} folder, loaded once:
 * <ul>
 *   <li>the five frames of field 2820-3-0122 ({@link #TEMPLATE_FIELD}): their headers and table layouts (the format),
 *       calibration vectors, sky grids and WCS, and the PSF measured on their stars ({@link PsfMeasurement});</li>
 *   <li>the CCD gain and dark variance tables ({@code sdss-calib/}, through {@link CcdCalibration});</li>
 *   <li>every real spectrum in {@code sdss-sample/spectra/}, as a rest-frame template of its CLASS, and one BOSS
 *       spec-lite file ({@link #SPECTRUM_FORMAT}) as the format of every simulated spectrum;</li>
 *   <li>the labelled catalogs ({@code catalogs/}, through {@link SourceCatalog}).</li>
 * </ul>
 */
public final class RealSurvey {
    public static final String TEMPLATE_FIELD = "002820-3-0122";
    public static final String SPECTRUM_FORMAT = "spec-5290-55862-0984.fits";
    public static final String BANDS = "ugriz";

    /** One real frame as the template of its band. */
    record FrameTemplate(String band, String file, String sha256, List<FitsHdu> hdus, SdssFrame frame, float[] cimg,
            PsfMeasurement.Psf psf) {
    }

    /** One real spectrum as a template of its class. */
    record SpectrumTemplate(String file, String sha256, String className, String subClass, double z, double ra,
            double dec, double[] restWavelength, double[] flux, double[] ivar) {
    }

    private final Path dataDir;
    private final Map<String, FrameTemplate> frames;
    private final CcdCalibration ccd;
    private final Map<String, List<SpectrumTemplate>> spectraByClass;
    private final List<FitsHdu> spectrumFormat;
    private final String spectrumFormatSha;

    private RealSurvey(Path dataDir, Map<String, FrameTemplate> frames, CcdCalibration ccd,
            Map<String, List<SpectrumTemplate>> spectraByClass, List<FitsHdu> spectrumFormat, String formatSha) {
        this.dataDir = dataDir;
        this.frames = frames;
        this.ccd = ccd;
        this.spectraByClass = spectraByClass;
        this.spectrumFormat = spectrumFormat;
        this.spectrumFormatSha = formatSha;
    }

    /** Loads the templates from a data folder laid out as the project's {@code data/}. */
    public static RealSurvey load(Path dataDir) {
        try {
            Map<String, FrameTemplate> frames = new LinkedHashMap<>();
            for (char b : BANDS.toCharArray()) {
                String name = "frame-" + b + "-" + TEMPLATE_FIELD + ".fits.bz2";
                Path file = dataDir.resolve("sdss-sample/frames").resolve(name);
                byte[] packed = Files.readAllBytes(file);
                byte[] fits;
                try (InputStream in = new Bzip2InputStream(new ByteArrayInputStream(packed))) {
                    fits = in.readAllBytes();
                }
                List<FitsHdu> hdus = FitsHdu.split(fits, name);
                if (hdus.size() != 4) {
                    throw new SimulatorException(name + ": " + hdus.size() + " HDUs, a frame has 4");
                }
                SdssFrame frame = new SdssFrameReader().read(new ByteArrayInputStream(fits), name.replace(".bz2", ""));
                float[] cimg = floats(hdus.get(1).data());
                PsfMeasurement.Psf psf = PsfMeasurement.measure(frame.imageCopy(), frame.width(), frame.height(),
                        name);
                frames.put(String.valueOf(b), new FrameTemplate(String.valueOf(b), name, sha256(packed), hdus, frame,
                        cimg, psf));
            }
            Map<String, List<SpectrumTemplate>> byClass = new TreeMap<>();
            List<FitsHdu> format = null;
            String formatSha = null;
            List<Path> spectra;
            try (Stream<Path> s = Files.list(dataDir.resolve("sdss-sample/spectra"))) {
                spectra = s.filter(p -> p.getFileName().toString().matches("spec-\\d+-\\d+-\\d+\\.fits")).sorted()
                        .toList();
            }
            SpectrumReader reader = new SpectrumReader();
            for (Path p : spectra) {
                byte[] bytes = Files.readAllBytes(p);
                String name = p.getFileName().toString();
                SdssSpectrum s = reader.read(bytes, name);
                double[] w = s.wavelength();
                double[] rest = new double[w.length];
                for (int i = 0; i < w.length; i++) {
                    rest[i] = w[i] / (1 + s.z());
                }
                String cls = s.className().trim().toUpperCase(java.util.Locale.ROOT);
                byClass.computeIfAbsent(cls, k -> new ArrayList<>()).add(new SpectrumTemplate(name, sha256(bytes),
                        cls, s.subClass(), s.z(), s.plugRa(), s.plugDec(), rest, s.flux(), s.ivar()));
                if (name.equals(SPECTRUM_FORMAT)) {
                    format = FitsHdu.split(bytes, name);
                    formatSha = sha256(bytes);
                }
            }
            if (format == null) {
                throw new SimulatorException(SPECTRUM_FORMAT + " (the format of simulated spectra) is missing from "
                        + dataDir.resolve("sdss-sample/spectra"));
            }
            for (String cls : List.of("STAR", "GALAXY", "QSO")) {
                if (!byClass.containsKey(cls)) {
                    throw new SimulatorException("no real " + cls + " spectrum to use as a template in "
                            + dataDir.resolve("sdss-sample/spectra"));
                }
            }
            return new RealSurvey(dataDir, frames, CcdCalibration.sdss(), byClass, format, formatSha);
        } catch (IOException e) {
            throw new SimulatorException("cannot read the real data in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    static float[] floats(byte[] bigEndian) {
        float[] out = new float[bigEndian.length / 4];
        ByteBuffer.wrap(bigEndian).asFloatBuffer().get(out);
        return out;
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path dataDir() {
        return dataDir;
    }

    FrameTemplate frame(String band) {
        return frames.get(band);
    }

    Map<String, FrameTemplate> frames() {
        return frames;
    }

    CcdCalibration ccd() {
        return ccd;
    }

    List<SpectrumTemplate> spectra(String className) {
        return spectraByClass.get(className);
    }

    Map<String, List<SpectrumTemplate>> spectraByClass() {
        return spectraByClass;
    }

    List<FitsHdu> spectrumFormat() {
        return spectrumFormat;
    }

    String spectrumFormatSha() {
        return spectrumFormatSha;
    }

    /** The PSF FWHM per band, arcseconds (0.396″ pixels), as measured on the real frames. */
    public Map<String, Double> psfFwhmArcsec() {
        Map<String, Double> m = new LinkedHashMap<>();
        frames.forEach((b, f) -> m.put(b, f.psf().fwhmPixels() * 0.396));
        return m;
    }
}
