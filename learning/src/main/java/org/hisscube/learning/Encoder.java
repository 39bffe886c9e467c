package org.hisscube.learning;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.hisscube.contracts.store.ObjectStore;
import org.hisscube.features.TargetFeatures;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trained model used as an encoder: its {@value ModalityModels#EMBEDDING} layer's activations are the embedding of
 * its modality (the fused model: of all three). Stored in the object store as the model registry lays it out:
 * {@code models/<model-id>/model.zip} (DL4J's own format) and {@code models/<model-id>/model.json}
 * ({@link Metadata}). One encoder per thread: a DL4J network must not be shared between threads.
 */
public final class Encoder {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What the registry records of a model. */
    public record Metadata(@JsonProperty("model_id") String modelId, @JsonProperty("kind") String kind,
            @JsonProperty("zoom") int zoom, @JsonProperty("manifest_version") int manifestVersion,
            @JsonProperty("seed") long seed, @JsonProperty("photometry_mean") double[] photometryMean,
            @JsonProperty("photometry_scale") double[] photometryScale,
            @JsonProperty("metrics") Map<String, Object> metrics, @JsonProperty("parent") String parent) {
    }

    private final ComputationGraph graph;
    private final Metadata metadata;
    private final ModalityModels.Kind kind;
    private final TensorSet.Standardiser standardiser;

    public Encoder(ComputationGraph graph, Metadata metadata) {
        this.graph = graph;
        this.metadata = metadata;
        this.kind = ModalityModels.Kind.valueOf(metadata.kind().toUpperCase(java.util.Locale.ROOT));
        this.standardiser = new TensorSet.Standardiser(metadata.photometryMean(), metadata.photometryScale());
    }

    public static String modelKey(String modelId) {
        return "models/" + modelId + "/model.zip";
    }

    public static String metadataKey(String modelId) {
        return "models/" + modelId + "/model.json";
    }

    /** Writes a model and its metadata to the registry; returns the model key. */
    public static String publish(ObjectStore store, ComputationGraph graph, Metadata m) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ModelSerializer.writeModel(graph, out, true);
            store.put(modelKey(m.modelId()), out.toByteArray(), "application/zip", Map.of("kind", m.kind(),
                    "zoom", Integer.toString(m.zoom())));
            store.put(metadataKey(m.modelId()), JSON.writeValueAsBytes(m), "application/json", Map.of());
            return modelKey(m.modelId());
        } catch (IOException e) {
            throw new LearningException("cannot publish model " + m.modelId() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads a model of the registry.
     *
     * @throws LearningException naming the key when the model or its metadata is missing or unreadable
     */
    public static Encoder load(ObjectStore store, String modelId) {
        String key = modelKey(modelId);
        try {
            Metadata m = JSON.readValue(store.getBytes(metadataKey(modelId)), Metadata.class);
            ComputationGraph g = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(
                    store.getBytes(key)), false);
            return new Encoder(g, m);
        } catch (IOException | RuntimeException e) {
            throw new LearningException(key + " in bucket " + store.bucket() + " is not a usable model: "
                    + e.getMessage(), e);
        }
    }

    /** Writes a model folder: {@code model.zip} and {@code model.json}, as the registry lays out one model. */
    public static void save(java.nio.file.Path folder, ComputationGraph graph, Metadata m) {
        try {
            java.nio.file.Files.createDirectories(folder);
            ModelSerializer.writeModel(graph, folder.resolve("model.zip").toFile(), true);
            java.nio.file.Files.write(folder.resolve("model.json"), JSON.writeValueAsBytes(m));
        } catch (IOException e) {
            throw new LearningException("cannot write the model to " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads a model folder written by {@link #save}.
     *
     * @throws LearningException naming the folder when it holds no readable model
     */
    public static Encoder load(java.nio.file.Path folder) {
        try {
            Metadata m = JSON.readValue(folder.resolve("model.json").toFile(), Metadata.class);
            return new Encoder(ModelSerializer.restoreComputationGraph(folder.resolve("model.zip").toFile(), false),
                    m);
        } catch (IOException | RuntimeException e) {
            throw new LearningException(folder + " holds no usable model (model.zip + model.json): " + e.getMessage(),
                    e);
        }
    }

    /** Class probabilities ({@link Evaluation#CLASSES} order) of each target's features at this model's zoom. */
    public float[][] probabilities(List<TargetFeatures> rows) {
        TensorSet set = TensorSet.forInference(rows, standardiser);
        INDArray p = graph.output(false, set.inputs(kind, set.identity(), 0, set.n))[0];
        float[][] out = new float[set.n][];
        for (int i = 0; i < set.n; i++) {
            out[i] = p.getRow(i).toFloatVector();
        }
        return out;
    }

    public Metadata metadata() {
        return metadata;
    }

    public ModalityModels.Kind kind() {
        return kind;
    }

    /** The embedding of each target (its features at this encoder's zoom), in order. */
    public float[][] embed(List<TargetFeatures> rows) {
        TensorSet set = TensorSet.forInference(rows, standardiser);
        float[][] out = new float[set.n][];
        int[] order = set.identity();
        for (int from = 0; from < set.n; from += 256) {
            int to = Math.min(set.n, from + 256);
            Map<String, INDArray> acts = graph.feedForward(set.inputs(kind, order, from, to), false);
            INDArray e = acts.get(ModalityModels.EMBEDDING);
            for (int i = from; i < to; i++) {
                out[i] = e.getRow(i - from).toFloatVector();
            }
        }
        return out;
    }
}
