package org.hisscube.science.cube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jhdf.HdfFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hisscube.science.cutout.Cutout;
import org.hisscube.science.cutout.CutoutExtractor;
import org.hisscube.science.cutout.CutoutSource;
import org.hisscube.science.pyramid.ImagePyramid;
import org.hisscube.science.pyramid.ZoomLevel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The single-epoch images of a target: the real five frames plus a second, fainter and noisier r epoch
 * ({@code frame-r-002821-3-0122}: the r frame's values × 0.9 + 0.05 and σ × 1.5), so the r plane stacks two epochs.
 */
class EpochImagesTest {
    static final int ZOOMS = 2;
    static final String SECOND_R = "frame-r-002821-3-0122.fits.bz2";

    @TempDir
    static Path dir;

    static FramePyramid secondR;
    static Target target;
    static Path export;

    @BeforeAll
    static void buildWithTwoREpochs() {
        FramePyramid r = SampleTargets.frames().stream().filter(f -> f.filter().equals("r")).findFirst().orElseThrow();
        ZoomLevel l0 = r.pyramid().level(0);
        float[] data = l0.dataCopy();
        float[] errors = l0.errorsCopy();
        for (int i = 0; i < data.length; i++) {
            data[i] = data[i] * 0.9f + 0.05f;
            errors[i] = errors[i] * 1.5f;
        }
        secondR = new FramePyramid(new CutoutSource(SECOND_R, "r", r.source().mjd() + 30.25),
                ImagePyramid.of(l0.width(), l0.height(), data, errors, l0.wcs(), ZOOMS));
        List<FramePyramid> frames = new ArrayList<>(SampleTargets.frames());
        frames.add(secondR);
        TargetBuilder.Result result = new TargetBuilder().build(frames, SampleTargets.spectra(), ZOOMS);
        assertThat(result.targets()).hasSize(1);
        target = result.targets().get(0);
        export = dir.resolve("two-r-epochs.h5");
        CubeExportWriter.write(export, result.targets(), ZOOMS, result.refusals());
    }

    @Test
    void shouldKeepOneEpochImagePerFrameInFileNameOrder() {
        assertThat(target.frameFiles()).containsExactly("frame-g-002820-3-0122.fits.bz2",
                "frame-i-002820-3-0122.fits.bz2", "frame-r-002820-3-0122.fits.bz2", SECOND_R,
                "frame-u-002820-3-0122.fits.bz2", "frame-z-002820-3-0122.fits.bz2");
        assertThat(target.frames()).extracting(CutoutSource::filter).containsExactly("g", "i", "r", "r", "u", "z");
        assertThat(target.frames().get(3)).isEqualTo(secondR.source());
        assertThat(target.frameCount("r")).isEqualTo(2);
        for (int z = 0; z < ZOOMS; z++) {
            int s = 64 >> z;
            TargetZoom tz = target.zoom(z);
            assertThat(tz.epochImages()).hasNumberOfRows(6);
            assertThat(tz.epochImageErrors()).hasNumberOfRows(6);
            for (int k = 0; k < 6; k++) {
                assertThat(tz.epochImages()[k]).hasNumberOfRows(s);
                assertThat(tz.epochImages()[k][s - 1]).hasSize(s);
            }
        }
    }

    @Test
    void shouldHoldExactlyTheWholeCutoutOfEachFrame() {
        for (int z = 0; z < ZOOMS; z++) {
            TargetZoom tz = target.zoom(z);
            List<FramePyramid> all = new ArrayList<>(SampleTargets.frames());
            all.add(secondR);
            for (int k = 0; k < 6; k++) {
                String name = target.frameFiles().get(k);
                FramePyramid f = all.stream().filter(p -> p.fileName().equals(name)).findFirst().orElseThrow();
                Cutout c = CutoutExtractor.wholeOnly().extract(f.pyramid(), f.source(), z, target.ra(), target.dec())
                        .orElseThrow();
                assertThat(flat(tz.epochImages()[k])).as(name + " zoom " + z).containsExactly(c.data());
                assertThat(flat(tz.epochImageErrors()[k])).as(name + " zoom " + z).containsExactly(c.errors());
            }
            // the single-epoch bands are their own stack; with the sample's one frame per band, the same as before
            for (int b : new int[] {0, 1, 3, 4}) {
                assertThat(tz.image()[b]).isDeepEqualTo(SampleTargets.fstar().zoom(z).image()[b]);
            }
            assertThat(tz.epochImages()[2]).isDeepEqualTo(SampleTargets.fstar().zoom(z).epochImages()[2]);
        }
    }

    @Test
    void shouldStackTheTwoREpochsByInverseVarianceIntoTheRPlane() {
        for (int z = 0; z < ZOOMS; z++) {
            TargetZoom tz = target.zoom(z);
            CubeExportWriterTest.assertInverseVarianceStack(tz.epochImages(), tz.epochImageErrors(), List.of(2, 3),
                    tz.image()[2], tz.imageErrors()[2], "zoom " + z + " r");
            int c = (64 >> z) / 2;
            // two epochs: the stack lies between them and is more precise than either
            float a = tz.epochImages()[2][c][c];
            float b = tz.epochImages()[3][c][c];
            assertThat(tz.image()[2][c][c]).isBetween(Math.min(a, b), Math.max(a, b)).isNotEqualTo(a).isNotEqualTo(b);
            assertThat(tz.imageErrors()[2][c][c]).isLessThan(tz.epochImageErrors()[2][c][c])
                    .isLessThan(tz.epochImageErrors()[3][c][c]);
        }
    }

    @Test
    void shouldExportTheRowsWhoseRStackIsTheDenseRPlane() {
        try (HdfFile f = new HdfFile(export)) {
            for (int z = 0; z < ZOOMS; z++) {
                String g = "semi_sparse_cube/" + z + "/images/";
                float[][][] data = (float[][][]) f.getDatasetByPath(g + "data").getData();
                float[][][] errors = (float[][][]) f.getDatasetByPath(g + "errors").getData();
                String[] band = (String[]) f.getDatasetByPath(g + "band").getData();
                String[] files = (String[]) f.getDatasetByPath(g + "frame_file").getData();
                double[] mjd = (double[]) f.getDatasetByPath(g + "mjd").getData();
                assertThat(band).containsExactly("g", "i", "r", "r", "u", "z");
                assertThat(files[3]).isEqualTo(SECOND_R);
                assertThat(mjd[3]).isEqualTo(secondR.source().mjd());
                List<Integer> rRows = new ArrayList<>();
                for (int k = 0; k < band.length; k++) {
                    if (band[k].equals("r")) {
                        rRows.add(k);
                    }
                }
                float[][][][] dense = (float[][][][]) f.getDatasetByPath(CubeExportWriter.imageCube(z)).getData();
                float[][][][] denseErr = (float[][][][]) f.getDatasetByPath(CubeExportWriter.imageCube(z) + "_errors")
                        .getData();
                CubeExportWriterTest.assertInverseVarianceStack(data, errors, rRows, dense[0][2], denseErr[0][2],
                        "file zoom " + z + " r");
            }
        }
        CubeExportReader.Contents c = CubeExportReader.read(export);
        TargetAssertions.assertSameTarget(c.targets().get(0), target, false);
    }

    @Test
    void shouldRefuseATargetWhoseEpochImagesDoNotMatchItsFrames() {
        List<CutoutSource> fiveOfSix = target.frames().subList(0, 5);
        assertThatThrownBy(() -> new Target(target.id(), target.ra(), target.dec(), target.objectClass(),
                target.subClass(), target.redshift(), target.bands(), fiveOfSix, target.spectrumFiles(), List.of(),
                target.zooms())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("6 epoch image(s)").hasMessageContaining("for 5 frame(s)");
    }

    static float[] flat(float[][] rows) {
        int s = rows.length;
        float[] out = new float[s * s];
        for (int j = 0; j < s; j++) {
            System.arraycopy(rows[j], 0, out, j * s, s);
        }
        return out;
    }
}
