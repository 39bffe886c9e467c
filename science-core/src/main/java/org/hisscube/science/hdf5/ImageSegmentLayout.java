package org.hisscube.science.hdf5;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.api.dataset.ContiguousDataset;
import io.jhdf.exceptions.HdfException;
import io.jhdf.object.datatype.FloatingPoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.hisscube.science.ScienceException;
import org.hisscube.science.cutout.CutoutExtractor;
import org.hisscube.science.pyramid.ImagePyramid;
import org.hisscube.science.pyramid.ZoomLevel;
import org.hisscube.science.wcs.TanWcs;

/**
 * Where an image segment's pixels lie in its file, so that a reader can fetch only the rows a cutout needs (HTTP
 * range requests on the stored object) instead of the whole ≈ 32 MB file: per zoom, the byte offsets of the
 * contiguous float32 datasets {@code zoom_<z>/data} and {@code zoom_<z>/errors}, their shape and byte order, plus the
 * frame's identity (root attribute {@code source_file}, {@code metadata/filter}, {@code metadata/mjd}).
 *
 * <p>It is taken from the finished file ({@link #of(Path)}: jHDF reports each contiguous dataset's data address),
 * travels as one line of text ({@link #encode()}, ASCII, well under S3's 2 KB of user metadata) with the uploaded
 * segment, and is checked against the object's size and the frame's WCS before any byte is trusted
 * ({@link #readWindows}). A segment written with compression ({@link SegmentCompression#SHUFFLE_DEFLATE}: chunked)
 * has no such layout ({@link #of} gives empty) and is read whole.
 *
 * @param sourceFile the SDSS frame file name
 * @param filter     u, g, r, i or z
 * @param mjd        TAI MJD of the frame
 * @param order      byte order of the float32 values
 * @param zooms      zoom 0, 1, … in order
 */
public record ImageSegmentLayout(String sourceFile, String filter, double mjd, ByteOrder order, List<Zoom> zooms) {
    /**
     * Two spans of a segment closer than this are read by one range request, the bytes between them read and dropped:
     * a request costs about what a megabyte costs to send (5–13 ms per request on the local S3 server, measured; on
     * S3 tens of ms to the first byte at ~100 MB/s). The values and σ of zooms 2 and 3 then come in one request, the
     * windows of a frame in 5 instead of 8.
     */
    public static final int MAX_GAP_BYTES = 1 << 20;

    /** Version tag of {@link #encode()}. */
    static final String FORMAT = "L1";

    /**
     * One zoom's two arrays, row-major {@code height × width} float32.
     *
     * @param dataOffset   byte offset in the file of {@code data[0][0]}
     * @param errorsOffset byte offset in the file of {@code errors[0][0]}
     */
    public record Zoom(int width, int height, long dataOffset, long errorsOffset) {
        public Zoom {
            if (width < 1 || height < 1 || dataOffset < 0 || errorsOffset < 0) {
                throw new IllegalArgumentException("zoom layout " + width + "x" + height + " at " + dataOffset + ", "
                        + errorsOffset);
            }
        }

        long bytes() {
            return (long) width * height * Float.BYTES;
        }
    }

    public ImageSegmentLayout {
        Objects.requireNonNull(sourceFile, "sourceFile");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(order, "order");
        zooms = List.copyOf(zooms);
        if (zooms.isEmpty()) {
            throw new IllegalArgumentException("a layout has at least one zoom");
        }
        for (String s : List.of(sourceFile, filter)) {
            if (s.isEmpty() || !s.chars().allMatch(c -> c > ' ' && c < 127 && c != '|')) {
                throw new IllegalArgumentException("not encodable in a layout: \"" + s + "\"");
            }
        }
    }

    /** Reads byte ranges of the stored segment. */
    @FunctionalInterface
    public interface ByteRanges {
        /** Exactly {@code length} bytes from {@code offset} on. */
        byte[] read(long offset, int length) throws IOException;
    }

    /**
     * The layout of a segment file written by {@link ImageSegmentWriter}; empty when its arrays are not contiguous
     * (compressed) or not little/big-endian float32.
     *
     * @throws ScienceException when the file is not an image segment
     */
    public static Optional<ImageSegmentLayout> of(Path segment) {
        Objects.requireNonNull(segment, "segment");
        try (HdfFile h = new HdfFile(segment)) {
            String source = (String) h.getAttribute(SegmentLayout.ATTR_SOURCE_FILE).getData();
            int count = ((Number) h.getAttribute(SegmentLayout.ATTR_ZOOM_COUNT).getData()).intValue();
            String filter = (String) h.getDatasetByPath(SegmentLayout.METADATA + "/filter").getData();
            double mjd = (Double) h.getDatasetByPath(SegmentLayout.METADATA + "/mjd").getData();
            long base = h.getUserBlockSize();
            ByteOrder order = null;
            List<Zoom> zooms = new ArrayList<>(count);
            for (int z = 0; z < count; z++) {
                Node d = h.getByPath(SegmentLayout.zoomGroup(z) + "/data");
                Node e = h.getByPath(SegmentLayout.zoomGroup(z) + "/" + SegmentLayout.ERRORS);
                if (!(d instanceof ContiguousDataset cd) || !(e instanceof ContiguousDataset ce)
                        || !isFloat32(cd) || !isFloat32(ce)) {
                    return Optional.empty();
                }
                ByteOrder o = ((FloatingPoint) cd.getDataType()).getByteOrder();
                if ((order != null && o != order) || ((FloatingPoint) ce.getDataType()).getByteOrder() != o) {
                    return Optional.empty();
                }
                order = o;
                int[] dims = cd.getDimensions();
                if (dims.length != 2 || !java.util.Arrays.equals(dims, ce.getDimensions())) {
                    return Optional.empty();
                }
                zooms.add(new Zoom(dims[1], dims[0], base + cd.getDataAddress(), base + ce.getDataAddress()));
            }
            return Optional.of(new ImageSegmentLayout(source, filter, mjd, order, zooms));
        } catch (HdfException | ClassCastException | NullPointerException e) {
            throw new ScienceException(segment + ": not an image segment whose layout can be read: " + e, e);
        }
    }

    private static boolean isFloat32(Dataset d) {
        return d.getDataType() instanceof FloatingPoint && d.getDataType().getSize() == Float.BYTES
                && d.getJavaType() == float.class;
    }

    /** One line of ASCII text: {@code L1|source|filter|mjd|LE or BE|WxH@data+errors|…}. */
    public String encode() {
        StringBuilder b = new StringBuilder(FORMAT).append('|').append(sourceFile).append('|').append(filter)
                .append('|').append(Double.toString(mjd)).append('|')
                .append(order == ByteOrder.LITTLE_ENDIAN ? "LE" : "BE");
        for (Zoom z : zooms) {
            b.append('|').append(z.width()).append('x').append(z.height()).append('@').append(z.dataOffset())
                    .append('+').append(z.errorsOffset());
        }
        return b.toString();
    }

    /**
     * The layout {@link #encode()} wrote.
     *
     * @throws ScienceException when the text is not such a layout (the message quotes it)
     */
    public static ImageSegmentLayout decode(String text) {
        Objects.requireNonNull(text, "text");
        String[] p = text.split("\\|", -1);
        try {
            if (p.length < 6 || !p[0].equals(FORMAT) || !(p[4].equals("LE") || p[4].equals("BE"))) {
                throw new IllegalArgumentException("expected " + FORMAT + "|source|filter|mjd|LE or BE|zooms…");
            }
            List<Zoom> zooms = new ArrayList<>();
            for (int i = 5; i < p.length; i++) {
                String[] sizeAt = p[i].split("@", -1);
                String[] wh = sizeAt[0].split("x", -1);
                String[] offsets = sizeAt[1].split("\\+", -1);
                if (sizeAt.length != 2 || wh.length != 2 || offsets.length != 2) {
                    throw new IllegalArgumentException("zoom " + (i - 5) + " is \"" + p[i] + "\"");
                }
                zooms.add(new Zoom(Integer.parseInt(wh[0]), Integer.parseInt(wh[1]), Long.parseLong(offsets[0]),
                        Long.parseLong(offsets[1])));
            }
            double mjd = Double.parseDouble(p[3]);
            return new ImageSegmentLayout(p[1], p[2], mjd,
                    p[4].equals("LE") ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN, zooms);
        } catch (RuntimeException e) {
            throw new ScienceException("not an image segment layout (" + e.getMessage() + "): \""
                    + (text.length() > 200 ? text.substring(0, 200) + "…" : text) + "\"", e);
        }
    }

    /**
     * The pyramid levels 0..zooms-1 of the segment holding only the pixels that the standard cutouts around
     * (ra, dec) read ({@link CutoutExtractor#pixelsRead}): per zoom two range reads (values, σ) spanning the window's
     * rows. Cutouts taken from it equal those of the whole segment, bit for bit.
     *
     * @param wcs0        the frame's zoom-0 WCS (each zoom uses {@code wcs0.atZoom(z)}, as the segment does)
     * @param objectBytes the stored object's size: every array must lie inside it
     * @throws ScienceException when the layout does not fit the WCS, the zooms asked for or the object's size
     * @throws IOException      when a range cannot be read
     */
    public ImagePyramid readWindows(TanWcs wcs0, int zoomsWanted, long objectBytes, double ra, double dec,
            ByteRanges in) throws IOException {
        return readWindows(wcs0, zoomsWanted, objectBytes, ra, dec, in, MAX_GAP_BYTES);
    }

    /**
     * As {@link #readWindows(TanWcs, int, long, double, double, ByteRanges)}, with spans merged into one request when
     * at most {@code maxGapBytes} apart (negative: one request per span, i.e. per array and zoom).
     */
    public ImagePyramid readWindows(TanWcs wcs0, int zoomsWanted, long objectBytes, double ra, double dec,
            ByteRanges in, int maxGapBytes) throws IOException {
        Objects.requireNonNull(wcs0, "wcs0");
        Objects.requireNonNull(in, "in");
        if (zoomsWanted < 1 || zoomsWanted > zooms.size()) {
            throw new ScienceException(sourceFile + ": the segment layout has " + zooms.size() + " zoom(s), "
                    + zoomsWanted + " asked for");
        }
        // per zoom, the window r = {x, y, w, h} and the byte spans of its rows in the values and in the σ array
        int[][] windows = new int[zoomsWanted][];
        List<long[]> spans = new ArrayList<>(2 * zoomsWanted);
        for (int z = 0; z < zoomsWanted; z++) {
            Zoom l = zooms.get(z);
            TanWcs wcs = wcs0.atZoom(z);
            if (wcs.naxis1() != l.width() || wcs.naxis2() != l.height()) {
                throw new ScienceException(String.format(Locale.ROOT, "%s: zoom %d of the segment layout is %dx%d,"
                        + " its WCS %dx%d", sourceFile, z, l.width(), l.height(), wcs.naxis1(), wcs.naxis2()));
            }
            for (long off : new long[] {l.dataOffset(), l.errorsOffset()}) {
                if (off + l.bytes() > objectBytes) {
                    throw new ScienceException(String.format(Locale.ROOT, "%s: zoom %d of the segment layout ends at"
                            + " byte %d, the object has %d", sourceFile, z, off + l.bytes(), objectBytes));
                }
            }
            int[] r = CutoutExtractor.pixelsRead(wcs, ra, dec, CutoutExtractor.sizeAtZoom(z));
            windows[z] = r;
            if (r[2] > 0 && r[3] > 0) {
                long first = ((long) r[1] * l.width() + r[0]) * Float.BYTES;
                long length = ((long) (r[3] - 1) * l.width() + r[2]) * Float.BYTES;
                spans.add(new long[] {l.dataOffset() + first, length});
                spans.add(new long[] {l.errorsOffset() + first, length});
            }
        }
        Map<Long, ByteBuffer> read = readCoalesced(in, spans, maxGapBytes);
        List<ZoomLevel> levels = new ArrayList<>(zoomsWanted);
        for (int z = 0; z < zoomsWanted; z++) {
            Zoom l = zooms.get(z);
            int[] r = windows[z];
            float[] values = rows(read, l, l.dataOffset(), r);
            float[] sigmas = rows(read, l, l.errorsOffset(), r);
            levels.add(ZoomLevel.window(z, l.width(), l.height(), r[0], r[1], r[2], r[3], values, sigmas,
                    wcs0.atZoom(z)));
        }
        return ImagePyramid.ofLevels(levels);
    }

    /**
     * Reads the spans {offset, length}, one range request for each run of spans whose gaps are at most
     * {@code maxGap} bytes; gives each span's bytes by its offset.
     */
    private Map<Long, ByteBuffer> readCoalesced(ByteRanges in, List<long[]> spans, int maxGap) throws IOException {
        List<long[]> sorted = new ArrayList<>(spans);
        sorted.sort(java.util.Comparator.comparingLong(a -> a[0]));
        Map<Long, ByteBuffer> out = new java.util.HashMap<>();
        int i = 0;
        while (i < sorted.size()) {
            long start = sorted.get(i)[0];
            long end = start + sorted.get(i)[1];
            int j = i + 1;
            while (j < sorted.size() && sorted.get(j)[0] - end <= maxGap) {
                end = Math.max(end, sorted.get(j)[0] + sorted.get(j)[1]);
                j++;
            }
            int length = Math.toIntExact(end - start);
            byte[] bytes = in.read(start, length);
            if (bytes.length != length) {
                throw new IOException(sourceFile + ": range read gave " + bytes.length + " bytes, " + length
                        + " asked for");
            }
            for (int k = i; k < j; k++) {
                long[] span = sorted.get(k);
                out.put(span[0], ByteBuffer.wrap(bytes, Math.toIntExact(span[0] - start), Math.toIntExact(span[1]))
                        .slice().order(order));
            }
            i = j;
        }
        return out;
    }

    /** The window r = {x, y, w, h} of one array, from the bytes read for its rows. */
    private float[] rows(Map<Long, ByteBuffer> read, Zoom l, long arrayOffset, int[] r) {
        int w = r[2];
        int h = r[3];
        float[] out = new float[w * h];
        if (w == 0 || h == 0) {
            return out;
        }
        long first = ((long) r[1] * l.width() + r[0]) * Float.BYTES;
        FloatBuffer f = read.get(arrayOffset + first).asFloatBuffer();
        for (int y = 0; y < h; y++) {
            f.get(y * l.width(), out, y * w, w);
        }
        return out;
    }

    /** Zooms the layout describes. */
    public int zoomCount() {
        return zooms.size();
    }
}
