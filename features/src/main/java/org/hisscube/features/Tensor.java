package org.hisscube.features;

import java.util.Arrays;

/**
 * One modality of one target at one zoom, as a model reads it: {@code values} (row-major, {@code shape}), its 1σ in
 * the same units and a mask (1 = a measured sample, 0 = missing; a missing sample has value 0 and σ 0, never NaN).
 *
 * @param modality the modality's name (its dataset name in the shards)
 * @param scale    the modality's normalisation constant (the spectrum's median flux; 1 where none)
 */
public record Tensor(String modality, int[] shape, float[] values, float[] sigma, byte[] mask, double scale) {
    public Tensor {
        int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        if (values.length != n || sigma.length != n || mask.length != n) {
            throw new IllegalArgumentException(modality + ": shape " + Arrays.toString(shape) + " holds " + n
                    + " values, got " + values.length + "/" + sigma.length + "/" + mask.length);
        }
    }

    public int length() {
        return values.length;
    }

    /** Exactly the same numbers (bit for bit) as another tensor. */
    public boolean sameAs(Tensor o) {
        return modality.equals(o.modality) && Arrays.equals(shape, o.shape) && Arrays.equals(values, o.values)
                && Arrays.equals(sigma, o.sigma) && Arrays.equals(mask, o.mask)
                && Double.doubleToLongBits(scale) == Double.doubleToLongBits(o.scale);
    }
}
