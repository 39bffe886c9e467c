package org.hisscube.vg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Regions of the top-k categories become crops and masked texts; the label word never reaches the text. */
class RegionExamplesTest {
    @TempDir
    Path dir;

    @Test
    void theFixturesRegionsBecomeExamplesWhoseTextNeverNamesTheirCategory() {
        var written = VisualGenomeFixture.write(dir, 60, 3);
        List<String> top = RegionExamples.topCategories(dir.resolve("objects.json"), 4);
        assertThat(top).containsExactlyInAnyOrderElementsOf(VisualGenomeFixture.commonCategories());

        List<RegionExamples.Example> examples = new ArrayList<>();
        var counts = RegionExamples.read(dir, top, 16, 0, examples::add);
        assertThat(counts.images()).isEqualTo(60);
        assertThat(counts.objects()).isEqualTo(written.objects());
        assertThat(counts.kept() + counts.otherCategory()).isEqualTo(written.objects());
        assertThat(counts.kept()).isEqualTo(examples.size()).isGreaterThan(60);
        assertThat(counts.noImage()).isZero();
        for (RegionExamples.Example e : examples) {
            assertThat(top).contains(e.category());
            assertThat(e.crop()).hasSize(3 * 16 * 16);
            for (float v : e.crop()) {
                assertThat(v).isBetween(0f, 1f);
            }
            // every description of the fixture names its object: masked, and the category word gone
            assertThat(e.text()).contains(RegionExamples.MASK);
            for (String word : e.text().toLowerCase(Locale.ROOT).split("[^a-z']+")) {
                assertThat(top).as(e.text()).doesNotContain(word);
                assertThat(top.stream().map(c -> c + "s")).as(e.text()).doesNotContain(word);
            }
        }
        // the distractor region (top-left quarter, no object) is nobody's text
        assertThat(examples).noneMatch(e -> e.text().contains("the wall is painted"));
    }

    @Test
    void anImageMissingFromOneFileDoesNotPutTheOthersOutOfStep() throws Exception {
        VisualGenomeFixture.write(dir, 12, 5);
        List<String> top = VisualGenomeFixture.commonCategories();
        List<RegionExamples.Example> all = new ArrayList<>();
        RegionExamples.read(dir, top, 16, 0, all::add);

        // drop image 3 from objects.json and image 7 from region_descriptions.json (as a partial download might)
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var objects = (com.fasterxml.jackson.databind.node.ArrayNode) mapper.readTree(dir.resolve("objects.json")
                .toFile());
        objects.remove(2);
        mapper.writeValue(dir.resolve("objects.json").toFile(), objects);
        var regions = (com.fasterxml.jackson.databind.node.ArrayNode) mapper.readTree(
                dir.resolve("region_descriptions.json").toFile());
        regions.remove(6);
        mapper.writeValue(dir.resolve("region_descriptions.json").toFile(), regions);
        List<RegionExamples.Example> partial = new ArrayList<>();
        var counts = RegionExamples.read(dir, top, 16, 0, partial::add);

        assertThat(partial).noneMatch(e -> e.imageId() == 3);
        for (RegionExamples.Example e : partial) {
            String before = all.stream().filter(a -> a.objectId() == e.objectId()).findFirst().orElseThrow().text();
            assertThat(e.text()).as("object %d of image %d", e.objectId(), e.imageId())
                    .isEqualTo(e.imageId() == 7 ? "" : before);
        }
        assertThat(counts.withoutText()).isEqualTo(partial.stream().filter(e -> e.imageId() == 7).count())
                .isPositive();
    }

    @Test
    void masksNamesSynsetLemmasAndPlurals() {
        var o = new VisualGenomeJson.AnnotatedObject(1, List.of("street", "road"), List.of("street.n.01",
                "traffic_light.n.01"), 0, 0, 10, 10);
        Set<String> words = RegionExamples.maskWords(o, Set.of("clock"));
        assertThat(RegionExamples.mask("Two clocks above the Road, a street and traffic lights.", words))
                .isEqualTo("Two [mask] above the [mask], a [mask] and [mask] [mask].");
    }

    @Test
    void aRegionIsAnObjectsTextOnlyWhenTheBoxesOverlapByHalf() {
        var o = new VisualGenomeJson.AnnotatedObject(1, List.of("ball"), List.of(), 10, 10, 20, 20);
        var same = new VisualGenomeJson.Region(1, 11, 11, 20, 20, "a round thing");
        var far = new VisualGenomeJson.Region(2, 60, 60, 20, 20, "something else");
        var half = new VisualGenomeJson.Region(3, 20, 10, 20, 20, "overlaps a third");
        assertThat(RegionExamples.iou(10, 10, 20, 20, 20, 10, 20, 20)).isEqualTo(1 / 3.0, org.assertj.core.api
                .Assertions.within(1e-12));
        assertThat(RegionExamples.text(o, List.of(far, same, half))).isEqualTo("a round thing");
    }
}
