package org.hisscube.vg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader takes Visual Genome's files exactly as published, streams big ones, and refuses malformed ones. */
class VisualGenomeJsonTest {
    @TempDir
    Path dir;

    // as Visual Genome 1.4 publishes them (fields in its order, with the ones the reader ignores and its nulls)
    static final String IMAGE_DATA = """
            [{"width": 800, "url": "https://cs.stanford.edu/people/rak248/VG_100K_2/1.jpg", "height": 600,
              "image_id": 1, "coco_id": null, "flickr_id": null},
             {"width": 800, "url": "https://cs.stanford.edu/people/rak248/VG_100K/10.jpg", "height": 533,
              "image_id": 10, "coco_id": 139, "flickr_id": 3621000}]
            """;
    static final String OBJECTS = """
            [{"image_id": 1, "objects": [
               {"synsets": ["clock.n.01"], "h": 339, "object_id": 1058498, "merged_object_ids": [], "names": ["clock"],
                "w": 79, "y": 91, "x": 421},
               {"synsets": ["street.n.01"], "h": 262, "object_id": 5046, "merged_object_ids": [5045],
                "names": ["street", "road"], "w": 714, "y": 328, "x": 77, "attributes": ["grey"]},
               {"synsets": [], "h": 10, "object_id": 7, "names": ["sign"], "w": 12, "y": 3, "x": 4, "synsets": null}],
              "image_url": "https://cs.stanford.edu/people/rak248/VG_100K_2/1.jpg"},
             {"image_id": 10, "objects": null, "image_url": null},
             {"id": 11, "objects": [{"id": 99, "name": "kite", "x": 1, "y": 2, "w": 3, "h": 4}]}]
            """;
    static final String REGIONS = """
            [{"regions": [{"region_id": 1382, "width": 82, "height": 139, "image_id": 1,
                           "phrase": "the clock is green in colour", "y": 57, "x": 421},
                          {"region_id": 1383, "width": 182, "height": 109, "image_id": 1, "phrase": null, "y": 1,
                           "x": 2}],
              "id": 1},
             {"regions": [{"region_id": 7, "width": 1, "height": 1, "image_id": 10, "phrase": "a dot", "y": 0,
                           "x": 0}]}]
            """;

    @Test
    void readsTheThreeFilesAsPublishedIgnoringUnknownFieldsAndNulls() throws IOException {
        List<VisualGenomeJson.Image> images = new ArrayList<>();
        try (var e = VisualGenomeJson.images(write("image_data.json", IMAGE_DATA))) {
            e.forEachRemaining(images::add);
        }
        assertThat(images).containsExactly(
                new VisualGenomeJson.Image(1, "https://cs.stanford.edu/people/rak248/VG_100K_2/1.jpg", 800, 600),
                new VisualGenomeJson.Image(10, "https://cs.stanford.edu/people/rak248/VG_100K/10.jpg", 800, 533));

        List<VisualGenomeJson.ImageObjects> objects = new ArrayList<>();
        try (var e = VisualGenomeJson.objects(write("objects.json", OBJECTS))) {
            e.forEachRemaining(objects::add);
        }
        assertThat(objects).hasSize(3);
        var clock = objects.get(0).objects().get(0);
        assertThat(clock).isEqualTo(new VisualGenomeJson.AnnotatedObject(1058498, List.of("clock"),
                List.of("clock.n.01"), 421, 91, 79, 339));
        // several names; the first is the category
        assertThat(objects.get(0).objects().get(1).names()).containsExactly("street", "road");
        assertThat(RegionExamples.category(objects.get(0).objects().get(1))).isEqualTo("street");
        assertThat(objects.get(0).objects().get(2).synsets()).isEmpty();
        assertThat(objects.get(1)).isEqualTo(new VisualGenomeJson.ImageObjects(10, List.of()));
        // version 1.0: "id" and a single "name"
        assertThat(objects.get(2).imageId()).isEqualTo(11);
        assertThat(objects.get(2).objects().get(0).names()).containsExactly("kite");

        List<VisualGenomeJson.ImageRegions> regions = new ArrayList<>();
        try (var e = VisualGenomeJson.regions(write("region_descriptions.json", REGIONS))) {
            e.forEachRemaining(regions::add);
        }
        assertThat(regions.get(0).imageId()).isEqualTo(1);
        assertThat(regions.get(0).regions().get(0)).isEqualTo(new VisualGenomeJson.Region(1382, 421, 57, 82, 139,
                "the clock is green in colour"));
        assertThat(regions.get(0).regions().get(1).phrase()).isEmpty();
        // no top-level id: the regions' image_id
        assertThat(regions.get(1).imageId()).isEqualTo(10);
    }

    @Test
    void readsGzippedFiles() throws IOException {
        Path gz = dir.resolve("image_data.json.gz");
        try (var out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(IMAGE_DATA.getBytes(StandardCharsets.UTF_8));
        }
        try (var e = VisualGenomeJson.images(gz)) {
            assertThat(e.next().imageId()).isEqualTo(1);
            assertThat(e.next().imageId()).isEqualTo(10);
            assertThat(e.hasNext()).isFalse();
        }
    }

    @Test
    void refusesAMalformedFileNamingTheFileAndThePosition() throws IOException {
        Path truncated = write("objects.json", OBJECTS.substring(0, OBJECTS.indexOf("\"merged_object_ids\": [5045]")));
        assertThatThrownBy(() -> {
            try (var e = VisualGenomeJson.objects(truncated)) {
                e.forEachRemaining(x -> { });
            }
        }).isInstanceOf(VisualGenomeException.class).hasMessageContaining(truncated.toString())
                .hasMessageContaining("line 4").hasMessageContaining("column").hasMessageContaining("entry 1");

        Path stringCoordinate = write("bad.json", "[{\"image_id\": 1, \"objects\": [{\"object_id\": 2, \"names\": "
                + "[\"a\"],\n \"x\": \"12\", \"y\": 1, \"w\": 1, \"h\": 1}]}]");
        assertThatThrownBy(() -> VisualGenomeJson.objects(stringCoordinate).next())
                .isInstanceOf(VisualGenomeException.class).hasMessageContaining(stringCoordinate.toString())
                .hasMessageContaining("line 2, column 7").hasMessageContaining("\"x\" must be a number");

        Path noName = write("noname.json", "[{\"image_id\": 1, \"objects\": [{\"object_id\": 2, \"names\": [], "
                + "\"x\": 1, \"y\": 1, \"w\": 1, \"h\": 1}]}]");
        assertThatThrownBy(() -> VisualGenomeJson.objects(noName).next()).isInstanceOf(VisualGenomeException.class)
                .hasMessageContaining("object 2 without a name");

        Path notAnArray = write("image_data.json", "{\"image_id\": 1}");
        assertThatThrownBy(() -> VisualGenomeJson.images(notAnArray)).isInstanceOf(VisualGenomeException.class)
                .hasMessageContaining(notAnArray + ": line 1, column 1").hasMessageContaining("JSON array");
    }

    /**
     * A ~60 MB objects.json read in a child JVM whose heap is 32 MB: a reader that held the file, or every entry,
     * would run out of memory.
     */
    @Test
    void streamsAMultiMegabyteFileInBoundedMemory() throws Exception {
        Path big = dir.resolve("objects.json");
        long objects = 0;
        try (JsonGenerator g = new JsonFactory().createGenerator(big.toFile(), JsonEncoding.UTF8)) {
            g.writeStartArray();
            for (int image = 1; image <= 40_000; image++) {
                g.writeStartObject();
                g.writeNumberField("image_id", image);
                g.writeArrayFieldStart("objects");
                for (int o = 0; o < 8; o++) {
                    g.writeStartObject();
                    g.writeArrayFieldStart("synsets");
                    g.writeString("person.n.01");
                    g.writeEndArray();
                    g.writeNumberField("h", 40 + o);
                    g.writeNumberField("object_id", ++objects);
                    g.writeArrayFieldStart("merged_object_ids");
                    g.writeEndArray();
                    g.writeArrayFieldStart("names");
                    g.writeString(o % 2 == 0 ? "man" : "woman");
                    g.writeString("person standing on the sidewalk near the road");
                    g.writeEndArray();
                    g.writeNumberField("w", 20);
                    g.writeNumberField("y", o);
                    g.writeNumberField("x", image % 100);
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeStringField("image_url", "https://cs.stanford.edu/people/rak248/VG_100K/" + image + ".jpg");
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        assertThat(Files.size(big)).isGreaterThan(50L << 20);

        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m",
                "-cp", System.getProperty("java.class.path"), CountObjects.class.getName(), big.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out.trim()).isEqualTo("40000 images, " + objects + " objects, top [man, woman]");
    }

    /** The child: counts a file's entries and objects, and its top categories, with the module's own code. */
    public static final class CountObjects {
        public static void main(String[] args) {
            long images = 0;
            long objects = 0;
            try (var e = VisualGenomeJson.objects(Path.of(args[0]))) {
                while (e.hasNext()) {
                    objects += e.next().objects().size();
                    images++;
                }
            }
            System.out.println(images + " images, " + objects + " objects, top "
                    + RegionExamples.topCategories(Path.of(args[0]), 2));
        }
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
