package org.hisscube.features;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The training data as of one version: every shard written so far and, per target, the shard row holding its latest
 * version (the same row number in the shard of every zoom). A trainer names the manifest version it trained on; a
 * newer target version appears in a later shard and replaces the entry, the old row stays in its shard (so an older
 * manifest still reads what it read) but is no longer live.
 *
 * @param version        1, 2, … (0: nothing written yet)
 * @param featureVersion {@link Featurizer#FEATURE_VERSION} of the rows
 */
public record FeatureManifest(@JsonProperty("version") int version,
        @JsonProperty("feature_version") String featureVersion, @JsonProperty("zooms") List<Integer> zooms,
        @JsonProperty("modalities") List<String> modalities, @JsonProperty("shards") List<ShardEntry> shards,
        @JsonProperty("targets") List<TargetEntry> targets) {

    /** One shard file. */
    public record ShardEntry(@JsonProperty("seq") int seq, @JsonProperty("zoom") int zoom,
            @JsonProperty("key") String key, @JsonProperty("rows") int rows, @JsonProperty("bytes") long bytes,
            @JsonProperty("sha256") String sha256) {
    }

    /** Where the live version of a target lies. */
    public record TargetEntry(@JsonProperty("target_id") long targetId, @JsonProperty("version") int version,
            @JsonProperty("class") String className, @JsonProperty("split") String split,
            @JsonProperty("shard") int shard, @JsonProperty("row") int row) {
    }

    public FeatureManifest {
        zooms = List.copyOf(zooms);
        modalities = List.copyOf(modalities);
        shards = List.copyOf(shards);
        targets = List.copyOf(targets);
    }

    public static FeatureManifest empty(List<Integer> zooms, List<String> modalities) {
        return new FeatureManifest(0, Featurizer.FEATURE_VERSION, zooms, modalities, List.of(), List.of());
    }

    /** The next shard number. */
    public int nextSeq() {
        return shards.stream().mapToInt(ShardEntry::seq).max().orElse(0) + 1;
    }

    /** Live version of every target by id. */
    public Map<Long, TargetEntry> byTarget() {
        Map<Long, TargetEntry> m = new TreeMap<>();
        targets.forEach(t -> m.put(t.targetId(), t));
        return m;
    }

    /** The shard of a zoom with a given number. */
    public ShardEntry shard(int seq, int zoom) {
        return shards.stream().filter(s -> s.seq() == seq && s.zoom() == zoom).findFirst()
                .orElseThrow(() -> new FeaturesException("manifest " + version + " has no shard " + seq + " at zoom "
                        + zoom));
    }

    /** This manifest plus one batch of shards whose targets replace their entries. */
    FeatureManifest plus(List<ShardEntry> newShards, List<TargetEntry> newTargets) {
        Map<Long, TargetEntry> m = byTarget();
        newTargets.forEach(t -> m.put(t.targetId(), t));
        List<ShardEntry> s = new ArrayList<>(shards);
        s.addAll(newShards);
        s.sort(Comparator.comparingInt(ShardEntry::seq).thenComparingInt(ShardEntry::zoom));
        return new FeatureManifest(version + 1, featureVersion, zooms, modalities, s, new ArrayList<>(m.values()));
    }
}
