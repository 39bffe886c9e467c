package org.hisscube.science.cutout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hisscube.science.SampleData;
import org.hisscube.science.calib.CalibratedImage;
import org.hisscube.science.calib.FrameCalibrator;
import org.hisscube.science.fits.TestFrames;
import org.hisscube.science.photometry.ApertureFlux;
import org.hisscube.science.photometry.AperturePhotometry;
import org.hisscube.science.photometry.FluxUnits;
import org.hisscube.science.photometry.SyntheticFlux;
import org.hisscube.science.photometry.SyntheticPhotometry;
import org.hisscube.science.pyramid.ImagePyramid;
import org.hisscube.science.spectrum.SampledSpectrum;
import org.hisscube.science.spectrum.SdssSpectrum;
import org.hisscube.science.spectrum.SpectrumReader;
import org.hisscube.science.spectrum.SpectrumRebinner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cross-modal sanity test on real data: the F star of field 2820-3-0122 (three spectra: SEGUE-2 ×2, BOSS ×1) and
 * the edge galaxy spec-4238-55455-0037. Images and spectra must agree on where the star is and how bright it is.
 */
class FStarCrossModalSanityTest {
    static final String[] STAR = {"spec-3126-54804-0211.fits", "spec-3127-54835-0622.fits",
        "spec-7330-56684-0434.fits"};
    static final String EDGE_GALAXY = "spec-4238-55455-0037.fits";
    static final String BANDS = "ugriz";
    static final double RA = 38.301802;
    static final double DEC = -0.13391571;
    /** HiSS-Cube's zoom-0 windows for this star: {row0, col0} of rows row0:row0+64 × cols col0:col0+64. */
    static final Map<String, int[]> HISSCUBE_WINDOWS = Map.of("u", new int[] {457, 749}, "g", new int[] {461, 747},
            "r", new int[] {450, 746}, "i", new int[] {453, 745}, "z", new int[] {457, 745});

    static final Map<String, CalibratedImage> IMAGES = new LinkedHashMap<>();
    static final Map<String, ImagePyramid> PYRAMIDS = new LinkedHashMap<>();
    static final List<SdssSpectrum> SPECTRA = new ArrayList<>();
    static SdssSpectrum galaxy;

    @BeforeAll
    static void readFramesAndSpectra() {
        FrameCalibrator calibrator = new FrameCalibrator();
        for (char f : BANDS.toCharArray()) {
            CalibratedImage img = calibrator.calibrate(TestFrames.frame("frame-" + f + "-002820-3-0122.fits.bz2"));
            IMAGES.put(String.valueOf(f), img);
            PYRAMIDS.put(String.valueOf(f), ImagePyramid.of(img));
        }
        SpectrumReader reader = new SpectrumReader();
        for (String s : STAR) {
            SPECTRA.add(reader.read(SampleData.spectrum(s)));
        }
        galaxy = reader.read(SampleData.spectrum(EDGE_GALAXY));
    }

    static Cutout zoom0(String band, double ra, double dec) {
        return CutoutExtractor.wholeOnly().extract(PYRAMIDS.get(band), CutoutSource.of(IMAGES.get(band)), 0, ra, dec)
                .orElseThrow();
    }

    @Test
    void shouldGiveWholeCutoutsOfAllThreeEpochsInAllBandsAtEveryZoom() {
        for (SdssSpectrum s : SPECTRA) {
            assertThat(s.plugRa()).isCloseTo(RA, org.assertj.core.api.Assertions.within(1e-4));
            assertThat(s.plugDec()).isCloseTo(DEC, org.assertj.core.api.Assertions.within(1e-4));
            for (String band : IMAGES.keySet()) {
                List<CutoutResult> zooms = CutoutExtractor.wholeOnly().extractAllZooms(PYRAMIDS.get(band),
                        CutoutSource.of(IMAGES.get(band)), s.plugRa(), s.plugDec());
                assertThat(zooms).hasSize(4);
                for (int z = 0; z < 4; z++) {
                    CutoutResult r = zooms.get(z);
                    assertThat(r.isCutout()).as("%s %s zoom %d: %s", s.fileName(), band, z, r).isTrue();
                    Cutout c = (Cutout) r;
                    assertThat(c.isWhole()).isTrue();
                    assertThat(c.size()).isEqualTo(64 >> z);
                    assertThat(c.filter()).isEqualTo(band);
                    assertThat(c.source().frameFileName()).isEqualTo("frame-" + band + "-002820-3-0122.fits.bz2");
                    if (s == SPECTRA.get(0)) {
                        System.out.printf("F star %s zoom %d: %dx%d window x %d..%d y %d..%d (object at %.2f, %.2f)%n",
                                band, z, c.size(), c.size(), c.x0(), c.x1(), c.y0(), c.y1(), c.px(), c.py());
                    }
                }
            }
        }
    }

    @Test
    void shouldRefuseTheEdgeGalaxyAWholeCutoutBecauseItsWindowCrossesTheEdge() {
        for (String band : IMAGES.keySet()) {
            CutoutResult r = CutoutExtractor.wholeOnly().extract(PYRAMIDS.get(band), CutoutSource.of(IMAGES.get(band)),
                    0, galaxy.plugRa(), galaxy.plugDec());
            assertThat(r.isCutout()).as(band).isFalse();
            CutoutRefusal refusal = (CutoutRefusal) r;
            assertThat(refusal.reason()).isEqualTo(CutoutRefusal.Reason.EDGE);
            assertThat(refusal.message()).contains("crosses the left edge (x < 0)").contains("of 2048×1489");
            System.out.println("edge galaxy " + band + ": " + refusal.message());
            if (band.equals("r")) {
                assertThat(refusal.px()).isCloseTo(10.5, org.assertj.core.api.Assertions.within(0.1));
                assertThat(refusal.py()).isCloseTo(151.3, org.assertj.core.api.Assertions.within(0.1));
            }
            Cutout partial = CutoutExtractor.allowingPartial().extract(PYRAMIDS.get(band),
                    CutoutSource.of(IMAGES.get(band)), 0, galaxy.plugRa(), galaxy.plugDec()).orElseThrow();
            assertThat(partial.isPartial()).isTrue();
            assertThat(partial.missingPixels()).isEqualTo(-partial.x0() * 64);
        }
    }

    @Test
    void shouldPlaceTheZoom0WindowsWithinOnePixelOfHissCubesInAllFiveBands() {
        for (String band : IMAGES.keySet()) {
            Cutout c = zoom0(band, RA, DEC);
            int[] h = HISSCUBE_WINDOWS.get(band);
            System.out.printf("%s: ours rows %d:%d cols %d:%d, HiSS-Cube rows %d:%d cols %d:%d%n", band, c.y0(),
                    c.y0() + 64, c.x0(), c.x0() + 64, h[0], h[0] + 64, h[1], h[1] + 64);
            assertThat(Math.abs(c.y0() - h[0])).as("%s rows", band).isLessThanOrEqualTo(1);
            assertThat(Math.abs(c.x0() - h[1])).as("%s cols", band).isLessThanOrEqualTo(1);
            // truncating instead of rounding reproduces HiSS-Cube's windows exactly
            assertThat((int) Math.floor(c.py()) - 32).as("%s truncated rows", band).isEqualTo(h[0]);
            assertThat((int) Math.floor(c.px()) - 32).as("%s truncated cols", band).isEqualTo(h[1]);
        }
    }

    @Test
    void shouldHaveTheBrightestPixelAtOrNextToTheWindowCentre() {
        for (String band : IMAGES.keySet()) {
            Cutout c = zoom0(band, RA, DEC);
            int bi = -1;
            int bj = -1;
            float best = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < c.size(); j++) {
                for (int i = 0; i < c.size(); i++) {
                    if (c.value(i, j) > best) {
                        best = c.value(i, j);
                        bi = i;
                        bj = j;
                    }
                }
            }
            System.out.printf("%s: brightest pixel (%d, %d) = %.3f nmgy, centre (32, 32)%n", band, bi, bj, best);
            assertThat(Math.abs(bi - 32)).as(band).isLessThanOrEqualTo(1);
            assertThat(Math.abs(bj - 32)).as(band).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void shouldAgreeOnTheStarsRBandFluxBetweenTheStackedSpectrumAndTheImage() {
        Cutout r = zoom0("r", RA, DEC);
        // total flux: r = 15 px (5.9", ~4 FWHM), background median 22..31 px; the curve of growth must be flat there
        ApertureFlux image = AperturePhotometry.measure(r, 15, 22, 31);
        ApertureFlux smaller = AperturePhotometry.measure(r, 10, 22, 31);
        ApertureFlux larger = AperturePhotometry.measure(r, 20, 22, 31);
        System.out.printf("image r: %.2f ± %.2f nmgy (r = 10/15/20 px: %.2f / %.2f / %.2f; background %.5f nmgy/px)%n",
                image.nanomaggies(), image.sigmaNanomaggies(), smaller.nanomaggies(), image.nanomaggies(),
                larger.nanomaggies(), image.backgroundPerPixel());
        assertThat(smaller.nanomaggies() / image.nanomaggies()).as("curve of growth flat").isBetween(0.97, 1.03);
        assertThat(larger.nanomaggies() / image.nanomaggies()).as("curve of growth flat").isBetween(0.97, 1.03);
        assertThat(image.missingInAperture()).isZero();

        SyntheticPhotometry synth = new SyntheticPhotometry();
        List<SampledSpectrum> onGrid = new ArrayList<>();
        for (SdssSpectrum s : SPECTRA) {
            SampledSpectrum h = SpectrumRebinner.toHissGrid(s);
            onGrid.add(h);
            SyntheticFlux f = synth.flux(h, "r");
            double ratio = f.nanomaggies() / image.nanomaggies();
            System.out.printf("%s (%s, %.0f\" fiber): synthetic r %.2f ± %.2f nmgy = %.1f %% of the image; "
                    + "native pixels %.2f; image flux in its fiber %.2f%n", s.fileName(), s.spectrograph(),
                    s.fiberDiameterArcsec(), f.nanomaggies(), f.sigmaNanomaggies(), 100 * ratio,
                    synth.flux(s, "r").nanomaggies(), AperturePhotometry.fiberFlux(r, s.fiberDiameterArcsec())
                            .nanomaggies());
            assertThat(ratio).as("%s within 20 %%", s.fileName()).isBetween(0.8, 1.2);
            assertThat(synth.flux(s, "r").nanomaggies() / f.nanomaggies()).as("rebinning conserves flux")
                    .isBetween(0.999, 1.001);
        }
        InverseVarianceStack.StackedSpectrum stacked = InverseVarianceStack.stackSpectra(onGrid);
        SyntheticFlux f = synth.flux(stacked.spectrum(), "r");
        double ratio = f.nanomaggies() / image.nanomaggies();
        System.out.printf("stacked spectrum: synthetic r %.2f ± %.2f nmgy (%.3f mag) = %.1f %% of the image "
                + "%.2f nmgy (%.3f mag); r pivot %.1f Å%n", f.nanomaggies(), f.sigmaNanomaggies(), f.abMagnitude(),
                100 * ratio, image.nanomaggies(), image.abMagnitude(), f.pivotWavelength());
        assertThat(ratio).as("stack within 10 %").isBetween(0.9, 1.1);
        assertThat(f.missingFraction()).isZero();
        int[] epochs = stacked.epochs();
        int three = 0;
        for (int e : epochs) {
            if (e == 3) {
                three++;
            }
        }
        assertThat(three).as("samples with all three epochs").isGreaterThan(4000);
        // a unit slip would be orders of magnitude; check the f_λ the image implies at the pivot against the spectrum
        double impliedFlambda = FluxUnits.nanomaggiesToSpectrumUnits(image.nanomaggies(), f.pivotWavelength());
        System.out.printf("image flux as f_λ at %.0f Å: %.2f e-17 erg/s/cm²/Å; stacked spectrum band mean %.2f%n",
                f.pivotWavelength(), impliedFlambda, f.flambdaAtPivot());
    }
}
