package org.hisscube.science.photometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.hisscube.science.spectrum.Spectrograph;
import org.junit.jupiter.api.Test;

class FluxUnitsTest {

    @Test
    void shouldGiveAThreeArcsecFiberAnAreaOfPiTimesRadiusSquared() {
        assertThat(FluxUnits.fiberAreaArcsec2(3.0)).isCloseTo(7.0686, within(1e-4));
        assertThat(FluxUnits.fiberAreaArcsec2(2.0)).isCloseTo(Math.PI, within(1e-12));
        assertThat(FluxUnits.fiberAreaArcsec2(3.0)).as("not HiSS-Cube's π·d² = 28.27").isLessThan(10);
        assertThat(FluxUnits.fiberAreaArcsec2(3.0)).isEqualTo(Spectrograph.SDSS.fiberAreaArcsec2());
        assertThat(FluxUnits.fiberAreaArcsec2(2.0)).isEqualTo(Spectrograph.BOSS.fiberAreaArcsec2());
        assertThatThrownBy(() -> FluxUnits.fiberAreaArcsec2(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldPutTheFluxOfAUniformSurfaceBrightnessIntoAFiber() {
        // 1 nmgy per native pixel = 1/0.156816 nmgy/arcsec² -> 3" fiber: 7.0686/0.156816 = 45.08 nmgy
        double sb = FluxUnits.surfaceBrightnessPerArcsec2(1.0);
        assertThat(sb).isCloseTo(6.37690, within(1e-5));
        assertThat(FluxUnits.fiberFlux(sb, 3.0)).isCloseTo(45.0757, within(1e-4));
        assertThat(FluxUnits.fiberFlux(sb, 2.0)).isCloseTo(20.0336, within(1e-4));
    }

    @Test
    void shouldConvertNanomaggiesToJanskyAndCgs() {
        assertThat(FluxUnits.nanomaggiesToJansky(1)).isEqualTo(3.631e-6);
        assertThat(FluxUnits.nanomaggiesToFnu(1)).isEqualTo(3.631e-29);
        assertThat(FluxUnits.fnuToNanomaggies(3.631e-27)).isCloseTo(100, within(1e-9));
        assertThat(FluxUnits.abMagnitude(1)).isEqualTo(22.5);
        assertThat(FluxUnits.abMagnitude(100)).isCloseTo(17.5, within(1e-12));
        assertThat(FluxUnits.abMagnitude(-1)).isNaN();
        assertThat(FluxUnits.nanomaggiesOfAbMagnitude(17.5)).isCloseTo(100, within(1e-9));
        // AB zero point: 3631 Jy is magnitude 0 = 1e9 nmgy
        assertThat(FluxUnits.nanomaggiesToJansky(FluxUnits.nanomaggiesOfAbMagnitude(0))).isCloseTo(3631,
                within(1e-6));
    }

    @Test
    void shouldConvertNanomaggiesToTheSpectraUnitAtAWavelength() {
        // 1 nmgy at 6166 Å: 3.631e-29 · 2.99792458e18 / 6166² = 2.86312e-18 erg/s/cm²/Å = 0.286312 e-17
        assertThat(FluxUnits.nanomaggiesToSpectrumUnits(1, 6166)).isCloseTo(0.286312, within(1e-6));
        assertThat(FluxUnits.fnuToFlambda(3.631e-29, 6166)).isCloseTo(2.86312e-18, within(1e-23));
        assertThat(FluxUnits.spectrumUnitsToNanomaggies(FluxUnits.nanomaggiesToSpectrumUnits(70.5, 4700), 4700))
                .isCloseTo(70.5, within(1e-10));
        assertThat(FluxUnits.flambdaToFnu(FluxUnits.fnuToFlambda(5e-28, 8000), 8000)).isCloseTo(5e-28,
                within(1e-40));
        assertThatThrownBy(() -> FluxUnits.fnuToFlambda(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldScalePixelAreaByFourPerZoom() {
        assertThat(FluxUnits.pixelAreaArcsec2(0)).isCloseTo(0.156816, within(1e-12));
        assertThat(FluxUnits.pixelAreaArcsec2(3)).isCloseTo(0.156816 * 64, within(1e-12));
        assertThat(FluxUnits.pixelScaleArcsec(1)).isCloseTo(0.792, within(1e-12));
    }
}
