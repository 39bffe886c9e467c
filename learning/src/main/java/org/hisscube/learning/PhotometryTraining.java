package org.hisscube.learning;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** The real-data photometry track end to end: load the catalogs, train on the train part, score the others, save. */
public final class PhotometryTraining {
    /** What a run produced. */
    public record Result(PhotometryModel model, LabelledCatalog.Counts counts, int train, int validation, int test,
            Evaluation onValidation, Evaluation onTest, double trainSeconds) {
    }

    private PhotometryTraining() {
    }

    public static Result run(Path catalogs, PhotometryModel.Settings settings, Consumer<String> progress) {
        progress.accept("reading the catalogs in " + catalogs);
        LabelledCatalog cat = LabelledCatalog.load(catalogs);
        var train = cat.part(LabelledCatalog.Part.TRAIN);
        var validation = cat.part(LabelledCatalog.Part.VALIDATION);
        var test = cat.part(LabelledCatalog.Part.TEST);
        progress.accept(String.format(java.util.Locale.ROOT, "%d objects: %d train, %d validation, %d test "
                + "(held out: never simulated, never trained on)", cat.rows().size(), train.size(), validation.size(),
                test.size()));
        progress.accept(String.format(java.util.Locale.ROOT, "training XGBoost: %d trees, depth %d, eta %.2f, seed %d",
                settings.trees(), settings.depth(), settings.eta(), settings.seed()));
        long t0 = System.nanoTime();
        PhotometryModel model = PhotometryModel.train(train, settings);
        double seconds = (System.nanoTime() - t0) / 1e9;
        progress.accept(String.format(java.util.Locale.ROOT, "trained in %.1f s; scoring", seconds));
        return new Result(model, cat.counts(), train.size(), validation.size(), test.size(), model.evaluate(validation),
                model.evaluate(test), seconds);
    }

    /** The metadata a model folder records for a run. */
    public static Map<String, Object> metadata(Result r, PhotometryModel.Settings s, Path catalogs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trees", s.trees());
        m.put("max_depth", s.depth());
        m.put("eta", s.eta());
        m.put("seed", s.seed());
        m.put("catalogs", catalogs.toString());
        m.put("data", Map.of("rows_read", r.counts().rowsRead(), "distinct_keys", r.counts().distinctKeys(),
                "conflicting_keys_dropped", r.counts().conflictingKeys(), "rows_without_key_dropped",
                r.counts().withoutKey(), "bad_magnitudes_dropped", r.counts().badMagnitudes(), "used",
                r.counts().used()));
        m.put("split", Map.of("train", r.train(), "validation", r.validation(), "test", r.test(), "rule",
                "test = SourceCatalog.isHeldOut(plate, mjd, fiber); validation = LabelledCatalog.partOf"));
        m.put("train_seconds", r.trainSeconds());
        m.put("validation", r.onValidation().toMap());
        m.put("test", r.onTest().toMap());
        return m;
    }
}
