package org.hisscube.science.cube;

import java.util.List;
import java.util.Objects;
import org.hisscube.science.cutout.CutoutSource;

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
 * @param frames        the frames (epochs) whose cutouts were stacked: file name, filter and TAI MJD (days), sorted
 *                      by file name; row k of every zoom's {@link TargetZoom#epochImages()} is frame k
 * @param spectrumFiles spectra that were stacked, sorted by file name; row k of every zoom's
 *                      {@link TargetZoom#epochSpectra()} is spectrum k
 * @param notes         remarks for people (class or redshift conflicts between epochs); empty when none
 * @param zooms         zoom 0 first
 */
public record Target(long id, double ra, double dec, String objectClass, String subClass, double redshift,
        List<String> bands, List<CutoutSource> frames, List<String> spectrumFiles, List<String> notes,
        List<TargetZoom> zooms) {
    /**
     * @throws IllegalArgumentException when a zoom's single-epoch rows do not match {@code frames} or
     *         {@code spectrumFiles}
     */
    public Target {
        bands = List.copyOf(bands);
        frames = List.copyOf(frames);
        spectrumFiles = List.copyOf(spectrumFiles);
        notes = List.copyOf(notes);
        zooms = List.copyOf(zooms);
        for (TargetZoom z : zooms) {
            if (z.epochImages().length != frames.size() || z.epochSpectra().length != spectrumFiles.size()) {
                throw new IllegalArgumentException("target " + id + " zoom " + z.zoom() + " has "
                        + z.epochImages().length + " epoch image(s) and " + z.epochSpectra().length
                        + " epoch spectra for " + frames.size() + " frame(s) and " + spectrumFiles.size()
                        + " spectra");
            }
        }
    }

    public TargetZoom zoom(int z) {
        return zooms.get(z);
    }

    /** The file names of {@link #frames()}, in the same order (sorted). */
    public List<String> frameFiles() {
        return frames.stream().map(CutoutSource::frameFileName).toList();
    }

    /** Number of frames of band {@code band} (u, g, r, i, z) that were stacked. */
    public long frameCount(String band) {
        return frames.stream().filter(f -> Objects.equals(f.filter(), band)).count();
    }
}
