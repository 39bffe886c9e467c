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
import org.hisscube.learning.Encoder;
import org.hisscube.learning.ModalityModels;
import org.hisscube.features.Featurizer;
import org.hisscube.features.Split;
import org.hisscube.features.SpectrumModality;
import org.hisscube.features.TargetFeatures;
import org.hisscube.features.Tensor;
import org.hisscube.science.cube.Target;
import org.hisscube.science.spectrum.SampledSpectrum;
import org.hisscube.science.spectrum.SdssSpectrum;
import org.hisscube.science.spectrum.SpectrumPyramid;
import org.hisscube.science.spectrum.SpectrumReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./hisscube classify CATALOG.csv}: the photometry model's class and probabilities per catalog row. */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = "Classify the objects of a catalog CSV (any dialect the fetcher reads; class and redshift may "
                + "be absent) with the photometry model: writes the id columns, predicted_class, p_galaxy, p_qso, "
                + "p_star per row, and prints the metrics where the catalog has labels. A cube export or target "
                + "file (.h5) is classified by every DL4J model given (fused and single-modality side by side), a "
                + "spec-*.fits file by the spectrum models: one row per file or target and model.")
final class ClassifyCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CATALOG.csv")
    Path input;

    @Option(names = "--model", description = "model folder (CSV: the photometry model, default work/models/photometry, "
            + "trained first if there is none; .h5 and spectra: a DL4J model folder or a folder of them, default "
            + "work/models/modalities from ./hisscube train modalities)")
    Path model;

    @Option(names = "--out", required = true, description = "predictions CSV")
    Path out;

    @Override
    public Integer call() throws Exception {
        String name = input.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".h5")) {
            return classifyTargets(name);
        }
        if (name.matches("spec-.*\\.fits")) {
            return classifySpectrum(name);
        }
        if (!lower.endsWith(".csv")) {
            throw new IllegalArgumentException(name + ": classify takes a catalog CSV, a spec-*.fits spectrum or a cube "
                    + "export / target file (.h5)");
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

    /** The DL4J models of a folder: the folder itself when it holds model.zip, else each subfolder that does. */
    private List<Encoder> fileModels() throws java.io.IOException {
        Path folder = model != null ? model : RepoLayout.root().resolve("work/models/modalities");
        List<Path> dirs = new ArrayList<>();
        if (Files.isRegularFile(folder.resolve("model.zip"))) {
            dirs.add(folder);
        } else if (Files.isDirectory(folder)) {
            try (var st = Files.list(folder)) {
                st.filter(d -> Files.isRegularFile(d.resolve("model.zip"))).sorted().forEach(dirs::add);
            }
        }
        if (dirs.isEmpty()) {
            throw new IllegalArgumentException("no models in " + folder + ": train them with ./hisscube train "
                    + "modalities (or give --model a model folder)");
        }
        List<Encoder> out = new ArrayList<>();
        for (Path d : dirs) {
            out.add(Encoder.load(d));
        }
        return out;
    }

    /** One row per target and model: the fused model and each single-modality model side by side. */
    private int classifyTargets(String name) throws Exception {
        List<Encoder> models = fileModels();
        Featurizer featurizer = Featurizer.sdss();
        List<Target> targets = Featurizer.read(input);
        List<String> rows = new ArrayList<>();
        for (Encoder m : models) {
            List<String> truth = new ArrayList<>();
            List<String> predicted = new ArrayList<>();
            for (Target t : targets) {
                String prefix = name + "," + t.id() + "," + m.metadata().modelId();
                try {
                    TargetFeatures f = featurizer.derive(t, 1, List.of(m.metadata().zoom())).get(0);
                    float[] p = m.probabilities(List.of(f))[0];
                    String cls = Evaluation.CLASSES.get(argmax(p));
                    rows.add(prefix + "," + cls + probs(p));
                    if (Evaluation.CLASSES.contains(f.className())) {
                        truth.add(f.className());
                        predicted.add(cls);
                    }
                    System.out.printf(Locale.ROOT, "  %-14s target %d (%s): %s%s%n", m.metadata().modelId(), t.id(),
                            f.className(), cls, probs(p));
                } catch (org.hisscube.features.TargetRefusedException e) {
                    rows.add(prefix + ",,,,");
                    System.out.println("  " + m.metadata().modelId() + " target " + t.id() + ": no prediction ("
                            + e.getMessage() + ")");
                }
            }
            if (!truth.isEmpty() && truth.size() > 1) {
                System.out.println("metrics of " + m.metadata().modelId() + " on the " + truth.size()
                        + " labelled targets:");
                System.out.print(Evaluation.of(truth, predicted).table());
            }
        }
        write("file,target_id,model_id,predicted_class,p_galaxy,p_qso,p_star", rows);
        System.out.printf(Locale.ROOT, "classify: %d targets × %d models of %s → %s%n", targets.size(), models.size(),
                name, out);
        return 0;
    }

    /** One row per spectrum model: the spectrum rebinned to the HiSS grid at the model's zoom, normalised alike. */
    private int classifySpectrum(String name) throws Exception {
        List<Encoder> models = fileModels().stream().filter(m -> m.kind() == ModalityModels.Kind.SPECTRUM).toList();
        if (models.isEmpty()) {
            throw new IllegalArgumentException("no spectrum model among the models given: train one with ./hisscube "
                    + "train modalities --models spectrum");
        }
        SdssSpectrum spectrum = new SpectrumReader().read(input);
        SpectrumPyramid pyramid = SpectrumPyramid.of(spectrum);
        List<String> rows = new ArrayList<>();
        for (Encoder m : models) {
            int zoom = m.metadata().zoom();
            SampledSpectrum z = pyramid.zoom(zoom);
            int side = 64 >> zoom;
            Tensor spec = SpectrumModality.fromSamples(name, z.fluxFloat32(), z.sigmaFloat32());
            Tensor image = new Tensor("image", new int[] {5, side, side}, new float[5 * side * side],
                    new float[5 * side * side], new byte[5 * side * side], 1.0);
            Tensor phot = new Tensor("photometry", new int[] {9}, new float[9], new float[9], new byte[9], 1.0);
            TargetFeatures f = new TargetFeatures(0, 1, zoom, spectrum.className().trim(), spectrum.z(), Split.TEST,
                    List.of(image, spec, phot));
            float[] p = m.probabilities(List.of(f))[0];
            String cls = Evaluation.CLASSES.get(argmax(p));
            rows.add(name + ",," + m.metadata().modelId() + "," + cls + probs(p));
            System.out.printf(Locale.ROOT, "  %s %s (file says %s): %s%s%n", m.metadata().modelId(), name,
                    spectrum.className().trim(), cls, probs(p));
        }
        write("file,target_id,model_id,predicted_class,p_galaxy,p_qso,p_star", rows);
        System.out.println("classify: " + name + " → " + out);
        return 0;
    }

    private void write(String header, List<String> rows) throws java.io.IOException {
        Path tmp = out.resolveSibling(out.getFileName() + ".partial");
        List<String> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        Files.write(tmp, all);
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static int argmax(float[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }

    private static String probs(float[] p) {
        StringBuilder b = new StringBuilder();
        for (float x : p) {
            b.append(String.format(Locale.ROOT, ",%.5f", x));
        }
        return b.toString();
    }

    private static String nz(Integer v) {
        return v == null ? "" : v.toString();
    }
}
