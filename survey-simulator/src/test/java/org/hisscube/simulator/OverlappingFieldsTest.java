package org.hisscube.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hisscube.science.calib.CalibratedImage;
import org.hisscube.science.calib.FrameCalibrator;
import org.hisscube.science.cube.CubeBuild;
import org.hisscube.science.cube.CubeExportReader;
import org.hisscube.science.cube.Target;
import org.hisscube.science.fits.SdssFrame;
import org.hisscube.science.fits.SdssFrameReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --overlap}: neighbouring fields of a row share a strip of sky, objects there are drawn on both fields'
 * frames, and the cube stacks both epochs of them — as with consecutive SDSS fields.
 */
class OverlappingFieldsTest {
    @TempDir
    Path dir;

    @Test
    void objectsInTheSharedStripAreOnBothFieldsFramesAndTheCubeStacksThem() throws Exception {
        Path data = SimulatedSurveyTest.DATA;
        SurveySimulator sim = SurveySimulator.fromData(data);
        Path out = dir.resolve("survey");
        sim.run(new SimulationOptions(24, 4, out, 8, 1, false, 2, data, 0.4), null);
        JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        assertThat(manifest.get("overlap").asDouble()).isEqualTo(0.4);
        List<JsonNode> shared = new ArrayList<>();
        manifest.get("objects").forEach(o -> {
            if (o.get("also_in").size() > 0) {
                shared.add(o);
            }
        });
        assertThat(shared).as("objects in a shared strip").isNotEmpty();

        // on the other field's r frame, a shared point source has its catalog flux (4σ + 0.2 %)
        SdssFrameReader reader = new SdssFrameReader();
        FrameCalibrator calibrator = new FrameCalibrator();
        int measured = 0;
        for (JsonNode o : shared) {
            if (!o.get("profile").asText().equals("psf")) {
                continue;
            }
            String other = o.get("also_in").get(0).asText();
            Path frame = find(out, "frame-r-" + other + ".fits");
            SdssFrame f = reader.read(frame);
            CalibratedImage im = calibrator.calibrate(f);
            double[] px = f.wcs().worldToPixel(o.get("ra").asDouble(), o.get("dec").asDouble());
            double fwhm = sim.real().frame("r").psf().fwhmPixels();
            double[] flux = Apertures.measure(im, px[0], px[1], 3 * fwhm, 5 * fwhm, 8 * fwhm);
            double truth = Math.pow(10, -0.4 * (o.get("ugriz").get(2).asDouble() - 22.5));
            assertThat(flux[0]).as("object %d on %s", o.get("index").asInt(), other)
                    .isCloseTo(truth, within(4 * flux[1] + 0.002 * truth));
            measured++;
        }
        // without overlap the same seed gives no shared object
        Path apart = dir.resolve("apart");
        sim.run(new SimulationOptions(24, 4, apart, 8, 1, false, 2, data), null);
        JsonNode m0 = new ObjectMapper().readTree(apart.resolve("manifest.json").toFile());
        m0.get("objects").forEach(o -> assertThat(o.get("also_in").size()).isZero());

        // the cube: a shared object's target stacks the r frames of both fields
        Path in = Files.createDirectories(dir.resolve("in"));
        try (Stream<Path> s = Files.walk(out)) {
            for (Path p : s.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".fits")).toList()) {
                Files.createSymbolicLink(in.resolve(p.getFileName()), p);
            }
        }
        Path cube = dir.resolve("cube.h5");
        CubeBuild.run(in, cube, 1, line -> { });
        List<Target> targets = CubeExportReader.read(cube).targets();
        assertThat(targets).anySatisfy(t -> assertThat(t.frameCount("r")).isEqualTo(2));
        assertThat(measured + targets.size()).isPositive();
    }

    private static Path find(Path root, String name) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().equals(name)).findFirst().orElseThrow();
        }
    }
}
