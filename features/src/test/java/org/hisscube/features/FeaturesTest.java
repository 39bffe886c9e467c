package org.hisscube.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hisscube.science.cube.CubeBuild;
import org.hisscube.science.cube.Target;
import org.hisscube.science.cube.TargetZoom;
import org.hisscube.science.cutout.InverseVarianceStack;
import org.hisscube.testsupport.InMemoryObjectStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The features of the real F-star target (field 2820-3-0122, three spectra, five bands): what a model reads. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeaturesTest {
    static final List<String> FILES = List.of("frames/frame-u-002820-3-0122.fits.bz2",
            "frames/frame-g-002820-3-0122.fits.bz2", "frames/frame-r-002820-3-0122.fits.bz2",
            "frames/frame-i-002820-3-0122.fits.bz2", "frames/frame-z-002820-3-0122.fits.bz2",
            "spectra/spec-3126-54804-0211.fits", "spectra/spec-3127-54835-0622.fits",
            "spectra/spec-7330-56684-0434.fits", "spectra/spec-4238-55455-0037.fits");
    /** The F star's r magnitude in the SDSS catalog (data/demo/fstar-field.csv). */
    static final double CATALOG_R = 17.88;
    static final List<Integer> ZOOMS = List.of(0, 1, 2, 3);

    @TempDir
    static Path dir;
    Path export;
    Target star;
    Featurizer featurizer = Featurizer.sdss();

    @BeforeAll
    void buildTheRealTarget() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        for (String f : FILES) {
            Path src = SampleData.root().resolve("data/sdss-sample").resolve(f);
            Files.createSymbolicLink(in.resolve(src.getFileName()), src.toAbsolutePath());
        }
        export = dir.resolve("cube.h5");
        CubeBuild.run(in, export, 4, line -> { });
        List<Target> targets = Featurizer.read(export);
        assertThat(targets).hasSize(1);
        star = targets.get(0);
    }

    @Test
    void everyZoomGivesTheImageSpectrumAndPhotometryTensorsWithLabelAndSplit() {
        List<TargetFeatures> all = featurizer.derive(star, 1, ZOOMS);
        assertThat(all).extracting(TargetFeatures::zoom).containsExactly(0, 1, 2, 3);
        for (TargetFeatures f : all) {
            int s = 64 >> f.zoom();
            assertThat(f.tensor("image").shape()).containsExactly(5, s, s);
            assertThat(f.tensor("spectrum").shape()).containsExactly(4620 >> f.zoom());
            assertThat(f.tensor("photometry").shape()).containsExactly(9);
            assertThat(f.className()).isEqualTo("STAR");
            assertThat(f.split()).isEqualTo(Split.of(star.id()));
            assertThat(f.redshift()).isEqualTo(star.redshift());
            // the whole cutout is measured; the spectrum has gaps (ivar = 0) that are masked, never NaN
            assertThat(count(f.tensor("image").mask())).isEqualTo(5 * s * s);
            Tensor spec = f.tensor("spectrum");
            assertThat(count(spec.mask())).isBetween(spec.length() / 2, spec.length());
            for (Tensor t : f.tensors()) {
                for (int i = 0; i < t.length(); i++) {
                    assertThat(Float.isFinite(t.values()[i]) && Float.isFinite(t.sigma()[i])).as(t.modality()).isTrue();
                    if (t.mask()[i] == 0) {
                        assertThat(t.values()[i]).isZero();
                        assertThat(t.sigma()[i]).isZero();
                    }
                }
            }
            // normalised by the median over good samples: the median of the good values is 1
            float[] good = new float[count(spec.mask())];
            int k = 0;
            for (int i = 0; i < spec.length(); i++) {
                if (spec.mask()[i] == 1) {
                    good[k++] = spec.values()[i];
                }
            }
            java.util.Arrays.sort(good);
            assertThat((double) good[good.length / 2]).isCloseTo(1.0, within(0.01));
        }
    }

    @Test
    void theRBandApertureMagnitudeMatchesTheIndependentStackOfItsCutoutsAndTheCatalog() {
        for (int zoom : ZOOMS) {
            TargetFeatures f = featurizer.derive(star, 1, List.of(zoom)).get(0);
            double mag = f.tensor("photometry").values()[2];
            double err = f.tensor("photometry").sigma()[2];
            TargetZoom tz = star.zoom(zoom);
            int s = tz.size();
            List<float[]> values = new ArrayList<>();
            List<float[]> sigmas = new ArrayList<>();
            for (int k = 0; k < star.frames().size(); k++) {
                if (star.frames().get(k).filter().equals("r")) {
                    values.add(flat(tz.epochImages()[k]));
                    sigmas.add(flat(tz.epochImageErrors()[k]));
                }
            }
            assertThat(values).as("r epochs").isNotEmpty();
            InverseVarianceStack.Result stack = InverseVarianceStack.stackFloat32(values, sigmas);
            double[] flux = PhotometryModality.apertureFlux(plane(stack.meanFloat32(), s),
                    plane(stack.sigmaFloat32(), s), zoom);
            double independent = AsinhMagnitudes.magnitude(flux[0], 2);
            assertThat(mag).as("zoom %d", zoom).isCloseTo(independent, within(err + 1e-4));
            assertThat(err).as("zoom %d error", zoom).isBetween(1e-4, 0.05);
            // a 3" aperture holds ~97 % of a 1.4" star: within 0.15 mag of the catalog's PSF magnitude
            assertThat(mag).as("zoom %d vs catalog", zoom).isCloseTo(CATALOG_R, within(0.15));
        }
    }

    @Test
    void theSameTargetGivesBitIdenticalTensorsAndShards() throws Exception {
        List<TargetFeatures> a = featurizer.derive(Featurizer.read(export).get(0), 1, ZOOMS);
        List<TargetFeatures> b = featurizer.derive(Featurizer.read(export).get(0), 1, ZOOMS);
        for (int z = 0; z < 4; z++) {
            assertThat(a.get(z).sameAs(b.get(z))).isTrue();
            Path s1 = dir.resolve("a-" + z + ".h5");
            Path s2 = dir.resolve("b-" + z + ".h5");
            ShardFile.write(s1, z, 7, List.of(a.get(z)));
            ShardFile.write(s2, z, 7, List.of(b.get(z)));
            assertThat(Files.readAllBytes(s1)).isEqualTo(Files.readAllBytes(s2));
            ShardFile.Shard back = ShardFile.read(s1);
            assertThat(back.zoom()).isEqualTo(z);
            assertThat(back.seq()).isEqualTo(7);
            assertThat(back.rows()).hasSize(1);
            assertThat(back.rows().get(0).sameAs(a.get(z))).as("zoom %d read back", z).isTrue();
        }
    }

    @Test
    void aNewerTargetVersionReplacesTheOldOneInTheManifestAndAReplayChangesNothing() throws Exception {
        InMemoryObjectStore s3 = new InMemoryObjectStore("features-test");
        ShardStore store = new ShardStore(s3, dir.resolve("scratch"), ZOOMS, List.of("image", "spectrum",
                "photometry"));
        assertThat(store.manifest().version()).isZero();
        ShardStore.Appended first = store.append(store.manifest(), List.of(featurizer.derive(star, 1, ZOOMS)));
        assertThat(first.manifest().version()).isEqualTo(1);
        assertThat(first.manifest().shards()).extracting(FeatureManifest.ShardEntry::zoom).containsExactly(0, 1, 2, 3);
        assertThat(first.written()).containsExactly(star.id());
        ShardStore.Appended replay = store.append(store.manifest(), List.of(featurizer.derive(star, 1, ZOOMS)));
        assertThat(replay.written()).isEmpty();
        assertThat(replay.skipped()).containsExactly(star.id());
        assertThat(store.manifest().version()).isEqualTo(1);
        ShardStore.Appended second = store.append(store.manifest(), List.of(featurizer.derive(star, 2, ZOOMS)));
        FeatureManifest m = store.manifest();
        assertThat(m.version()).isEqualTo(2);
        assertThat(m.targets()).singleElement().satisfies(t -> {
            assertThat(t.version()).isEqualTo(2);
            assertThat(t.shard()).isEqualTo(2);
            assertThat(t.split()).isEqualTo(Split.of(star.id()).label());
        });
        assertThat(m.shards()).hasSize(8);
        assertThat(second.bytes()).isPositive();
        for (int z : ZOOMS) {
            List<TargetFeatures> live = store.liveRows(m, z);
            assertThat(live).singleElement().satisfies(f -> assertThat(f.targetVersion()).isEqualTo(2));
            // the version-1 manifest still reads what it read
            assertThat(store.liveRows(store.manifest(1), z)).singleElement()
                    .satisfies(f -> assertThat(f.targetVersion()).isEqualTo(1));
        }
        assertThat(s3.list("features/shards/")).hasSize(8);
    }

    @Test
    void badTargetsAreRefusedWithTheirCause() throws Exception {
        Path notHdf5 = dir.resolve("not-a-target.h5");
        Files.writeString(notHdf5, "SIMPLE  =                    T");
        assertThatThrownBy(() -> Featurizer.read(notHdf5)).isInstanceOf(TargetRefusedException.class)
                .hasMessageContaining("not-a-target.h5")
                .satisfies(e -> assertThat(((TargetRefusedException) e).causeCode()).isEqualTo("unreadable"));
        Target blank = withImage(star, Float.NaN);
        assertThatThrownBy(() -> featurizer.derive(blank, 1, ZOOMS)).isInstanceOf(TargetRefusedException.class)
                .satisfies(e -> assertThat(((TargetRefusedException) e).causeCode()).isEqualTo("all_nan"))
                .hasMessageContaining(Long.toString(star.id()));
        assertThatThrownBy(() -> featurizer.derive(star, 1, List.of(4))).isInstanceOf(TargetRefusedException.class)
                .hasMessageContaining("zoom 4");
    }

    @Test
    void theSplitIsAFixedFunctionOfTheTargetIdAboutSeventyFifteenFifteen() {
        int[] n = new int[3];
        for (long id = 0; id < 30_000; id++) {
            n[Split.of(id * 7919 + 12345).ordinal()]++;
            assertThat(Split.of(id)).isEqualTo(Split.of(id));
        }
        assertThat(n[0] / 30_000.0).isCloseTo(0.70, within(0.015));
        assertThat(n[1] / 30_000.0).isCloseTo(0.15, within(0.015));
        assertThat(n[2] / 30_000.0).isCloseTo(0.15, within(0.015));
    }

    @Test
    void baselineEmbeddingsExistForEveryModalityAndTheFusedOne() {
        TargetFeatures f = featurizer.derive(star, 1, List.of(0)).get(0);
        List<Embeddings.Embedding> e = Embeddings.baseline(featurizer, f);
        assertThat(e).extracting(x -> x.modality().name()).containsExactly("IMAGE", "SPECTRUM", "PHOTOMETRY",
                "MULTI");
        assertThat(e).extracting(x -> x.vector().length).containsExactly(15, 32, 9, 56);
        assertThat(e).allSatisfy(x -> assertThat(x.encoderVersion()).isEqualTo(Embeddings.BASELINE));
        // a point source: the stretched r profile falls from the core outwards
        float[] image = e.get(0).vector();
        assertThat(image[2 * 3]).isGreaterThan(image[2 * 3 + 1]);
        assertThat(image[2 * 3 + 1]).isGreaterThan(image[2 * 3 + 2]);
    }

    private static Target withImage(Target t, float value) {
        List<TargetZoom> zooms = new ArrayList<>();
        for (TargetZoom z : t.zooms()) {
            float[][][] img = new float[5][z.size()][z.size()];
            for (float[][] plane : img) {
                for (float[] row : plane) {
                    java.util.Arrays.fill(row, value);
                }
            }
            zooms.add(new TargetZoom(z.zoom(), z.size(), img, z.imageErrors(), z.spectrum(), z.spectrumErrors(),
                    z.wavelength(), z.epochSpectra(), z.epochSpectrumErrors(), z.epochImages(),
                    z.epochImageErrors()));
        }
        return new Target(t.id(), t.ra(), t.dec(), t.objectClass(), t.subClass(), t.redshift(), t.bands(), t.frames(),
                t.spectrumFiles(), t.notes(), zooms);
    }

    private static int count(byte[] mask) {
        int n = 0;
        for (byte b : mask) {
            n += b;
        }
        return n;
    }

    private static float[] flat(float[][] plane) {
        int s = plane.length;
        float[] out = new float[s * s];
        for (int y = 0; y < s; y++) {
            System.arraycopy(plane[y], 0, out, y * s, s);
        }
        return out;
    }

    private static float[][] plane(float[] flat, int s) {
        float[][] out = new float[s][s];
        for (int y = 0; y < s; y++) {
            System.arraycopy(flat, y * s, out[y], 0, s);
        }
        return out;
    }
}
