package org.hisscube.learning;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hisscube.fetcher.catalog.CatalogObject;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The photometry classifier: gradient-boosted trees (XGBoost through Tribuo) on {@link PhotometryVector}, with class
 * probabilities. A model folder holds {@value #MODEL_FILE} (Tribuo's protobuf format) and {@value #METADATA_FILE}
 * (features, classes, trainer settings, seed, data counts, metrics).
 */
public final class PhotometryModel {
    public static final String MODEL_FILE = "model.tribuo";
    public static final String METADATA_FILE = "model.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final LabelFactory LABELS = new LabelFactory();
    private final Model<Label> model;
    private final String[] names = PhotometryVector.NAMES.toArray(String[]::new);

    private PhotometryModel(Model<Label> model) {
        this.model = model;
    }

    /** XGBoost settings: trees, depth, learning rate; fixed seed. */
    public record Settings(int trees, int depth, double eta, long seed) {
    }

    public static PhotometryModel train(List<LabelledCatalog.Row> rows, Settings s) {
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("photometry", LABELS),
                LABELS);
        String[] names = PhotometryVector.NAMES.toArray(String[]::new);
        for (LabelledCatalog.Row r : rows) {
            data.add(new ArrayExample<>(new Label(r.className()), names, r.vector()));
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("max_depth", s.depth());
        params.put("eta", s.eta());
        params.put("objective", "multi:softprob");
        params.put("nthread", 1);
        params.put("tree_method", "hist");
        params.put("subsample", 0.8);
        params.put("colsample_bytree", 0.8);
        params.put("seed", (int) s.seed());
        params.put("verbosity", 0);
        XGBoostClassificationTrainer trainer = new XGBoostClassificationTrainer(s.trees(), params);
        return new PhotometryModel(trainer.train(data));
    }

    /** Probabilities by class ({@link Evaluation#CLASSES}) for one vector. */
    public Map<String, Double> probabilities(double[] vector) {
        Example<Label> e = new ArrayExample<>(LABELS.getUnknownOutput(), names, vector);
        Prediction<Label> p = model.predict(e);
        Map<String, Double> out = new LinkedHashMap<>();
        for (String c : Evaluation.CLASSES) {
            Label l = p.getOutputScores().get(c);
            out.put(c, l == null ? 0.0 : l.getScore());
        }
        return out;
    }

    public String predict(double[] vector) {
        Map<String, Double> p = probabilities(vector);
        return p.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    public Evaluation evaluate(List<LabelledCatalog.Row> rows) {
        List<String> truth = new ArrayList<>();
        List<String> predicted = new ArrayList<>();
        for (LabelledCatalog.Row r : rows) {
            truth.add(r.className());
            predicted.add(predict(r.vector()));
        }
        return Evaluation.of(truth, predicted);
    }

    /** The model's input for a catalog row, or null when a magnitude is missing. */
    public static double[] vector(CatalogObject o) {
        return PhotometryVector.of(LabelledCatalog.ugriz(o));
    }

    /** Writes the model folder (the metadata given, plus the feature names and classes). */
    public void save(Path folder, Map<String, Object> metadata) {
        try {
            Files.createDirectories(folder);
            Path tmp = folder.resolve(MODEL_FILE + ".partial");
            model.serializeToFile(tmp);
            Files.move(tmp, folder.resolve(MODEL_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", "photometry");
            m.put("model_family", "xgboost (tribuo-classification-xgboost)");
            m.put("features", PhotometryVector.NAMES);
            m.put("classes", Evaluation.CLASSES);
            m.putAll(metadata);
            Files.writeString(folder.resolve(METADATA_FILE), JSON.writeValueAsString(m));
        } catch (IOException e) {
            throw new LearningException("cannot write the model to " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads a model folder.
     *
     * @throws LearningException naming the file when it is missing or not a photometry model
     */
    @SuppressWarnings("unchecked")
    public static PhotometryModel load(Path folder) {
        Path file = folder.resolve(MODEL_FILE);
        if (!Files.isRegularFile(file)) {
            throw new LearningException(file + ": no such model file (train one with ./hisscube train photometry)");
        }
        try {
            Model<?> m = Model.deserializeFromFile(file);
            if (!m.validate(Label.class)) {
                throw new LearningException(file + " is not a classification model");
            }
            return new PhotometryModel((Model<Label>) m);
        } catch (IOException | RuntimeException e) {
            if (e instanceof LearningException l) {
                throw l;
            }
            throw new LearningException(file + " is not a readable model: " + e.getMessage(), e);
        }
    }
}
