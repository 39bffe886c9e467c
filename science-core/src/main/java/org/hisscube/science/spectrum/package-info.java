/**
 * SDSS spectra into the cube: {@link org.hisscube.science.spectrum.SpectrumReader} (spec-lite FITS →
 * {@link org.hisscube.science.spectrum.SdssSpectrum}), {@link org.hisscube.science.spectrum.SpectrumRebinner}
 * (flux-conserving rebinning with σ onto the {@link org.hisscube.science.spectrum.HissGrid}) and
 * {@link org.hisscube.science.spectrum.SpectrumPyramid} (zooms 4620 → 2310 → 1155 → 577).
 *
 * <p>Science rules kept here (see DESIGN.md "Science rules"):
 * <ul>
 *   <li>σ = 1/√ivar; ivar ≤ 0 (or non-finite) is <i>no data</i> → NaN, never a division by zero;</li>
 *   <li>missing values are NaN, never 0, at every step (native, rebinned, zooms);</li>
 *   <li>pairwise zoom: σ = √(σa² + σb²)/2, i.e. σ/√2 for equal σ;</li>
 *   <li>fiber area π·(d/2)², d = 3″ (SDSS-I/II, SEGUE; integer RUN2D) or 2″ (BOSS/eBOSS; RUN2D vN_N_N);</li>
 *   <li>times and coordinates are float64.</li>
 * </ul>
 */
package org.hisscube.science.spectrum;
