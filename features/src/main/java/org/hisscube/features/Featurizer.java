package org.hisscube.features;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hisscube.science.ScienceException;
import org.hisscube.science.cube.CubeExportReader;
import org.hisscube.science.cube.Target;

/** Turns targets into {@link TargetFeatures}, one per zoom, with the configured modalities. Stateless. */
public final class Featurizer {
    public static final String FEATURE_VERSION = "features-1";
    private final List<FeatureModality> modalities;

    public Featurizer(List<FeatureModality> modalities) {
        if (modalities.isEmpty()) {
            throw new IllegalArgumentException("no modality");
        }
        this.modalities = List.copyOf(modalities);
    }

    /** Image, spectrum and photometry: the SDSS modalities. */
    public static Featurizer sdss() {
        return new Featurizer(List.of(new ImageModality(), new SpectrumModality(), new PhotometryModality()));
    }

    public List<FeatureModality> modalities() {
        return modalities;
    }

    /**
     * The features of a target at each of {@code zooms}.
     *
     * @throws TargetRefusedException when the target lacks a zoom, bands, a spectrum, or usable data
     */
    public List<TargetFeatures> derive(Target target, int version, List<Integer> zooms) {
        if (target.zooms().isEmpty() || target.bands().isEmpty()) {
            throw new TargetRefusedException("no_bands", "target " + target.id() + " has no image bands or zooms");
        }
        String cls = target.objectClass() == null ? "" : target.objectClass().trim().toUpperCase(Locale.ROOT);
        Split split = Split.of(target.id());
        List<TargetFeatures> out = new ArrayList<>();
        for (int z : zooms) {
            if (z < 0 || z >= target.zooms().size()) {
                throw new TargetRefusedException("no_bands", "target " + target.id() + " has " + target.zooms().size()
                        + " zooms; zoom " + z + " was asked for");
            }
            List<Tensor> tensors = new ArrayList<>();
            for (FeatureModality m : modalities) {
                tensors.add(m.derive(target, z));
            }
            out.add(new TargetFeatures(target.id(), version, z, cls, target.redshift(), split, tensors));
        }
        return out;
    }

    /**
     * Reads a target file or an export (the cube's HDF5 layout).
     *
     * @throws TargetRefusedException ({@code unreadable}) naming the file when it is not one
     */
    public static List<Target> read(Path file) {
        try {
            return CubeExportReader.read(file).targets();
        } catch (ScienceException e) {
            throw new TargetRefusedException("unreadable", file.getFileName() + " is not a target file or export: "
                    + e.getMessage(), e);
        }
    }
}
