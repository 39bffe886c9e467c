package org.hisscube.features;

import java.util.List;

/**
 * What one target at one zoom becomes: its tensors (one per modality, in the featurizer's modality order), the
 * label (CLASS of the spectrum), the redshift as metadata only, and the split.
 */
public record TargetFeatures(long targetId, int targetVersion, int zoom, String className, double redshift,
        Split split, List<Tensor> tensors) {
    public TargetFeatures {
        tensors = List.copyOf(tensors);
    }

    public Tensor tensor(String modality) {
        return tensors.stream().filter(t -> t.modality().equals(modality)).findFirst()
                .orElseThrow(() -> new FeaturesException("no " + modality + " tensor for target " + targetId));
    }

    /** Bit for bit the same as another's (ids, labels and every tensor). */
    public boolean sameAs(TargetFeatures o) {
        if (targetId != o.targetId || targetVersion != o.targetVersion || zoom != o.zoom
                || !className.equals(o.className) || Double.compare(redshift, o.redshift) != 0 || split != o.split
                || tensors.size() != o.tensors.size()) {
            return false;
        }
        for (int i = 0; i < tensors.size(); i++) {
            if (!tensors.get(i).sameAs(o.tensors.get(i))) {
                return false;
            }
        }
        return true;
    }
}
