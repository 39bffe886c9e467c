package org.hisscube.cli;

import org.hisscube.experiments.EvaluationPlots;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hisscube.learning.PhotometryModel;
import org.hisscube.learning.PhotometryTraining;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./hisscube train}: training commands. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train models.",
        subcommands = {TrainCommand.Photometry.class, TrainModalitiesCommand.class})
final class TrainCommand {

    /** The default photometry model folder ({@code work/models/photometry} in the repository). */
    static Path defaultPhotometryModel() {
        return RepoLayout.root().resolve("work/models/photometry");
    }

    @Command(name = "photometry", mixinStandardHelpOptions = true,
            description = "Train the photometry classifier (STAR / GALAXY / QSO from u, g, r, i, z and colours only) "
                    + "on the real labelled catalogs and score it on held-out real objects.")
    static final class Photometry implements Callable<Integer> {
        @Option(names = "--catalogs", description = "catalog folder (default: the repository's data/catalogs)")
        Path catalogs;

        @Option(names = "--out", description = "model folder (default: work/models/photometry)")
        Path out;

        @Option(names = "--seed", defaultValue = "1", description = "seed (default ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--trees", defaultValue = "400", description = "boosting rounds (default ${DEFAULT-VALUE})")
        int trees;

        @Option(names = "--depth", defaultValue = "6", description = "tree depth (default ${DEFAULT-VALUE})")
        int depth;

        @Option(names = "--eta", defaultValue = "0.1", description = "learning rate (default ${DEFAULT-VALUE})")
        double eta;

        @Option(names = "--anchor-trees", defaultValue = "0", description = "also train the anchor's model family (a "
                + "random forest on u-g, g-r, r-i, i-z, u-r, g-i, r) with this many trees on the same split and score "
                + "it on the same test objects; Tribuo's CART takes about 5 s per tree here (default: off)")
        int anchorTrees;

        @Override
        public Integer call() throws Exception {
            Path dir = catalogs != null ? catalogs : RepoLayout.root().resolve("data/catalogs");
            Path folder = out != null ? out : defaultPhotometryModel();
            PhotometryModel.Settings s = new PhotometryModel.Settings(trees, depth, eta, seed);
            PhotometryTraining.Result r = train(dir, folder, s);
            System.out.println("validation (real objects, not trained on):");
            System.out.print(r.onValidation().table());
            System.out.println("test (held-out real objects: never trained on, never simulated):");
            System.out.print(r.onTest().table());
            System.out.printf(Locale.ROOT, "  anchor: a scikit-learn random forest (300 trees) on the colours, macro-F1 "
                    + "0.931 on real objects not in the catalogs; this model: %.4f on the held-out test part%n",
                    r.onTest().macroF1());
            if (anchorTrees > 0) {
                org.hisscube.learning.LabelledCatalog cat = org.hisscube.learning.LabelledCatalog.load(dir);
                System.out.printf(Locale.ROOT, "training the anchor's random forest (%d trees) on the same split%n",
                        anchorTrees);
                org.hisscube.learning.Evaluation rf = org.hisscube.learning.AnchorForest.trainAndEvaluate(
                        cat.part(org.hisscube.learning.LabelledCatalog.Part.TRAIN),
                        cat.part(org.hisscube.learning.LabelledCatalog.Part.TEST), anchorTrees, seed);
                System.out.print(rf.table());
                System.out.printf(Locale.ROOT, "  same test objects: this model macro-F1 %.4f, random forest %.4f%n",
                        r.onTest().macroF1(), rf.macroF1());
            }
            System.out.println("model, evaluation.json and confusion-test.png written to " + folder);
            return 0;
        }

        static PhotometryTraining.Result train(Path catalogs, Path folder, PhotometryModel.Settings s)
                throws Exception {
            PhotometryTraining.Result r = PhotometryTraining.run(catalogs, s, line -> System.out.println("[train] "
                    + line));
            Map<String, Object> meta = new LinkedHashMap<>(PhotometryTraining.metadata(r, s, catalogs));
            r.model().save(folder, meta);
            Files.writeString(folder.resolve("evaluation.json"), JsonOut.format(Map.of("validation",
                    r.onValidation().toMap(), "test", r.onTest().toMap())));
            EvaluationPlots.confusion(r.onTest(), "photometry (XGBoost): held-out real objects",
                    folder.resolve("confusion-test.png"));
            return r;
        }
    }
}
