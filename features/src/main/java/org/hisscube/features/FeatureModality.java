package org.hisscube.features;

import org.hisscube.contracts.events.Modality;
import org.hisscube.science.cube.Target;

/**
 * The plug-in point for a modality: how one target at one zoom becomes this modality's model input, and its
 * non-learned embedding (used until a trained encoder of the modality exists). Image, spectrum and photometry are
 * the SDSS modalities; another experiment (image + text) adds its own.
 */
public interface FeatureModality {
    /** The modality on the event contracts. */
    Modality modality();

    /** Lower-case name: the shard dataset name and the key in JSON. */
    String name();

    /**
     * Derives the tensor.
     *
     * @throws TargetRefusedException when the target has no usable data of this modality
     */
    Tensor derive(Target target, int zoom);

    /** The non-learned embedding of a derived tensor ({@link Embeddings#BASELINE}). */
    float[] embed(Tensor tensor, int zoom);
}
