/**
 * Target cutouts and epoch stacking: {@link org.hisscube.science.cutout.CutoutExtractor} cuts s × s windows (64 at
 * zoom 0, halved per zoom) around a sky position out of a frame's zoom levels, returning a
 * {@link org.hisscube.science.cutout.Cutout} or a {@link org.hisscube.science.cutout.CutoutRefusal} (OFF_FRAME, EDGE,
 * MISSING_DATA); {@link org.hisscube.science.cutout.InverseVarianceStack} combines repeated epochs of cutouts or
 * spectra by inverse-variance weighting.
 */
package org.hisscube.science.cutout;
