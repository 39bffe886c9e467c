package org.hisscube.science.hdf5;

import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableDataset;
import io.jhdf.api.WritableGroup;
import java.lang.ref.SoftReference;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.hisscube.science.fits.SdssFrame;
import org.hisscube.science.pyramid.ImagePyramid;
import org.hisscube.science.pyramid.ZoomLevel;
import org.hisscube.science.wcs.TanWcs;

/**
 * Writes the <b>image segment</b> of one SDSS frame: a new, complete HDF5 file with every zoom of its calibrated
 * pyramid, the WCS of each zoom, the frame's metadata, the HEALPix cells it covers and its original FITS header.
 *
 * <h2>Layout (schema_version 1)</h2>
 * <pre>
 * /                          NX_class="NXroot", default="zoom_0", hisscube_kind="image_segment",
 *                            schema_version=1 (int32), source_file="frame-r-002820-3-0122.fits.bz2",
 *                            zoom_count=4 (int32), creator="HiSS-Cube Streams science-core (jHDF)"
 *   zoom_&lt;z&gt;/  (z = 0..3)    NX_class="NXdata", signal="data", zoom=z, bin_factor=2^z (int32),
 *                            units="nanomaggies",
 *                            WCS of this zoom: CTYPE1="RA---TAN", CTYPE2="DEC--TAN", CUNIT1=CUNIT2="deg",
 *                            CRVAL1, CRVAL2, CRPIX1, CRPIX2, CD1_1, CD1_2, CD2_1, CD2_2 (float64),
 *                            NAXIS1 = width, NAXIS2 = height (int32), pixel_convention (text)
 *     data                   float32 [height][width], row-major, data[y][x]; units="nanomaggies"; NaN = missing
 *     errors                 float32 [height][width], 1-σ of data; units="nanomaggies"; NaN = missing
 *                            (the NeXus NXdata "errors" field of the signal, shown as error bars by H5Web)
 *   metadata/                NX_class="NXcollection"; scalar datasets unless noted:
 *     filter                 string, u/g/r/i/z
 *     effective_wavelength   float64, Å (units="angstrom"), {@link SdssFilters}
 *     run, camcol, field     int32
 *     rerun                  string ("301"; "" when unknown)
 *     tai_seconds            float64, TAI seconds since MJD 0 (1858-11-17T00:00 TAI), the frame's TAI keyword
 *     mjd                    float64, tai_seconds / 86400 (TAI MJD)
 *     healpix_order          int32, 10
 *     healpix_scheme         string, "NESTED"
 *     healpix_cells          int64 [n], sorted, the cells the frame covers ({@link FrameFootprint} for the rule)
 *     fits_header            string, the primary header's 80-character cards (END excluded) joined by "\n"
 *                            (astropy: {@code fits.Header.fromstring(s, sep="\n")})
 * </pre>
 * Zoom z has ⌊2048/2^z⌋ × ⌊1489/2^z⌋ pixels (a partial last row/column is dropped when halving; see
 * {@link ImagePyramid}); its WCS is the level-0 WCS binned by 2^z ({@link TanWcs#atZoom}). CRPIXi keep the FITS
 * 1-based convention while array indices are 0-based: data[y][x] is FITS pixel (x + 1, y + 1), so
 * {@code astropy.wcs.WCS} built from these attributes maps array index (x, y) directly.
 *
 * <p>Coordinates and times are float64, never float32. Strings are fixed-length UTF-8 (h5py returns them as
 * {@code bytes}). The big arrays are contiguous unless a {@link SegmentCompression} is chosen.
 *
 * <p><b>Reproducible</b>: the same frame and pyramid give byte-identical files (see {@link SegmentFiles}), written
 * atomically (temporary file + move), so a replay over an existing segment is idempotent.
 *
 * <p><b>Cost.</b> jHDF takes a dataset as a Java array ({@code float[height][width]}) and writes it when the file is
 * closed, so the rows of every zoom must exist, all at once, until then. Allocating those 32 MB of rows for every
 * segment costs more than copying the values into them (zeroing, and young collections that must copy the live
 * rows), so each thread keeps the rows of its last segment and refills them for the next one (softly referenced: an
 * idle thread's rows go when memory runs short). The rows are only read while the file is written and are refilled
 * only after it has been closed, so nothing of one segment can leak into another.
 *
 * <p>Thread-safe (static; the reused rows belong to one thread).
 */
public final class ImageSegmentWriter {
    /** The HEALPix order of {@code metadata/healpix_cells}. */
    public static final int HEALPIX_ORDER = FrameFootprint.DEFAULT_ORDER;
    /** Units of data and errors. */
    public static final String UNITS = "nanomaggies";

    /** The rows of this thread's last segment, for the next one (see the class comment). */
    private static final ThreadLocal<SoftReference<RowBuffers>> ROWS = new ThreadLocal<>();

    private ImageSegmentWriter() {
    }

    /**
     * Writes the segment of {@code frame} to {@code out} (parent folders are created, an existing file is replaced).
     *
     * @param frame the frame as read (metadata, WCS, primary header)
     * @param pyramid the zoom pyramid of the calibrated frame; level 0 must have the frame's size and WCS
     * @return the file and its size
     * @throws IllegalArgumentException when the pyramid is not the frame's
     * @throws java.io.UncheckedIOException when the file cannot be written
     */
    public static SegmentFile write(Path out, SdssFrame frame, ImagePyramid pyramid) {
        return write(out, frame, pyramid, SegmentCompression.NONE);
    }

    /**
     * As {@link #write(Path, SdssFrame, ImagePyramid)}, storing the big arrays as chosen.
     */
    public static SegmentFile write(Path out, SdssFrame frame, ImagePyramid pyramid,
            SegmentCompression compression) {
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(frame, "frame");
        Objects.requireNonNull(pyramid, "pyramid");
        ZoomLevel base = pyramid.level(0);
        if (base.width() != frame.width() || base.height() != frame.height() || !base.wcs().equals(frame.wcs())) {
            throw new IllegalArgumentException("pyramid level 0 (" + base.width() + "x" + base.height() + ", "
                    + base.wcs() + ") is not the image of " + frame);
        }
        long[] cells = FrameFootprint.healpixCells(frame.wcs(), HEALPIX_ORDER);
        String header = String.join("\n", frame.primaryHeaderCards());
        double lambdaEff = SdssFilters.effectiveWavelengthAngstrom(frame.filter());
        SoftReference<RowBuffers> kept = ROWS.get();
        RowBuffers reused = kept == null ? null : kept.get();
        RowBuffers rows = reused == null ? new RowBuffers() : reused;
        ROWS.remove(); // not shared with a nested write on this thread; back in place once the file is closed
        SegmentFile written = SegmentFiles.write(out, file -> {
            file.putAttribute("NX_class", "NXroot");
            file.putAttribute("default", SegmentLayout.zoomGroup(0));
            file.putAttribute(SegmentLayout.ATTR_KIND, SegmentLayout.KIND_IMAGE);
            file.putAttribute(SegmentLayout.ATTR_SCHEMA_VERSION, SegmentLayout.SCHEMA_VERSION);
            SegmentFiles.attr(file, SegmentLayout.ATTR_SOURCE_FILE, frame.fileName());
            file.putAttribute(SegmentLayout.ATTR_ZOOM_COUNT, pyramid.size());
            file.putAttribute(SegmentLayout.ATTR_CREATOR, SegmentLayout.CREATOR);
            for (ZoomLevel level : pyramid.levels()) {
                writeZoom(file, level, compression, rows);
            }
            writeMetadata(file, frame, cells, header, lambdaEff);
        });
        rows.recycle();
        ROWS.set(new SoftReference<>(rows));
        return written;
    }

    private static void writeZoom(WritableHdfFile file, ZoomLevel level, SegmentCompression compression,
            RowBuffers rows) {
        WritableGroup g = file.putGroup(SegmentLayout.zoomGroup(level.zoom()));
        g.putAttribute("NX_class", "NXdata");
        g.putAttribute("signal", "data");
        g.putAttribute("zoom", level.zoom());
        g.putAttribute("bin_factor", 1 << level.zoom());
        g.putAttribute("units", UNITS);
        TanWcs w = level.wcs();
        g.putAttribute("CTYPE1", "RA---TAN");
        g.putAttribute("CTYPE2", "DEC--TAN");
        g.putAttribute("CUNIT1", "deg");
        g.putAttribute("CUNIT2", "deg");
        g.putAttribute("CRVAL1", w.crval1());
        g.putAttribute("CRVAL2", w.crval2());
        g.putAttribute("CRPIX1", w.crpix1());
        g.putAttribute("CRPIX2", w.crpix2());
        g.putAttribute("CD1_1", w.cd11());
        g.putAttribute("CD1_2", w.cd12());
        g.putAttribute("CD2_1", w.cd21());
        g.putAttribute("CD2_2", w.cd22());
        g.putAttribute("NAXIS1", w.naxis1());
        g.putAttribute("NAXIS2", w.naxis2());
        g.putAttribute("pixel_convention",
                "data[y][x] is FITS pixel (x+1, y+1); CRPIX1/2 are FITS 1-based");
        int h = level.height();
        int wd = level.width();
        WritableDataset data = g.putDataset("data", rows.fill(level.data(), h, wd), compression.options(h, wd));
        data.putAttribute("units", UNITS);
        data.putAttribute("long_name", "calibrated flux density per pixel");
        WritableDataset errors = g.putDataset(SegmentLayout.ERRORS, rows.fill(level.errors(), h, wd),
                compression.options(h, wd));
        errors.putAttribute("units", UNITS);
        errors.putAttribute("long_name", "1-sigma uncertainty of data (NaN = unknown)");
    }

    private static void writeMetadata(WritableHdfFile file, SdssFrame frame, long[] cells, String header,
            double lambdaEff) {
        WritableGroup m = file.putGroup(SegmentLayout.METADATA);
        m.putAttribute("NX_class", "NXcollection");
        m.putDataset("filter", frame.filter());
        m.putDataset("effective_wavelength", lambdaEff).putAttribute("units", "angstrom");
        m.putDataset("run", frame.run());
        m.putDataset("camcol", frame.camcol());
        m.putDataset("field", frame.field());
        m.putDataset("rerun", frame.rerun());
        WritableDataset tai = m.putDataset("tai_seconds", frame.taiSeconds());
        tai.putAttribute("units", "s");
        tai.putAttribute("long_name", "TAI seconds since MJD 0 (1858-11-17T00:00 TAI)");
        WritableDataset mjd = m.putDataset("mjd", frame.mjd());
        mjd.putAttribute("units", "d");
        mjd.putAttribute("long_name", "TAI modified Julian date, tai_seconds / 86400");
        m.putDataset("healpix_order", HEALPIX_ORDER);
        m.putDataset("healpix_scheme", "NESTED");
        m.putDataset("healpix_cells", cells);
        m.putDataset("fits_header", header);
    }

    /** {@code float[height][width]} arrays for jHDF, reused from one segment to the next (see the class comment). */
    private static final class RowBuffers {
        /** The rows of the last segment, free to be refilled. */
        private final List<float[][]> free = new ArrayList<>();
        /** The rows handed out for the segment being written. */
        private final List<float[][]> inUse = new ArrayList<>();

        /** Row-major values as rows: a free array of that shape refilled, or a new one. */
        float[][] fill(FloatBuffer values, int height, int width) {
            float[][] rows = null;
            for (int i = 0; i < free.size() && rows == null; i++) {
                float[][] r = free.get(i);
                if (r.length == height && r[0].length == width) {
                    rows = free.remove(i);
                }
            }
            if (rows == null) {
                rows = new float[height][width];
            }
            for (int y = 0; y < height; y++) {
                values.get(y * width, rows[y], 0, width);
            }
            inUse.add(rows);
            return rows;
        }

        /** The file is closed: its rows become free; rows of other shapes are let go. */
        void recycle() {
            free.clear();
            free.addAll(inUse);
            inUse.clear();
        }
    }
}
