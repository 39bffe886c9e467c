package org.hisscube.science.cube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.hisscube.science.cutout.Cutout;
import org.hisscube.science.cutout.CutoutExtractor;
import org.hisscube.science.cutout.InverseVarianceStack;
import org.hisscube.science.spectrum.SampledSpectrum;
import org.hisscube.science.spectrum.SdssSpectrum;
import org.hisscube.science.spectrum.SpectrumPyramid;
import org.hisscube.science.spectrum.SpectrumRebinner;
import org.junit.jupiter.api.Test;

/** On the real sample: one F-star target with five bands and three stacked spectra; the edge galaxy refused. */
class TargetBuilderTest {

    @Test
    void shouldBuildExactlyOneTargetForTheFStarWithFiveBandsInWavelengthOrder() {
        TargetBuilder.Result r = SampleTargets.result();
        assertThat(r.targets()).hasSize(1);
        Target t = r.targets().get(0);
        assertThat(t.id()).isEqualTo(SampleTargets.FSTAR_ID);
        assertThat(t.bands()).containsExactly("u", "g", "r", "i", "z");
        assertThat(t.spectrumFiles()).containsExactlyElementsOf(SampleTargets.FSTAR_SPECTRA);
        assertThat(t.frameFiles()).containsExactlyInAnyOrderElementsOf(SampleTargets.FRAMES);
        assertThat(t.objectClass().trim()).isEqualTo("STAR");
        assertThat(t.zooms()).hasSize(4);
        for (int z = 0; z < 4; z++) {
            TargetZoom tz = t.zoom(z);
            int s = 64 >> z;
            assertThat(tz.size()).isEqualTo(s);
            assertThat(tz.image().length).isEqualTo(5);
            assertThat(tz.image()[0].length).isEqualTo(s);
            assertThat(tz.image()[4][s - 1].length).isEqualTo(s);
            assertThat(tz.spectrumLength()).isEqualTo(4620 >> z);
            assertThat(tz.wavelength()).hasSize(4620 >> z);
            for (int b = 0; b < 5; b++) {
                for (int j = 0; j < s; j++) {
                    for (int i = 0; i < s; i++) {
                        assertThat(tz.image()[b][j][i]).isFinite();
                        assertThat(tz.imageErrors()[b][j][i]).isPositive();
                    }
                }
            }
        }
        // the star is bright at the centre of every band
        TargetZoom z0 = t.zoom(0);
        for (int b = 0; b < 5; b++) {
            assertThat(z0.image()[b][32][32]).as("band %s centre", t.bands().get(b))
                    .isGreaterThan(10 * z0.imageErrors()[b][32][32]);
        }
    }

    @Test
    void shouldRefuseTheEdgeGalaxyNamingTheEdgeAndTheFrame() {
        List<Refusal> refusals = SampleTargets.result().refusals();
        assertThat(refusals).hasSize(1);
        Refusal g = refusals.get(0);
        assertThat(g.spectrumFiles()).containsExactly(SampleTargets.EDGE_GALAXY);
        assertThat(g.reasons()).isNotEmpty();
        assertThat(g.reasons()).anySatisfy(s -> assertThat(s).contains("EDGE at frame-").contains("window x ")
                .contains("edge"));
        assertThat(String.join("\n", g.reasons())).containsPattern("(?m)^[ugriz]: EDGE at frame-[ugriz]-002820");
    }

    @Test
    void shouldCutTheSameWindowsAsTheCutoutExtractorWithinOnePixelOfHissCube() {
        Target t = SampleTargets.fstar();
        // HiSS-Cube zoom 0 rows × cols: u 457:521×749:813, g 461:525×747:811, r 450:514×746:810, i 453:517×745:809,
        // z 457:521×745:809
        int[][] hiss = {{457, 749}, {461, 747}, {450, 746}, {453, 745}, {457, 745}};
        for (FramePyramid f : SampleTargets.frames()) {
            int b = TargetBuilder.BANDS.indexOf(f.filter());
            Cutout c = CutoutExtractor.wholeOnly().extract(f.pyramid(), f.source(), 0, t.ra(), t.dec())
                    .orElseThrow();
            assertThat(c.y0()).as(f.fileName()).isCloseTo(hiss[b][0], within(1));
            assertThat(c.x0()).as(f.fileName()).isCloseTo(hiss[b][1], within(1));
            // one epoch per band: the stack is the cutout itself
            float[] data = c.data();
            float[] err = c.errors();
            for (int j = 0; j < 64; j++) {
                for (int i = 0; i < 64; i++) {
                    assertThat(t.zoom(0).image()[b][j][i]).isCloseTo(data[j * 64 + i],
                            within(Math.abs(data[j * 64 + i]) * 1e-6f + 1e-12f));
                    assertThat(t.zoom(0).imageErrors()[b][j][i]).isCloseTo(err[j * 64 + i],
                            within(err[j * 64 + i] * 1e-6f));
                }
            }
        }
    }

    @Test
    void shouldStackTheThreeSpectraByInverseVariancePerZoom() {
        Target t = SampleTargets.fstar();
        List<SpectrumPyramid> pyramids = new ArrayList<>();
        for (SdssSpectrum s : SampleTargets.spectra()) {
            if (SampleTargets.FSTAR_SPECTRA.contains(s.fileName())) {
                pyramids.add(SpectrumPyramid.build(SpectrumRebinner.toHissGrid(s), 4));
            }
        }
        assertThat(pyramids).hasSize(3);
        for (int z = 0; z < 4; z++) {
            List<SampledSpectrum> epochs = new ArrayList<>();
            for (SpectrumPyramid p : pyramids) {
                epochs.add(p.zoom(z));
            }
            InverseVarianceStack.StackedSpectrum expected = InverseVarianceStack.stackSpectra(epochs);
            assertThat(t.zoom(z).spectrum()).containsExactly(expected.spectrum().fluxFloat32());
            assertThat(t.zoom(z).spectrumErrors()).containsExactly(expected.spectrum().sigmaFloat32());
            assertThat(t.zoom(z).wavelength()).containsExactly(expected.spectrum().wavelength());
            assertThat(t.zoom(z).epochSpectra()).hasNumberOfRows(3);
            for (int k = 0; k < 3; k++) {
                assertThat(t.zoom(z).epochSpectra()[k]).containsExactly(epochs.get(k).fluxFloat32());
                assertThat(t.zoom(z).epochSpectrumErrors()[k]).containsExactly(epochs.get(k).sigmaFloat32());
            }
        }
        // three epochs: somewhere the stacked σ is below every single epoch's σ
        int k = 2000;
        double stacked = t.zoom(0).spectrumErrors()[k];
        for (SpectrumPyramid p : pyramids) {
            assertThat(stacked).isLessThan(p.zoom(0).sigma(k));
        }
    }

    @Test
    void shouldNotDependOnTheOrderOfTheInputs() {
        List<FramePyramid> frames = new ArrayList<>(SampleTargets.frames());
        List<SdssSpectrum> spectra = new ArrayList<>(SampleTargets.spectra());
        Collections.reverse(frames);
        Collections.reverse(spectra);
        TargetBuilder.Result r = new TargetBuilder().build(frames, spectra, 2);
        Target a = r.targets().get(0);
        Target b = SampleTargets.fstar();
        assertThat(a.id()).isEqualTo(b.id());
        assertThat(a.frameFiles()).isEqualTo(b.frameFiles());
        assertThat(a.spectrumFiles()).isEqualTo(b.spectrumFiles());
        assertThat(a.zoom(1).image()).isDeepEqualTo(b.zoom(1).image());
        assertThat(a.zoom(1).spectrum()).containsExactly(b.zoom(1).spectrum());
        assertThat(r.refusals()).hasSize(1);
    }

    @Test
    void shouldRefuseATargetWhenABandHasNoFrame() {
        List<FramePyramid> noU = SampleTargets.frames().stream().filter(f -> !f.filter().equals("u")).toList();
        TargetBuilder.Result r = new TargetBuilder().build(noU, SampleTargets.spectra(), 1);
        assertThat(r.targets()).isEmpty();
        Refusal star = r.refusals().stream().filter(x -> x.targetId() == SampleTargets.FSTAR_ID).findFirst()
                .orElseThrow();
        assertThat(star.reasons()).containsExactly("u: no frame of band u was given");
    }
}
