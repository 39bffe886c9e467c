package org.hisscube.science.hdf5;

import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableDataset;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import java.util.Objects;
import org.hisscube.science.healpix.Healpix;
import org.hisscube.science.spectrum.SampledSpectrum;
import org.hisscube.science.spectrum.SdssSpectrum;
import org.hisscube.science.spectrum.SpectrumPyramid;

/**
 * Writes the <b>spectrum segment</b> of one SDSS spectrum: a new, complete HDF5 file with every zoom of its
 * HiSS-grid pyramid and the object's identification, classification, position and time.
 *
 * <h2>Layout (schema_version 1)</h2>
 * <pre>
 * /                          NX_class="NXroot", default="zoom_0", hisscube_kind="spectrum_segment",
 *                            schema_version=1 (int32), source_file="spec-3126-54804-0211.fits",
 *                            zoom_count=4 (int32), creator="HiSS-Cube Streams science-core (jHDF)"
 *   zoom_&lt;z&gt;/  (z = 0..3)    NX_class="NXdata", signal="flux", axes="wavelength", wavelength_indices=0,
 *                            zoom=z, bin_factor=2^z (int32)
 *     wavelength             float64 [n], vacuum Å (units="angstrom"), n = 4620, 2310, 1155, 577
 *     flux                   float32 [n], units="1e-17 erg/s/cm^2/angstrom"; NaN = missing
 *     errors                 float32 [n], 1-σ of flux, same units; NaN = missing (NeXus NXdata "errors")
 *   metadata/                NX_class="NXcollection"; scalar datasets:
 *     plate, mjd, fiber      int32 (mjd: the plate's MJD, integer days, as in the file name)
 *     run2d                  string (idlspec2d reduction: "26", "104", "v5_7_0", ...)
 *     spectrograph           string, "SDSS" or "BOSS" (decided from run2d)
 *     fiber_diameter         float64, arcsec (units="arcsec"): 3 (SDSS/SEGUE) or 2 (BOSS/eBOSS)
 *     class, subclass        string (STAR/GALAXY/QSO; subclass may be "")
 *     z                      float64, redshift
 *     zwarning               int32, ZWARNING bit mask
 *     plug_ra, plug_dec      float64, degrees (units="deg")
 *     healpix15              int64, NESTED order-15 cell of (plug_ra, plug_dec) — the target key
 *     healpix_order          int32, 15
 *     tai_seconds            float64, TAI seconds since MJD 0, NaN where the file has none (BOSS)
 *     observation_mjd        float64, tai_seconds/86400 where known, otherwise the plate MJD
 * </pre>
 * The flux and errors are the float32 narrowing of the float64 pyramid ({@link SampledSpectrum#fluxFloat32()},
 * {@link SampledSpectrum#sigmaFloat32()}); the wavelengths stay float64.
 *
 * <p><b>Reproducible</b> and atomic like {@link ImageSegmentWriter}. Thread-safe (static, stateless).
 */
public final class SpectrumSegmentWriter {
    /** HEALPix order of {@code metadata/healpix15}. */
    public static final int HEALPIX_ORDER = 15;
    /** Units of flux and errors. */
    public static final String FLUX_UNITS = "1e-17 erg/s/cm^2/angstrom";

    private SpectrumSegmentWriter() {
    }

    /**
     * Writes the segment of {@code spectrum} to {@code out} (parent folders are created, an existing file is
     * replaced).
     *
     * @param pyramid the spectrum's pyramid ({@link SpectrumPyramid#of(SdssSpectrum)})
     * @return the file and its size
     * @throws IllegalArgumentException when the plug position is not a valid sky position (no HEALPix cell)
     * @throws java.io.UncheckedIOException when the file cannot be written
     */
    public static SegmentFile write(Path out, SdssSpectrum spectrum, SpectrumPyramid pyramid) {
        return write(out, spectrum, pyramid, SegmentCompression.NONE);
    }

    /**
     * As {@link #write(Path, SdssSpectrum, SpectrumPyramid)}, storing the big arrays as chosen.
     */
    public static SegmentFile write(Path out, SdssSpectrum spectrum, SpectrumPyramid pyramid,
            SegmentCompression compression) {
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(spectrum, "spectrum");
        Objects.requireNonNull(pyramid, "pyramid");
        long healpix15 = healpix15(spectrum);
        return SegmentFiles.write(out, file -> {
            file.putAttribute("NX_class", "NXroot");
            file.putAttribute("default", SegmentLayout.zoomGroup(0));
            file.putAttribute(SegmentLayout.ATTR_KIND, SegmentLayout.KIND_SPECTRUM);
            file.putAttribute(SegmentLayout.ATTR_SCHEMA_VERSION, SegmentLayout.SCHEMA_VERSION);
            SegmentFiles.attr(file, SegmentLayout.ATTR_SOURCE_FILE, spectrum.fileName());
            file.putAttribute(SegmentLayout.ATTR_ZOOM_COUNT, pyramid.zoomCount());
            file.putAttribute(SegmentLayout.ATTR_CREATOR, SegmentLayout.CREATOR);
            for (int z = 0; z < pyramid.zoomCount(); z++) {
                writeZoom(file, z, pyramid.zoom(z), compression);
            }
            writeMetadata(file, spectrum, healpix15);
        });
    }

    /** The NESTED order-15 cell of the plug position. */
    public static long healpix15(SdssSpectrum spectrum) {
        double ra = spectrum.plugRa();
        double dec = spectrum.plugDec();
        if (!Double.isFinite(ra) || !(dec >= -90 && dec <= 90)) {
            throw new IllegalArgumentException(spectrum.fileName() + ": plug position (" + ra + ", " + dec
                    + ") is not a sky position");
        }
        return Healpix.ang2pixNest(HEALPIX_ORDER, ra, dec);
    }

    private static void writeZoom(WritableHdfFile file, int zoom, SampledSpectrum s,
            SegmentCompression compression) {
        WritableGroup g = file.putGroup(SegmentLayout.zoomGroup(zoom));
        g.putAttribute("NX_class", "NXdata");
        g.putAttribute("signal", "flux");
        g.putAttribute("axes", "wavelength");
        g.putAttribute("wavelength_indices", 0);
        g.putAttribute("zoom", zoom);
        g.putAttribute("bin_factor", 1 << zoom);
        int n = s.length();
        WritableDataset w = g.putDataset("wavelength", s.wavelength(), compression.options(n));
        w.putAttribute("units", "angstrom");
        w.putAttribute("long_name", "vacuum wavelength of the sample centre");
        WritableDataset f = g.putDataset("flux", s.fluxFloat32(), compression.options(n));
        f.putAttribute("units", FLUX_UNITS);
        f.putAttribute("long_name", "flux density (NaN = missing)");
        WritableDataset e = g.putDataset(SegmentLayout.ERRORS, s.sigmaFloat32(), compression.options(n));
        e.putAttribute("units", FLUX_UNITS);
        e.putAttribute("long_name", "1-sigma uncertainty of flux (NaN = missing)");
    }

    private static void writeMetadata(WritableHdfFile file, SdssSpectrum s, long healpix15) {
        WritableGroup m = file.putGroup(SegmentLayout.METADATA);
        m.putAttribute("NX_class", "NXcollection");
        m.putDataset("plate", s.plate());
        m.putDataset("mjd", s.mjd());
        m.putDataset("fiber", s.fiberId());
        m.putDataset("run2d", s.run2d());
        m.putDataset("spectrograph", s.spectrograph().name());
        m.putDataset("fiber_diameter", s.fiberDiameterArcsec()).putAttribute("units", "arcsec");
        m.putDataset("class", s.className());
        m.putDataset("subclass", s.subClass());
        m.putDataset("z", s.z());
        m.putDataset("zwarning", s.zWarning());
        m.putDataset("plug_ra", s.plugRa()).putAttribute("units", "deg");
        m.putDataset("plug_dec", s.plugDec()).putAttribute("units", "deg");
        m.putDataset("healpix15", healpix15);
        m.putDataset("healpix_order", HEALPIX_ORDER);
        WritableDataset tai = m.putDataset("tai_seconds", s.taiSeconds());
        tai.putAttribute("units", "s");
        tai.putAttribute("long_name", "TAI seconds since MJD 0 (1858-11-17T00:00 TAI); NaN = not in the file");
        WritableDataset mjd = m.putDataset("observation_mjd", s.observationMjd());
        mjd.putAttribute("units", "d");
        mjd.putAttribute("long_name", "tai_seconds / 86400 where known, otherwise the plate MJD");
    }
}
