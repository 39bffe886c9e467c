package org.hisscube.learning;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.hisscube.contracts.store.ObjectStore;

/**
 * Which model version is live per kind and zoom: {@code models/live/<kind>-z<zoom>.json} in the object store (the
 * registry's pointer; the model itself is {@code models/<model-id>/}).
 */
public final class LiveModels {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ObjectStore store;

    /** A live pointer. */
    public record Live(@JsonProperty("model_id") String modelId, @JsonProperty("version") int version,
            @JsonProperty("validation_macro_f1") double validationMacroF1,
            @JsonProperty("manifest_version") int manifestVersion) {
    }

    public LiveModels(ObjectStore store) {
        this.store = store;
    }

    static String key(String kind, int zoom) {
        return "models/live/" + kind + "-z" + zoom + ".json";
    }

    public Optional<Live> get(String kind, int zoom) {
        String key = key(kind, zoom);
        if (store.stat(key).isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(store.getBytes(key), Live.class));
        } catch (IOException e) {
            throw new IllegalStateException(key + " is not a live-model pointer: " + e.getMessage(), e);
        }
    }

    public void set(String kind, int zoom, Live live) {
        try {
            store.put(key(kind, zoom), JSON.writeValueAsBytes(live), "application/json", Map.of());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The next version number of a kind and zoom (1 for the first). */
    public int nextVersion(String kind, int zoom) {
        int max = 0;
        for (String k : store.list("models/" + kind + "-z" + zoom + "-v")) {
            String id = k.substring("models/".length(), k.indexOf('/', "models/".length()));
            max = Math.max(max, Integer.parseInt(id.substring(id.lastIndexOf("-v") + 2)));
        }
        return max + 1;
    }
}
