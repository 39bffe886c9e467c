package org.hisscube.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hisscube.features.FeatureManifest;
import org.hisscube.features.FeaturesException;
import org.hisscube.features.ShardStore;
import org.hisscube.features.Split;
import org.hisscube.features.TargetFeatures;
import org.hisscube.features.Tensor;
import org.hisscube.testsupport.InMemoryObjectStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A training round on shards in an (in-memory) object store: registry, promotion, and a corrupt shard named. */
class TrainingRunTest {
    @TempDir
    Path dir;

    static final TrainingRun.Settings SETTINGS = new TrainingRun.Settings(10, 3, 3, 1, 0.0);

    /** 90 zoom-3 targets whose photometry carries the class (g−r offset by class). */
    static List<List<TargetFeatures>> targets(int version) {
        java.util.Random rng = new java.util.Random(9);
        List<List<TargetFeatures>> out = new ArrayList<>();
        for (int k = 0; k < 90; k++) {
            int c = k % 3;
            float[] phot = new float[9];
            for (int i = 0; i < 9; i++) {
                phot[i] = 18 + (float) rng.nextGaussian() * 0.1f + (i == 6 ? 2 * c : 0);
            }
            long id = 1000 + k;
            out.add(List.of(new TargetFeatures(id, version, 3, Evaluation.CLASSES.get(c), 0, Split.of(id), List.of(
                    tensor("image", new int[] {5, 8, 8}), tensor("spectrum", new int[] {577}),
                    new Tensor("photometry", new int[] {9}, phot, new float[9], ones(9), 1.0)))));
        }
        return out;
    }

    static Tensor tensor(String name, int[] shape) {
        int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        return new Tensor(name, shape, new float[n], new float[n], ones(n), 1.0);
    }

    static byte[] ones(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 1);
        return b;
    }

    @Test
    void aRoundRegistersEveryVersionAndOnlyThoseThatPassTheRuleGoLive() {
        InMemoryObjectStore store = new InMemoryObjectStore("trainer-test");
        ShardStore shards = new ShardStore(store, dir.resolve("s"), List.of(3), List.of("image", "spectrum",
                "photometry"));
        FeatureManifest m1 = shards.append(shards.manifest(), targets(1)).manifest();
        List<TrainingRun.Outcome> first = TrainingRun.run(store, dir.resolve("t"), m1, 3, List.of("photometry"),
                SETTINGS, line -> { });
        assertThat(first).singleElement().satisfies(o -> {
            assertThat(o.modelId()).isEqualTo("photometry-z3-v1");
            assertThat(o.promotion().goesLive()).isTrue();
            assertThat(o.published()).isNotNull();
            assertThat(o.evaluated().metrics().get("live")).isEqualTo(1.0);
        });
        assertThat(store.stat(Encoder.modelKey("photometry-z3-v1"))).isPresent();
        // a rule no version can pass: the second version is registered and evaluated, not live, not announced
        FeatureManifest m2 = shards.append(m1, targets(2)).manifest();
        List<TrainingRun.Outcome> second = TrainingRun.run(store, dir.resolve("t"), m2, 3, List.of("photometry"),
                new TrainingRun.Settings(10, 3, 3, 1, -1.0), line -> { });
        assertThat(second).singleElement().satisfies(o -> {
            assertThat(o.modelId()).isEqualTo("photometry-z3-v2");
            assertThat(o.promotion().goesLive()).isFalse();
            assertThat(o.published()).isNull();
            assertThat(o.evaluated().metrics().get("live")).isEqualTo(0.0);
        });
        assertThat(store.stat(Encoder.modelKey("photometry-z3-v2"))).isPresent();
        assertThat(new LiveModels(store).get("photometry", 3).orElseThrow().modelId()).isEqualTo("photometry-z3-v1");
    }

    @Test
    void aCorruptShardIsReportedWithItsKey() {
        InMemoryObjectStore store = new InMemoryObjectStore("trainer-test");
        ShardStore shards = new ShardStore(store, dir.resolve("s"), List.of(3), List.of("image", "spectrum",
                "photometry"));
        FeatureManifest m = shards.append(shards.manifest(), targets(1)).manifest();
        String key = ShardStore.shardKey(3, 1);
        byte[] bytes = store.getBytes(key);
        bytes[bytes.length / 2] ^= 0x40;
        store.put(key, bytes, "application/x-hdf5", java.util.Map.of());
        assertThatThrownBy(() -> TrainingRun.run(store, dir.resolve("t"), m, 3, List.of("photometry"), SETTINGS,
                line -> { })).isInstanceOf(FeaturesException.class).hasMessageContaining(key)
                .hasMessageContaining("sha256");
    }

    @Test
    void tooFewLabelledTargetsMeansNoRound() {
        InMemoryObjectStore store = new InMemoryObjectStore("trainer-test");
        ShardStore shards = new ShardStore(store, dir.resolve("s"), List.of(3), List.of("image", "spectrum",
                "photometry"));
        FeatureManifest m = shards.append(shards.manifest(), targets(1).subList(0, 9)).manifest();
        List<String> said = new ArrayList<>();
        assertThat(TrainingRun.run(store, dir.resolve("t"), m, 3, List.of("photometry"), SETTINGS, said::add))
                .isEmpty();
        assertThat(said).anySatisfy(l -> assertThat(l).contains("waiting for 10 train targets"));
    }
}
