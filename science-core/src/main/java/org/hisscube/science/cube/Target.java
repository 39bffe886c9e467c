package org.hisscube.science.cube;

import java.util.List;

/**
 * One row of the ML cube: all spectra in one HEALPix order-15 (nested) cell, with whole five-band cutouts at every
 * zoom from all frames that contain the position.
 *
 * @param id            HEALPix order-15 nested cell of the plug position (of every spectrum of the target)
 * @param ra            right ascension the cutouts are centred on, degrees: the plug position of the first spectrum
 *                      by file name
 * @param dec           declination, degrees (same spectrum)
 * @param objectClass   CLASS of the first spectrum by file name (see {@code notes} when the spectra disagree)
 * @param subClass      SUBCLASS of the same spectrum
 * @param redshift      Z of the same spectrum
 * @param bands         the bands of the image planes, in wavelength order: u, g, r, i, z
 * @param frameFiles    frames whose cutouts were stacked, sorted by file name
 * @param spectrumFiles spectra that were stacked, sorted by file name
 * @param notes         remarks for people (class or redshift conflicts between epochs); empty when none
 * @param zooms         zoom 0 first
 */
public record Target(long id, double ra, double dec, String objectClass, String subClass, double redshift,
        List<String> bands, List<String> frameFiles, List<String> spectrumFiles, List<String> notes,
        List<TargetZoom> zooms) {
    public Target {
        bands = List.copyOf(bands);
        frameFiles = List.copyOf(frameFiles);
        spectrumFiles = List.copyOf(spectrumFiles);
        notes = List.copyOf(notes);
        zooms = List.copyOf(zooms);
    }

    public TargetZoom zoom(int z) {
        return zooms.get(z);
    }

    /** Number of frames of band {@code band} (u, g, r, i, z) that were stacked. */
    public long frameCount(String band) {
        return frameFiles.stream().filter(f -> f.startsWith("frame-" + band + "-")).count();
    }
}
