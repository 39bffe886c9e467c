package org.hisscube.experiments;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.hisscube.learning.ModalityModels;

/**
 * What an experiment trains: the model kinds at each zoom, once per training seed ({@code seed0}, {@code seed0 + 1},
 * …), with at most {@code epochs} epochs and early stopping after {@code patience}; t-SNE maps of at most
 * {@code mapPoints} targets at {@code mapZoom}. The targets and their split are the feature-service's (fixed by target
 * id), so every kind and seed sees the same train, validation and test targets.
 */
public record ExperimentSpec(@JsonProperty("name") String name, @JsonProperty("run_id") String runId,
        @JsonProperty("seeds") int seeds, @JsonProperty("seed0") long seed0,
        @JsonProperty("zooms") List<Integer> zooms, @JsonProperty("kinds") List<String> kinds,
        @JsonProperty("epochs") int epochs, @JsonProperty("patience") int patience,
        @JsonProperty("map_zoom") int mapZoom, @JsonProperty("map_points") int mapPoints,
        @JsonProperty("bootstrap_resamples") int bootstrapResamples) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,47}");
    /** Every kind, in the order of the report's tables. */
    public static final List<String> ALL_KINDS = List.of("image", "spectrum", "photometry", "image_photometry",
            "fused");

    public ExperimentSpec {
        check(name != null && NAME.matcher(name).matches(), "experiment name must be 1-48 of a-z, 0-9 and '-' "
                + "(it is part of object keys and folder names), not " + name);
        check(runId != null && NAME.matcher(runId).matches(), "run id must be 1-48 of a-z, 0-9 and '-', not " + runId);
        check(seeds >= 1 && seeds <= 20, "--seeds must be 1..20, not " + seeds);
        check(zooms != null && !zooms.isEmpty() && zooms.stream().allMatch(z -> z != null && z >= 0 && z <= 3)
                && zooms.stream().distinct().count() == zooms.size(), "--zooms must be distinct zooms 0..3, not "
                + zooms);
        check(kinds != null && !kinds.isEmpty(), "at least one model kind is needed");
        java.util.List<String> labels = new java.util.ArrayList<>();
        for (String k : kinds) {
            try {
                labels.add(ModalityModels.Kind.valueOf(String.valueOf(k).trim().toUpperCase(Locale.ROOT)).label());
            } catch (IllegalArgumentException e) {
                throw new ExperimentException("unknown model kind " + k + "; kinds are " + ALL_KINDS);
            }
        }
        check(labels.stream().distinct().count() == labels.size(), "model kinds must be distinct, not " + kinds);
        kinds = labels;
        check(epochs >= 1 && epochs <= 500, "--epochs must be 1..500, not " + epochs);
        check(patience >= 1, "--patience must be ≥ 1, not " + patience);
        check(zooms.contains(mapZoom), "the map zoom " + mapZoom + " must be one of the zooms " + zooms);
        check(mapPoints >= 10 && mapPoints <= 5000, "map points must be 10..5000 (exact t-SNE is O(n²)), not "
                + mapPoints);
        check(bootstrapResamples >= 100, "bootstrap resamples must be ≥ 100, not " + bootstrapResamples);
        zooms = List.copyOf(zooms);
        kinds = List.copyOf(kinds);
    }

    /** The training seeds. */
    public List<Long> trainingSeeds() {
        return java.util.stream.LongStream.range(seed0, seed0 + seeds).boxed().toList();
    }

    /** The registry id of one trained model: {@code exp-<name>-<run>-<kind>-z<zoom>-s<seed>}. */
    public String modelId(String kind, int zoom, long seed) {
        return "exp-" + name + "-" + runId + "-" + kind + "-z" + zoom + "-s" + seed;
    }

    /** Where the report's files go in the object store. */
    public String reportPrefix() {
        return "experiments/" + name + "/" + runId + "/";
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new ExperimentException(message);
        }
    }
}
