package org.hisscube.experiments;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * One trained model of an experiment as results.json records it. {@code confusion} rows are the true class and
 * columns the predicted one, both in {@link #CLASSES} order; {@code inference_seconds} is the time to classify the
 * whole test split.
 */
public record ModelRun(@JsonProperty("model_id") String modelId, @JsonProperty("modality") String modality,
        @JsonProperty("kind") String kind, @JsonProperty("inputs") List<String> inputs, @JsonProperty("zoom") int zoom,
        @JsonProperty("seed") long seed, @JsonProperty("macro_f1") double macroF1,
        @JsonProperty("accuracy") double accuracy, @JsonProperty("per_class_f1") Map<String, Double> perClassF1,
        @JsonProperty("confusion") int[][] confusion, @JsonProperty("classes") List<String> classes,
        @JsonProperty("validation_macro_f1") double validationMacroF1,
        @JsonProperty("train_seconds") double trainSeconds,
        @JsonProperty("inference_seconds") double inferenceSeconds, @JsonProperty("epochs_run") int epochsRun,
        @JsonProperty("best_epoch") int bestEpoch, @JsonProperty("parameters") long parameters,
        @JsonProperty("model_bytes") long modelBytes, @JsonProperty("train_targets") int trainTargets,
        @JsonProperty("validation_targets") int validationTargets, @JsonProperty("test_targets") int testTargets,
        @JsonProperty("manifest_version") int manifestVersion) {
    public static final List<String> CLASSES = org.hisscube.learning.Evaluation.CLASSES;

    /** The modality on results.json: image, spectrum, photometry, or fused for any model joining several. */
    public static String modalityOf(org.hisscube.learning.ModalityModels.Kind kind) {
        return kind.inputs().size() > 1 ? "fused" : kind.inputs().get(0);
    }
}
