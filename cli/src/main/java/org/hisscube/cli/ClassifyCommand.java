package org.hisscube.cli;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hisscube.fetcher.catalog.CatalogObject;
import org.hisscube.fetcher.catalog.CatalogReadResult;
import org.hisscube.fetcher.catalog.CatalogReader;
import org.hisscube.fetcher.catalog.RowProblem;
import org.hisscube.learning.Evaluation;
import org.hisscube.learning.PhotometryModel;
import org.hisscube.learning.PhotometryTraining;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./hisscube classify CATALOG.csv}: the photometry model's class and probabilities per catalog row. */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = "Classify the objects of a catalog CSV (any dialect the fetcher reads; class and redshift may "
                + "be absent) with the photometry model: writes the id columns, predicted_class, p_galaxy, p_qso, "
                + "p_star per row, and prints the metrics where the catalog has labels.")
final class ClassifyCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CATALOG.csv")
    Path input;

    @Option(names = "--model", description = "model folder (default: the latest trained photometry model, "
            + "work/models/photometry, trained first if there is none)")
    Path model;

    @Option(names = "--out", required = true, description = "predictions CSV")
    Path out;

    @Override
    public Integer call() throws Exception {
        String name = input.getFileName().toString();
        if (!name.toLowerCase(Locale.ROOT).endsWith(".csv")) {
            throw new IllegalArgumentException(name + ": only catalog CSVs can be classified so far (spectra and "
                    + "cube files need the spectrum and fused models, not built yet)");
        }
        Path folder = model != null ? model : TrainCommand.defaultPhotometryModel();
        if (model == null && !Files.isRegularFile(folder.resolve(PhotometryModel.MODEL_FILE))) {
            System.out.println("[classify] no photometry model in " + folder + " yet: training one first");
            PhotometryTraining.Result r = TrainCommand.Photometry.train(RepoLayout.root().resolve("data/catalogs"),
                    folder, new PhotometryModel.Settings(400, 6, 0.1, 1));
            System.out.printf(Locale.ROOT, "[classify] trained: macro-F1 %.4f on the held-out real objects%n",
                    r.onTest().macroF1());
        }
        PhotometryModel m = PhotometryModel.load(folder);
        CatalogReadResult read = new CatalogReader().read(input);
        boolean ids = read.objects().stream().anyMatch(o -> o.plate() != null);
        boolean objIds = read.objects().stream().anyMatch(o -> o.objId() != null);
        List<String> truth = new ArrayList<>();
        List<String> predicted = new ArrayList<>();
        int written = 0;
        int missing = 0;
        Path tmp = out.resolveSibling(out.getFileName() + ".partial");
        try (BufferedWriter w = Files.newBufferedWriter(tmp)) {
            StringBuilder header = new StringBuilder("line");
            if (objIds) {
                header.append(",objid");
            }
            if (ids) {
                header.append(",plate,mjd,fiberid");
            }
            header.append(",predicted_class,p_galaxy,p_qso,p_star");
            w.write(header.append('\n').toString());
            for (CatalogObject o : read.objects()) {
                double[] v = PhotometryModel.vector(o);
                StringBuilder row = new StringBuilder(Integer.toString(o.line()));
                if (objIds) {
                    row.append(',').append(o.objId() == null ? "" : o.objId());
                }
                if (ids) {
                    row.append(',').append(nz(o.plate())).append(',').append(nz(o.mjd())).append(',')
                            .append(nz(o.fiberId()));
                }
                if (v == null) {
                    missing++;
                    row.append(",,,,");
                } else {
                    Map<String, Double> p = m.probabilities(v);
                    String cls = p.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
                    row.append(',').append(cls);
                    for (String c : Evaluation.CLASSES) {
                        row.append(String.format(Locale.ROOT, ",%.5f", p.get(c)));
                    }
                    if (o.objectClass() != null && Evaluation.CLASSES.contains(o.objectClass())) {
                        truth.add(o.objectClass());
                        predicted.add(cls);
                    }
                }
                w.write(row.append('\n').toString());
                written++;
            }
        }
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        System.out.printf(Locale.ROOT, "classify: %d rows of %s → %s (%d without all five magnitudes: no "
                + "prediction; %d rows skipped by the reader)%n", written, name, out, missing, read.skipped().size());
        for (RowProblem p : read.skipped().subList(0, Math.min(5, read.skipped().size()))) {
            System.out.println("  skipped: " + p);
        }
        if (!truth.isEmpty()) {
            System.out.println("metrics on the " + truth.size() + " labelled rows:");
            System.out.print(Evaluation.of(truth, predicted).table());
        }
        return 0;
    }

    private static String nz(Integer v) {
        return v == null ? "" : v.toString();
    }
}
