package org.hisscube.learning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.hisscube.features.Featurizer;
import org.hisscube.science.cube.CubeBuild;
import org.hisscube.science.cube.Target;
import org.hisscube.simulator.SimulationOptions;
import org.hisscube.simulator.SurveySimulator;

/** Targets of a simulated survey, built field by field by the science core (memory bounded by one field). */
public final class SimulatedTargets {
    private SimulatedTargets() {
    }

    /** Simulates {@code objects} objects (plain FITS) under {@code work} and builds their targets. */
    public static List<Target> simulateAndBuild(Path data, Path work, int objects, long seed, int zooms,
            Consumer<String> progress) throws Exception {
        Path survey = work.resolve("survey");
        SurveySimulator.fromData(data).run(new SimulationOptions(objects, seed, survey, 8, 1, false,
                Runtime.getRuntime().availableProcessors(), data), null);
        List<Target> targets = new ArrayList<>();
        Map<String, List<Path>> fields = fields(survey);
        int k = 0;
        for (Map.Entry<String, List<Path>> field : fields.entrySet()) {
            targets.addAll(build(work.resolve("build-" + field.getKey()), field.getValue(), zooms));
            k++;
            if (k == fields.size() || k % Math.max(1, fields.size() / 10) == 0) {
                progress.accept(String.format(java.util.Locale.ROOT, "cube: %d/%d fields built, %d targets", k,
                        fields.size(), targets.size()));
            }
        }
        return targets;
    }

    /** The frames and spectra of each simulated field. */
    public static Map<String, List<Path>> fields(Path survey) throws Exception {
        JsonNode manifest = new ObjectMapper().readTree(survey.resolve("manifest.json").toFile());
        Map<String, Path> byName = new TreeMap<>();
        try (Stream<Path> s = Files.walk(survey)) {
            s.filter(Files::isRegularFile).forEach(p -> byName.put(p.getFileName().toString(), p));
        }
        Map<String, List<Path>> fields = new TreeMap<>();
        for (JsonNode o : manifest.get("objects")) {
            String field = o.get("field").asText();
            List<Path> files = fields.computeIfAbsent(field, x -> {
                List<Path> l = new ArrayList<>();
                for (String b : List.of("u", "g", "r", "i", "z")) {
                    l.add(byName.get("frame-" + b + "-" + field + ".fits"));
                }
                return l;
            });
            files.add(byName.get(o.get("spectrum").asText()));
        }
        return fields;
    }

    /** Builds the targets of one set of files (an export in {@code dir}, read back and deleted). */
    public static List<Target> build(Path dir, List<Path> files, int zooms) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        for (Path f : files) {
            Files.createSymbolicLink(in.resolve(f.getFileName()), f.toAbsolutePath());
        }
        Path out = dir.resolve("cube.h5");
        CubeBuild.run(in, out, zooms, line -> { });
        List<Target> targets = Featurizer.read(out);
        Files.delete(out);
        return targets;
    }
}
