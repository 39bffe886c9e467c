package org.hisscube.features;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hisscube.contracts.events.Modality;

/**
 * Embeddings of one target at one zoom, per modality and fused. Until a trained encoder of a modality is loaded, the
 * modality's own non-learned embedding is used ({@link FeatureModality#embed}: the image's radial profile, the
 * spectrum in 32 bins, the photometry vector) under the encoder version {@value #BASELINE}; the fused embedding
 * ({@link Modality#MULTI}) is the concatenation of the others in modality order.
 */
public final class Embeddings {
    public static final String BASELINE = "baseline-1";

    /** One embedding and the encoder that made it. */
    public record Embedding(Modality modality, String encoderVersion, float[] vector) {
    }

    private Embeddings() {
    }

    /** The baseline embeddings of every modality and the fused one, in modality order, MULTI last. */
    public static List<Embedding> baseline(Featurizer featurizer, TargetFeatures f) {
        Map<Modality, float[]> each = new LinkedHashMap<>();
        for (FeatureModality m : featurizer.modalities()) {
            each.put(m.modality(), m.embed(f.tensor(m.name()), f.zoom()));
        }
        List<Embedding> out = new ArrayList<>();
        int total = 0;
        for (Map.Entry<Modality, float[]> e : each.entrySet()) {
            out.add(new Embedding(e.getKey(), BASELINE, e.getValue()));
            total += e.getValue().length;
        }
        float[] fused = new float[total];
        int at = 0;
        for (float[] v : each.values()) {
            System.arraycopy(v, 0, fused, at, v.length);
            at += v.length;
        }
        out.add(new Embedding(Modality.MULTI, BASELINE, fused));
        return out;
    }
}
