package org.hisscube.science.hdf5;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.hisscube.science.ScienceException;
import org.hisscube.science.pyramid.ImagePyramid;
import org.hisscube.science.pyramid.ZoomLevel;
import org.hisscube.science.wcs.TanWcs;

/**
 * Reads an image segment written by {@link ImageSegmentWriter} back: the frame's identity (source file, filter, TAI
 * MJD) and its calibrated zoom pyramid (values and 1-σ in nanomaggies per native pixel, float32, NaN = missing).
 *
 * <p>What is checked, each failure being a {@link ScienceException} whose message names the file and what is wrong
 * or missing: the root attributes {@code hisscube_kind = "image_segment"} and {@code schema_version = 1}, {@code
 * source_file} and {@code zoom_count} (at least the zooms asked for); {@code metadata/filter} and {@code metadata/mjd};
 * for every zoom z asked for, the group {@code zoom_<z>} with the WCS attributes (CTYPE RA---TAN/DEC--TAN, CRVALi,
 * CRPIXi, CDi_j, NAXISi), which must equal {@link TanWcs#atZoom(int) atZoom(z)} of the zoom-0 WCS exactly, and the
 * float32 datasets {@code data} and {@code errors} of NAXIS2 × NAXIS1 values. A file that is not HDF5 at all is a
 * {@link ScienceException} too; a file that does not exist is an {@link UncheckedIOException}.
 *
 * <p>The metadata not needed to rebuild the pyramid (HEALPix cells, FITS header, run/camcol/field) is not read.
 * Everything asked for is read into memory: 4 zooms of an SDSS frame are ≈ 32 MB. Thread-safe (static, stateless).
 */
public final class ImageSegmentReader {
    private static final String[] WCS_DOUBLES = {"CRVAL1", "CRVAL2", "CRPIX1", "CRPIX2", "CD1_1", "CD1_2", "CD2_1",
        "CD2_2"};

    private ImageSegmentReader() {
    }

    /**
     * What an image segment holds of its frame.
     *
     * @param file       the segment file read
     * @param sourceFile the SDSS frame file the segment was made from (root attribute {@code source_file})
     * @param filter     u, g, r, i or z ({@code metadata/filter})
     * @param mjd        TAI modified Julian date of the frame, days ({@code metadata/mjd}, float64)
     * @param zoomCount  number of zooms the file holds (root attribute {@code zoom_count})
     * @param pyramid    the zooms read, 0..n-1 (n = the number asked for, ≤ zoomCount)
     */
    public record ImageSegment(Path file, String sourceFile, String filter, double mjd, int zoomCount,
            ImagePyramid pyramid) {
        public ImageSegment {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(sourceFile, "sourceFile");
            Objects.requireNonNull(filter, "filter");
            Objects.requireNonNull(pyramid, "pyramid");
        }
    }

    /** Reads every zoom of the segment. */
    public static ImageSegment read(Path file) {
        return read(file, -1);
    }

    /**
     * Reads zooms 0..zooms-1 of the segment.
     *
     * @param zooms number of zooms to read (≥ 1; the file must hold at least that many)
     * @throws ScienceException when the file is not an image segment or lacks something asked for
     * @throws UncheckedIOException when the file does not exist
     */
    public static ImageSegment read(Path file, int zooms) {
        Objects.requireNonNull(file, "file");
        if (zooms != -1 && zooms < 1) {
            throw new IllegalArgumentException("zooms must be >= 1: " + zooms);
        }
        if (!Files.exists(file)) {
            throw new UncheckedIOException("cannot read image segment " + file,
                    new NoSuchFileException(file.toString()));
        }
        HdfFile h;
        try {
            h = new HdfFile(file);
        } catch (HdfException | UncheckedIOException e) {
            throw new ScienceException(file + ": not an image segment: cannot open it as HDF5 (" + e.getMessage()
                    + ")", e);
        }
        try (h) {
            return read(new Reader(file, h), zooms);
        } catch (HdfException e) {
            throw new ScienceException(file + ": cannot read the image segment: " + e.getMessage(), e);
        }
    }

    private static ImageSegment read(Reader r, int zooms) {
        String kind = r.stringAttribute(r.h, SegmentLayout.ATTR_KIND);
        if (!SegmentLayout.KIND_IMAGE.equals(kind)) {
            throw r.fail("not an image segment: root attribute " + SegmentLayout.ATTR_KIND + " is \"" + kind
                    + "\", expected \"" + SegmentLayout.KIND_IMAGE + "\"");
        }
        int version = r.intAttribute(r.h, SegmentLayout.ATTR_SCHEMA_VERSION);
        if (version != SegmentLayout.SCHEMA_VERSION) {
            throw r.fail("image segment schema_version " + version + " is not supported (only "
                    + SegmentLayout.SCHEMA_VERSION + ")");
        }
        String source = r.stringAttribute(r.h, SegmentLayout.ATTR_SOURCE_FILE);
        int zoomCount = r.intAttribute(r.h, SegmentLayout.ATTR_ZOOM_COUNT);
        int n = zooms == -1 ? zoomCount : zooms;
        if (zoomCount < n) {
            throw r.fail("holds " + zoomCount + " zoom(s) (root attribute " + SegmentLayout.ATTR_ZOOM_COUNT + "), "
                    + n + " asked for");
        }
        if (n < 1) {
            throw r.fail("holds no zoom (root attribute " + SegmentLayout.ATTR_ZOOM_COUNT + " = " + zoomCount + ")");
        }
        String filter = r.stringScalar(SegmentLayout.METADATA + "/filter");
        double mjd = r.doubleScalar(SegmentLayout.METADATA + "/mjd");

        TanWcs wcs0 = r.wcs(0);
        List<ZoomLevel> levels = new ArrayList<>(n);
        for (int z = 0; z < n; z++) {
            TanWcs w = z == 0 ? wcs0 : r.wcs(z);
            TanWcs expected = wcs0.atZoom(z);
            if (!w.equals(expected)) {
                throw r.fail(SegmentLayout.zoomGroup(z) + " WCS attributes " + w + " are not the zoom-0 WCS binned by "
                        + (1 << z) + ": " + expected);
            }
            float[] data = r.image(z, "data", w);
            float[] errors = r.image(z, SegmentLayout.ERRORS, w);
            levels.add(ZoomLevel.of(z, w.naxis1(), w.naxis2(), data, errors, w));
        }
        return new ImageSegment(r.file, source, filter, mjd, zoomCount, ImagePyramid.ofLevels(levels));
    }

    /** Reading helpers that turn every absence into a message naming the file. */
    private record Reader(Path file, HdfFile h) {
        ScienceException fail(String what) {
            return new ScienceException(file + ": " + what);
        }

        Node node(String path, String what) {
            try {
                return h.getByPath(path);
            } catch (HdfException e) {
                throw fail("not an image segment: " + what + " " + path + " is missing");
            }
        }

        Attribute attribute(Node node, String name) {
            Attribute a = node.getAttribute(name);
            if (a == null) {
                throw fail("not an image segment: " + where(node, name) + " is missing");
            }
            return a;
        }

        String where(Node node, String name) {
            return node == h ? "root attribute " + name : "attribute " + name + " of " + node.getPath();
        }

        String stringAttribute(Node node, String name) {
            Object v = attribute(node, name).getData();
            if (!(v instanceof String s)) {
                throw fail(where(node, name) + " is not a string: " + describe(v));
            }
            return s;
        }

        int intAttribute(Node node, String name) {
            Object v = attribute(node, name).getData();
            if (!(v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte)) {
                throw fail(where(node, name) + " is not an integer: " + describe(v));
            }
            return Math.toIntExact(((Number) v).longValue());
        }

        double doubleAttribute(Node node, String name) {
            Object v = attribute(node, name).getData();
            if (!(v instanceof Double d)) {
                throw fail(where(node, name) + " is not a float64: " + describe(v));
            }
            return d;
        }

        Dataset dataset(String path) {
            Node n = node(path, "dataset");
            if (!(n instanceof Dataset d)) {
                throw fail("not an image segment: " + path + " is not a dataset");
            }
            return d;
        }

        String stringScalar(String path) {
            Object v = dataset(path).getData();
            if (!(v instanceof String s)) {
                throw fail(path + " is not a string: " + describe(v));
            }
            return s;
        }

        double doubleScalar(String path) {
            Object v = dataset(path).getData();
            if (!(v instanceof Double d)) {
                throw fail(path + " is not a float64 scalar: " + describe(v));
            }
            return d;
        }

        TanWcs wcs(int z) {
            String group = SegmentLayout.zoomGroup(z);
            Node g = node(group, "group");
            if (!g.isGroup()) {
                throw fail("not an image segment: " + group + " is not a group");
            }
            String c1 = stringAttribute(g, "CTYPE1");
            String c2 = stringAttribute(g, "CTYPE2");
            if (!c1.equals("RA---TAN") || !c2.equals("DEC--TAN")) {
                throw fail(group + " has CTYPE1=" + c1 + ", CTYPE2=" + c2 + "; expected RA---TAN, DEC--TAN");
            }
            double[] v = new double[WCS_DOUBLES.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = doubleAttribute(g, WCS_DOUBLES[i]);
            }
            int naxis1 = intAttribute(g, "NAXIS1");
            int naxis2 = intAttribute(g, "NAXIS2");
            try {
                return new TanWcs(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], naxis1, naxis2);
            } catch (ScienceException e) {
                throw new ScienceException(file + ": " + group + " WCS attributes are invalid: " + e.getMessage(),
                        e);
            }
        }

        float[] image(int z, String name, TanWcs w) {
            String path = SegmentLayout.zoomGroup(z) + "/" + name;
            Dataset d = dataset(path);
            if (d.getJavaType() != float.class || d.getDataType().getSize() != 4) {
                throw fail(path + " is " + d.getJavaType() + " of " + d.getDataType().getSize()
                        + " bytes, expected float32");
            }
            int[] dims = d.getDimensions();
            if (dims.length != 2 || dims[0] != w.naxis2() || dims[1] != w.naxis1()) {
                throw fail(path + " has shape " + Arrays.toString(dims) + ", expected [" + w.naxis2() + ", "
                        + w.naxis1() + "] (NAXIS2, NAXIS1 of " + SegmentLayout.zoomGroup(z) + ")");
            }
            return (float[]) d.getDataFlat();
        }

        private static String describe(Object v) {
            return v == null ? "null" : v.getClass().getSimpleName() + " " + v;
        }
    }
}
