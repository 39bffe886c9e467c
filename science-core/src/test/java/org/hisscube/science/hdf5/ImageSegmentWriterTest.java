package org.hisscube.science.hdf5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hisscube.science.fits.FrameId;
import org.hisscube.science.fits.SdssFrame;
import org.hisscube.science.fits.SkyTable;
import org.hisscube.science.healpix.Healpix;
import org.hisscube.science.pyramid.ImagePyramid;
import org.hisscube.science.pyramid.ZoomLevel;
import org.hisscube.science.wcs.TanWcs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageSegmentWriterTest {
    /** The F star of spec-3126-54804-0211 lies on the r frame; its order-10 NESTED cell. */
    static final double FSTAR_RA = 38.301802;
    static final double FSTAR_DEC = -0.13391571;
    static final long FSTAR_CELL_10 = 4547977L;

    @TempDir
    static Path dir;

    static Hdf5TestSupport.Real r;
    static Path segment;
    static SegmentFile written;

    @BeforeAll
    static void writeTheRealRFrame() {
        r = Hdf5TestSupport.realR();
        segment = dir.resolve("r/frame-r-002820-3-0122.h5");
        // timing lives in ./hisscube bench ingest, not here
        written = ImageSegmentWriter.write(segment, r.frame(), r.pyramid());
    }

    static float[] flat(float[][] rows) {
        int w = rows[0].length;
        float[] out = new float[rows.length * w];
        for (int y = 0; y < rows.length; y++) {
            System.arraycopy(rows[y], 0, out, y * w, w);
        }
        return out;
    }

    /** Exact comparison, bit for bit (NaN payloads included). */
    static void assertSameBits(float[] actual, float[] expected, String what) {
        assertThat(actual.length).as(what + " length").isEqualTo(expected.length);
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(actual[i]) != Float.floatToRawIntBits(expected[i])) {
                throw new AssertionError(what + "[" + i + "] = " + actual[i] + ", expected " + expected[i]);
            }
        }
    }

    static Object attr(Node node, String name) {
        assertThat(node.getAttribute(name)).as("attribute " + name + " of " + node.getPath()).isNotNull();
        return node.getAttribute(name).getData();
    }

    static Object scalar(HdfFile h, String path) {
        return h.getDatasetByPath(path).getData();
    }

    @Test
    void shouldWriteEveryZoomWithFloat32DataAndErrorsEqualToThePyramid() {
        try (HdfFile h = new HdfFile(segment)) {
            for (ZoomLevel level : r.pyramid().levels()) {
                String g = "zoom_" + level.zoom();
                for (String name : List.of("data", "errors")) {
                    Dataset ds = h.getDatasetByPath(g + "/" + name);
                    assertThat(ds.getJavaType()).as(g + "/" + name).isEqualTo(float.class);
                    assertThat(ds.getDataType().getSize()).isEqualTo(4);
                    assertThat(ds.getDimensions()).containsExactly(level.height(), level.width());
                    float[] expected = name.equals("data") ? level.dataCopy() : level.errorsCopy();
                    assertSameBits(flat((float[][]) ds.getData()), expected, g + "/" + name);
                    assertThat(attr(ds, "units")).isEqualTo("nanomaggies");
                }
            }
            assertThat(h.getDatasetByPath("zoom_0/data").getDimensions()).containsExactly(1489, 2048);
            assertThat(h.getDatasetByPath("zoom_3/data").getDimensions()).containsExactly(186, 256);
            assertThat(h.getChildren().keySet()).containsExactlyInAnyOrder("zoom_0", "zoom_1", "zoom_2", "zoom_3",
                    "metadata");
        }
    }

    @Test
    void shouldWriteEveryZoomWithFloat64WcsAttributesOfThatZoom() {
        try (HdfFile h = new HdfFile(segment)) {
            for (int z = 0; z < 4; z++) {
                Node g = h.getByPath("zoom_" + z);
                TanWcs w = r.frame().wcs().atZoom(z);
                assertThat(w).isEqualTo(r.pyramid().level(z).wcs());
                double[] expected = {w.crval1(), w.crval2(), w.crpix1(), w.crpix2(), w.cd11(), w.cd12(), w.cd21(),
                        w.cd22()};
                String[] names = {"CRVAL1", "CRVAL2", "CRPIX1", "CRPIX2", "CD1_1", "CD1_2", "CD2_1", "CD2_2"};
                for (int i = 0; i < names.length; i++) {
                    Object v = attr(g, names[i]);
                    assertThat(v).as("zoom " + z + " " + names[i] + " must be float64").isInstanceOf(Double.class);
                    assertThat(Double.doubleToRawLongBits((Double) v)).as("zoom " + z + " " + names[i])
                            .isEqualTo(Double.doubleToRawLongBits(expected[i]));
                }
                assertThat(attr(g, "NAXIS1")).isEqualTo(w.naxis1());
                assertThat(attr(g, "NAXIS2")).isEqualTo(w.naxis2());
                assertThat(attr(g, "CTYPE1")).isEqualTo("RA---TAN");
                assertThat(attr(g, "CTYPE2")).isEqualTo("DEC--TAN");
                assertThat(attr(g, "zoom")).isEqualTo(z);
                assertThat(attr(g, "bin_factor")).isEqualTo(1 << z);
            }
        }
    }

    @Test
    void shouldMarkTheFileAsANeXusImageSegment() {
        try (HdfFile h = new HdfFile(segment)) {
            assertThat(attr(h, "NX_class")).isEqualTo("NXroot");
            assertThat(attr(h, "default")).isEqualTo("zoom_0");
            assertThat(attr(h, "hisscube_kind")).isEqualTo("image_segment");
            assertThat(attr(h, "schema_version")).isEqualTo(1);
            assertThat(attr(h, "source_file")).isEqualTo("frame-r-002820-3-0122.fits.bz2");
            assertThat(attr(h, "zoom_count")).isEqualTo(4);
            for (int z = 0; z < 4; z++) {
                Node g = h.getByPath("zoom_" + z);
                assertThat(g.isGroup()).isTrue();
                assertThat(attr(g, "NX_class")).isEqualTo("NXdata");
                assertThat(attr(g, "signal")).isEqualTo("data");
            }
            assertThat(attr(h.getByPath("metadata"), "NX_class")).isEqualTo("NXcollection");
        }
    }

    @Test
    void shouldWriteFrameMetadataWithFloat64TimesAndEffectiveWavelength() {
        SdssFrame f = r.frame();
        try (HdfFile h = new HdfFile(segment)) {
            assertThat(scalar(h, "metadata/filter")).isEqualTo("r");
            assertThat(scalar(h, "metadata/run")).isEqualTo(2820);
            assertThat(scalar(h, "metadata/camcol")).isEqualTo(3);
            assertThat(scalar(h, "metadata/field")).isEqualTo(122);
            assertThat(scalar(h, "metadata/rerun")).isEqualTo(f.rerun());
            assertThat(scalar(h, "metadata/effective_wavelength")).isEqualTo(6166.0);
            Object tai = scalar(h, "metadata/tai_seconds");
            Object mjd = scalar(h, "metadata/mjd");
            assertThat(tai).isInstanceOf(Double.class).isEqualTo(f.taiSeconds());
            assertThat(mjd).isInstanceOf(Double.class).isEqualTo(f.mjd());
            // TAI seconds ~ 4.5e9 need float64: float32 would lose minutes
            assertThat((double) (float) f.taiSeconds()).isNotEqualTo(f.taiSeconds());
            assertThat(h.getDatasetByPath("metadata/tai_seconds").getDataType().getSize()).isEqualTo(8);
            assertThat(h.getDatasetByPath("metadata/mjd").getDataType().getSize()).isEqualTo(8);
            assertThat(scalar(h, "metadata/healpix_order")).isEqualTo(10);
            assertThat(scalar(h, "metadata/healpix_scheme")).isEqualTo("NESTED");
            Dataset cells = h.getDatasetByPath("metadata/healpix_cells");
            assertThat(cells.getJavaType()).isEqualTo(long.class);
            assertThat((long[]) cells.getData()).containsExactly(FrameFootprint.healpixCells(f.wcs(), 10));
        }
    }

    @Test
    void shouldListTheFStarCellAmongTheFootprintCells() {
        assertThat(Healpix.ang2pixNest(10, FSTAR_RA, FSTAR_DEC)).isEqualTo(FSTAR_CELL_10);
        double[] xy = r.frame().wcs().worldToPixel(FSTAR_RA, FSTAR_DEC);
        assertThat(r.frame().wcs().contains(xy[0], xy[1])).isTrue();
        try (HdfFile h = new HdfFile(segment)) {
            long[] cells = (long[]) h.getDatasetByPath("metadata/healpix_cells").getData();
            assertThat(cells).contains(FSTAR_CELL_10).isSorted().doesNotHaveDuplicates();
            // a 13.5' x 9.8' frame on 3.4' cells: a few tens of cells
            assertThat(cells.length).isBetween(12, 40);
            System.out.println("r frame order-10 cells: " + cells.length);
        }
    }

    @Test
    void shouldKeepTheOriginalFitsHeaderCardForCard() {
        List<String> cards = r.frame().primaryHeaderCards();
        assertThat(cards).isNotEmpty();
        try (HdfFile h = new HdfFile(segment)) {
            String header = (String) scalar(h, "metadata/fits_header");
            assertThat(header.split("\n", -1)).containsExactlyElementsOf(cards);
            assertThat(header).contains("TAI").contains("CRVAL1");
        }
    }

    @Test
    void shouldWriteByteIdenticalFilesForTheSameInput() throws IOException {
        Path again = dir.resolve("again/" + segment.getFileName());
        ImageSegmentWriter.write(again, r.frame(), r.pyramid());
        assertThat(Files.size(again)).isEqualTo(written.sizeBytes());
        assertThat(Hdf5TestSupport.sha256(again)).isEqualTo(Hdf5TestSupport.sha256(segment));
        System.out.println("image segment SHA-256 " + Hdf5TestSupport.sha256(segment));
    }

    @Test
    void shouldReplaceAnExistingLargerFileWithTheSameBytesAsAFreshWrite() throws IOException {
        // jHDF does not truncate: writing in place over a larger file would keep its tail
        Path replay = dir.resolve("replay.h5");
        Files.write(replay, new byte[(int) written.sizeBytes() + 1_000_000]);
        SegmentFile f = ImageSegmentWriter.write(replay, r.frame(), r.pyramid());
        assertThat(f.sizeBytes()).isEqualTo(written.sizeBytes()).isEqualTo(Files.size(replay));
        assertThat(Hdf5TestSupport.sha256(replay)).isEqualTo(Hdf5TestSupport.sha256(segment));
    }

    @Test
    void shouldNotEmbedThePlatformStampOfJhdf() throws IOException {
        try (HdfFile h = new HdfFile(segment)) {
            assertThat(h.getAttributes()).doesNotContainKey("_jHDF");
            assertThat(attr(h, "creator")).isEqualTo(SegmentLayout.CREATOR);
        }
        byte[] bytes = Files.readAllBytes(segment);
        String ascii = new String(bytes, 0, Math.min(bytes.length, 1 << 20),
                java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(ascii).doesNotContain(System.getProperty("os.name")).doesNotContain("jHDF - ");
    }

    @Test
    void shouldLeaveNoTemporaryFileBehind() throws IOException {
        try (Stream<Path> files = Files.list(segment.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(segment.getFileName().toString());
        }
        // created with the default permissions (umask), like any new file, not owner-only like a temp file
        if (segment.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Path plain = Files.createFile(dir.resolve("plain-new-file"));
            assertThat(Files.getPosixFilePermissions(segment)).isEqualTo(Files.getPosixFilePermissions(plain));
        }
    }

    @Test
    void shouldRefuseAPyramidOfAnotherImage() {
        SdssFrame f = r.frame();
        TanWcs shifted = new TanWcs(f.wcs().crval1() + 0.01, f.wcs().crval2(), f.wcs().crpix1(), f.wcs().crpix2(),
                f.wcs().cd11(), f.wcs().cd12(), f.wcs().cd21(), f.wcs().cd22(), f.width(), f.height());
        ZoomLevel base = r.pyramid().level(0);
        ImagePyramid other = ImagePyramid.of(f.width(), f.height(), base.dataCopy(), base.errorsCopy(), shifted, 1);
        Path out = dir.resolve("refused.h5");
        assertThatThrownBy(() -> ImageSegmentWriter.write(out, f, other))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not the image of");
        assertThat(out).doesNotExist();
    }

    @Test
    void shouldWriteCompressedSegmentsThatReadBackExactly() throws IOException {
        Path out = dir.resolve("deflate.h5");
        SegmentFile f = ImageSegmentWriter.write(out, r.frame(), r.pyramid(), SegmentCompression.SHUFFLE_DEFLATE);
        try (HdfFile h = new HdfFile(out)) {
            for (ZoomLevel level : r.pyramid().levels()) {
                String g = "zoom_" + level.zoom();
                assertSameBits(flat((float[][]) h.getDatasetByPath(g + "/data").getData()), level.dataCopy(),
                        g + "/data");
                assertSameBits(flat((float[][]) h.getDatasetByPath(g + "/errors").getData()), level.errorsCopy(),
                        g + "/errors");
            }
        }
        Path again = dir.resolve("deflate-again.h5");
        ImageSegmentWriter.write(again, r.frame(), r.pyramid(), SegmentCompression.SHUFFLE_DEFLATE);
        assertThat(Hdf5TestSupport.sha256(again)).isEqualTo(Hdf5TestSupport.sha256(out));
    }

    @Test
    void shouldWriteASyntheticFrameWithMissingValuesAndNoHeaderCards() {
        int w = 40;
        int hgt = 30;
        TanWcs wcs = new TanWcs(359.999, 89.99, 20.5, 15.5, -1.1e-4, 0, 0, 1.1e-4, w, hgt);
        float[] image = new float[w * hgt];
        float[] err = new float[w * hgt];
        for (int i = 0; i < image.length; i++) {
            image[i] = i * 0.25f - 3;
            err[i] = i % 7 == 0 ? Float.NaN : 0.5f + i;
        }
        float[] calib = new float[w];
        java.util.Arrays.fill(calib, 0.005f);
        float[] xi = new float[w];
        float[] yi = new float[hgt];
        SdssFrame frame = new SdssFrame("frame-g-000001-1-0001.fits.bz2", new FrameId("g", 1, 1, 1), "", 4.5e9,
                w, hgt, image, calib, new SkyTable(new float[][] {{1f}}, xi, yi), wcs, List.of());
        ImagePyramid p = ImagePyramid.of(w, hgt, image, err, wcs, 3);
        Path out = dir.resolve("synthetic.h5");
        ImageSegmentWriter.write(out, frame, p);
        try (HdfFile h = new HdfFile(out)) {
            assertThat(h.getChildren().keySet()).containsExactlyInAnyOrder("zoom_0", "zoom_1", "zoom_2", "metadata");
            for (ZoomLevel level : p.levels()) {
                assertSameBits(flat((float[][]) h.getDatasetByPath("zoom_" + level.zoom() + "/errors").getData()),
                        level.errorsCopy(), "errors");
            }
            assertThat(scalar(h, "metadata/fits_header")).isEqualTo("");
            assertThat(scalar(h, "metadata/rerun")).isEqualTo("");
            assertThat(scalar(h, "metadata/effective_wavelength")).isEqualTo(4686.0);
            long[] cells = (long[]) scalar(h, "metadata/healpix_cells");
            assertThat(cells).isNotEmpty().isSorted();
            assertThat(((Group) h.getByPath("zoom_2")).getAttribute("NAXIS1").getData()).isEqualTo(10);
        }
    }
}
