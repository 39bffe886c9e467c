package org.hisscube.features;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hisscube.contracts.store.ObjectStore;

/**
 * The training data in the object store: shards under {@code features/shards/z<zoom>/shard-<seq>.h5} and the
 * manifest, each version kept as {@code features/manifests/manifest-<version>.json} and the latest also at
 * {@value #MANIFEST_KEY}. Appending writes every zoom's shard first and the manifest last, so a reader never sees
 * a manifest naming a shard that is not complete; a crash between the two leaves a shard no manifest names, and the
 * next append (same shard number, same rows for the same input) overwrites it. One writer at a time.
 */
public final class ShardStore {
    public static final String MANIFEST_KEY = "features/manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final ObjectStore store;
    private final Path scratch;
    private final List<Integer> zooms;
    private final List<String> modalities;

    public ShardStore(ObjectStore store, Path scratch, List<Integer> zooms, List<String> modalities) {
        this.store = store;
        this.scratch = scratch;
        this.zooms = List.copyOf(zooms);
        this.modalities = List.copyOf(modalities);
    }

    public static String shardKey(int zoom, int seq) {
        return String.format(Locale.ROOT, "features/shards/z%d/shard-%06d.h5", zoom, seq);
    }

    public static String manifestKey(int version) {
        return String.format(Locale.ROOT, "features/manifests/manifest-%06d.json", version);
    }

    /** The latest manifest, or an empty one (version 0). */
    public FeatureManifest manifest() {
        if (store.stat(MANIFEST_KEY).isEmpty()) {
            return FeatureManifest.empty(zooms, modalities);
        }
        try {
            return JSON.readValue(store.getBytes(MANIFEST_KEY), FeatureManifest.class);
        } catch (IOException e) {
            throw new FeaturesException(MANIFEST_KEY + " in bucket " + store.bucket() + " is not a manifest: "
                    + e.getMessage(), e);
        }
    }

    /** A manifest version. */
    public FeatureManifest manifest(int version) {
        try {
            return JSON.readValue(store.getBytes(manifestKey(version)), FeatureManifest.class);
        } catch (IOException e) {
            throw new FeaturesException(manifestKey(version) + " is not a manifest: " + e.getMessage(), e);
        }
    }

    /** The result of an append: the manifest now, the targets written and those skipped as already there. */
    public record Appended(FeatureManifest manifest, List<Long> written, List<Long> skipped, long bytes) {
    }

    /**
     * Appends a batch: each element is one target's features at every configured zoom. A target whose version the
     * manifest already holds (or a newer one) is skipped — a replayed event changes nothing; within the batch the
     * highest version of a target wins.
     */
    public Appended append(FeatureManifest current, List<List<TargetFeatures>> batch) {
        Map<Long, List<TargetFeatures>> latest = new java.util.TreeMap<>();
        List<Long> skipped = new ArrayList<>();
        Map<Long, FeatureManifest.TargetEntry> live = current.byTarget();
        for (List<TargetFeatures> t : batch) {
            TargetFeatures f = t.get(0);
            FeatureManifest.TargetEntry have = live.get(f.targetId());
            List<TargetFeatures> other = latest.get(f.targetId());
            if ((have != null && have.version() >= f.targetVersion())
                    || (other != null && other.get(0).targetVersion() >= f.targetVersion())) {
                skipped.add(f.targetId());
                continue;
            }
            latest.put(f.targetId(), t);
        }
        if (latest.isEmpty()) {
            return new Appended(current, List.of(), skipped, 0);
        }
        int seq = current.nextSeq();
        List<FeatureManifest.ShardEntry> shards = new ArrayList<>();
        long bytes = 0;
        for (int zi = 0; zi < zooms.size(); zi++) {
            int zoom = zooms.get(zi);
            List<TargetFeatures> rows = new ArrayList<>();
            for (List<TargetFeatures> t : latest.values()) {
                rows.add(t.stream().filter(f -> f.zoom() == zoom).findFirst().orElseThrow(() -> new FeaturesException(
                        "target " + t.get(0).targetId() + " has no features at zoom " + zoom)));
            }
            Path tmp = scratch.resolve(String.format(Locale.ROOT, "shard-z%d-%06d.h5", zoom, seq));
            try {
                Files.createDirectories(scratch);
                long size = ShardFile.write(tmp, zoom, seq, rows);
                String sha = sha256(tmp);
                try (InputStream in = Files.newInputStream(tmp)) {
                    store.put(shardKey(zoom, seq), in, size, "application/x-hdf5", Map.of("shard", Integer.toString(seq),
                            "zoom", Integer.toString(zoom), "sha256", sha));
                }
                shards.add(new FeatureManifest.ShardEntry(seq, zoom, shardKey(zoom, seq), rows.size(), size, sha));
                bytes += size;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write shard " + seq + " at zoom " + zoom, e);
            } finally {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // scratch is cleaned at the next start
                }
            }
        }
        List<FeatureManifest.TargetEntry> entries = new ArrayList<>();
        int row = 0;
        for (List<TargetFeatures> t : latest.values()) {
            TargetFeatures f = t.get(0);
            entries.add(new FeatureManifest.TargetEntry(f.targetId(), f.targetVersion(), f.className(),
                    f.split().label(), seq, row++));
        }
        FeatureManifest next = current.plus(shards, entries);
        try {
            byte[] json = JSON.writeValueAsBytes(next);
            store.put(manifestKey(next.version()), json, "application/json", Map.of());
            store.put(MANIFEST_KEY, json, "application/json", Map.of("version", Integer.toString(next.version())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode manifest " + next.version(), e);
        }
        return new Appended(next, new ArrayList<>(latest.keySet()), skipped, bytes);
    }

    /** Reads the live rows of one zoom (by the manifest), shard by shard, in target-id order. */
    public List<TargetFeatures> liveRows(FeatureManifest manifest, int zoom) {
        Map<Integer, List<FeatureManifest.TargetEntry>> bySeq = new java.util.TreeMap<>();
        manifest.targets().forEach(t -> bySeq.computeIfAbsent(t.shard(), k -> new ArrayList<>()).add(t));
        Map<Long, TargetFeatures> out = new java.util.TreeMap<>();
        for (Map.Entry<Integer, List<FeatureManifest.TargetEntry>> e : bySeq.entrySet()) {
            ShardFile.Shard shard = readShard(manifest.shard(e.getKey(), zoom));
            for (FeatureManifest.TargetEntry t : e.getValue()) {
                TargetFeatures f = shard.rows().get(t.row());
                if (f.targetId() != t.targetId() || f.targetVersion() != t.version()) {
                    throw new FeaturesException(shardKey(zoom, e.getKey()) + " row " + t.row() + " holds target "
                            + f.targetId() + " v" + f.targetVersion() + ", the manifest says " + t.targetId() + " v"
                            + t.version());
                }
                out.put(t.targetId(), f);
            }
        }
        return new ArrayList<>(out.values());
    }

    /** Downloads and reads one shard (checking its sha256 against the manifest). */
    public ShardFile.Shard readShard(FeatureManifest.ShardEntry entry) {
        Path tmp = scratch.resolve("read-" + entry.zoom() + "-" + entry.seq() + "-" + System.nanoTime() + ".h5");
        try {
            Files.createDirectories(scratch);
            try (InputStream in = store.get(entry.key())) {
                Files.copy(in, tmp);
            }
            String sha = sha256(tmp);
            if (!sha.equals(entry.sha256())) {
                throw new FeaturesException(entry.key() + ": sha256 " + sha + ", the manifest says " + entry.sha256());
            }
            return ShardFile.read(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + entry.key(), e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // scratch is cleaned at the next start
            }
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file),
                MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** JSON of a manifest, for printing. */
    public static String toJson(FeatureManifest m) {
        try {
            return JSON.writeValueAsString(m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
