package org.hisscube.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hisscube.features.Embeddings;
import org.hisscube.features.Featurizer;
import org.hisscube.features.PhotometryModality;
import org.hisscube.features.TargetFeatures;
import org.hisscube.features.TargetRefusedException;
import org.hisscube.features.Tensor;
import org.hisscube.science.cube.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./hisscube features FILE.h5}: what the feature-service derives from a target file or an export. */
@Command(name = "features", mixinStandardHelpOptions = true,
        description = "Print what the feature-service derives for a target file or a cube export: per target and "
                + "zoom the class, split, SDSS asinh aperture magnitudes with errors, colours, and the lengths of "
                + "the image, spectrum and photometry vectors and of the baseline embeddings.")
final class FeaturesCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "TARGET_OR_EXPORT.h5", description = "a target file (as the cube-service "
            + "writes it to the store) or an export (./hisscube cube build)")
    Path file;

    @Option(names = "--zoom", description = "only this zoom (default: every zoom in the file)")
    Integer zoom;

    @Option(names = "--json", description = "one JSON object on stdout instead of a table")
    boolean json;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such file");
        }
        Featurizer featurizer = Featurizer.sdss();
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Map<String, Object>> refused = new ArrayList<>();
        for (Target t : Featurizer.read(file)) {
            List<Integer> zooms = new ArrayList<>();
            for (int z = 0; z < t.zooms().size(); z++) {
                if (zoom == null || zoom == z) {
                    zooms.add(z);
                }
            }
            if (zooms.isEmpty()) {
                throw new IllegalArgumentException(file.getFileName() + ": target " + t.id() + " has "
                        + t.zooms().size() + " zooms, no zoom " + zoom);
            }
            try {
                for (TargetFeatures f : featurizer.derive(t, 1, zooms)) {
                    rows.add(row(featurizer, f));
                }
            } catch (TargetRefusedException e) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("target_id", t.id());
                r.put("cause", e.causeCode());
                r.put("reason", e.getMessage());
                refused.add(r);
            }
        }
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("file", file.getFileName().toString());
            out.put("feature_version", Featurizer.FEATURE_VERSION);
            out.put("targets", rows);
            out.put("refused", refused);
            System.out.println(JsonOut.format(out));
        } else {
            print(rows, refused);
        }
        return 0;
    }

    private static Map<String, Object> row(Featurizer featurizer, TargetFeatures f) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("target_id", f.targetId());
        r.put("zoom", f.zoom());
        r.put("class", f.className());
        r.put("split", f.split().label());
        r.put("redshift", f.redshift());
        Tensor p = f.tensor("photometry");
        Map<String, Object> phot = new LinkedHashMap<>();
        for (int i = 0; i < PhotometryModality.COMPONENTS.length; i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            boolean ok = p.mask()[i] == 1;
            m.put(i < 5 ? "mag" : "colour", ok ? (Object) (double) p.values()[i] : null);
            m.put(i < 5 ? "mag_err" : "colour_err", ok ? (Object) (double) p.sigma()[i] : null);
            phot.put(PhotometryModality.COMPONENTS[i], m);
        }
        r.put("photometry", phot);
        Map<String, Object> vectors = new LinkedHashMap<>();
        for (Tensor t : f.tensors()) {
            vectors.put(t.modality(), t.length());
        }
        r.put("vectors", vectors);
        Map<String, Object> masked = new LinkedHashMap<>();
        for (Tensor t : f.tensors()) {
            int missing = 0;
            for (byte b : t.mask()) {
                missing += b == 0 ? 1 : 0;
            }
            masked.put(t.modality(), missing);
        }
        r.put("missing_samples", masked);
        r.put("spectrum_scale", f.tensor("spectrum").scale());
        Map<String, Object> emb = new LinkedHashMap<>();
        for (Embeddings.Embedding e : Embeddings.baseline(featurizer, f)) {
            emb.put(e.modality().name().toLowerCase(Locale.ROOT), e.vector().length);
        }
        r.put("embeddings", emb);
        r.put("encoder_version", Embeddings.BASELINE);
        return r;
    }

    @SuppressWarnings("unchecked")
    private static void print(List<Map<String, Object>> rows, List<Map<String, Object>> refused) {
        System.out.println("  target_id            zoom  class   split       u       g       r       i       z    "
                + "image  spectrum  photometry");
        for (Map<String, Object> r : rows) {
            Map<String, Object> phot = (Map<String, Object>) r.get("photometry");
            StringBuilder mags = new StringBuilder();
            for (String b : List.of("u", "g", "r", "i", "z")) {
                Object m = ((Map<String, Object>) phot.get(b)).get("mag");
                mags.append(m == null ? "      - " : String.format(Locale.ROOT, " %7.3f", (Double) m));
            }
            Map<String, Object> v = (Map<String, Object>) r.get("vectors");
            System.out.printf(Locale.ROOT, "  %-19s  %4d  %-6s  %-10s%s  %6d  %8d  %10d%n", r.get("target_id"),
                    r.get("zoom"), r.get("class"), r.get("split"), mags, v.get("image"), v.get("spectrum"),
                    v.get("photometry"));
        }
        for (Map<String, Object> r : refused) {
            System.out.println("  refused target " + r.get("target_id") + " (" + r.get("cause") + "): "
                    + r.get("reason"));
        }
    }
}
