/**
 * Flux units and photometry that tie images to spectra: {@link org.hisscube.science.photometry.FluxUnits}
 * (nanomaggies, f_ν, f_λ in 1e-17 erg/s/cm²/Å, surface brightness, fiber areas π·(d/2)²),
 * {@link org.hisscube.science.photometry.AperturePhotometry} on cutouts and
 * {@link org.hisscube.science.photometry.SyntheticPhotometry} of spectra through the SDSS filter curves.
 */
package org.hisscube.science.photometry;
