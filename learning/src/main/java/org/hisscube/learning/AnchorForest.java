package org.hisscube.learning;

import java.util.ArrayList;
import java.util.List;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The anchor, rebuilt on our split so that the comparison is like for like: a random forest of 300 fully
 * grown CART trees, each split choosing among 40 % of the features (≈ √7 of 7, as scikit-learn's default), on the
 * anchor's features u−g, g−r, r−i, i−z, u−r, g−i and r.
 */
public final class AnchorForest {
    static final String[] FEATURES = {"u-g", "g-r", "r-i", "i-z", "u-r", "g-i", "r"};
    private static final LabelFactory LABELS = new LabelFactory();

    private AnchorForest() {
    }

    static double[] anchorFeatures(double[] v) {
        double[] out = new double[FEATURES.length];
        for (int i = 0; i < FEATURES.length; i++) {
            out[i] = v[PhotometryVector.NAMES.indexOf(FEATURES[i])];
        }
        return out;
    }

    /** Trains on {@code train} and evaluates on {@code test}. */
    public static Evaluation trainAndEvaluate(List<LabelledCatalog.Row> train, List<LabelledCatalog.Row> test,
            int trees, long seed) {
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("anchor", LABELS), LABELS);
        for (LabelledCatalog.Row r : train) {
            data.add(new ArrayExample<>(new Label(r.className()), FEATURES, anchorFeatures(r.vector())));
        }
        CARTClassificationTrainer tree = new CARTClassificationTrainer(Integer.MAX_VALUE, 0.4f, seed);
        Model<Label> forest = new RandomForestTrainer<>(tree, new VotingCombiner(), trees, seed).train(data);
        List<String> truth = new ArrayList<>();
        List<String> predicted = new ArrayList<>();
        for (LabelledCatalog.Row r : test) {
            truth.add(r.className());
            predicted.add(forest.predict(new ArrayExample<>(LABELS.getUnknownOutput(), FEATURES,
                    anchorFeatures(r.vector()))).getOutput().getLabel());
        }
        return Evaluation.of(truth, predicted);
    }
}
