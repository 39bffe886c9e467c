package org.hisscube.science.hdf5;

import io.jhdf.api.DatasetCreationOptions;

/**
 * How the big arrays of a segment (image data/errors, spectrum flux/errors/wavelength) are stored. Small metadata is
 * always contiguous.
 */
public enum SegmentCompression {
    /** Contiguous, uncompressed (the default): the fastest to write and to read a hyperslab from. */
    NONE,
    /**
     * Chunked ({@value #IMAGE_CHUNK_ROWS} rows × full width for images, whole array for 1-D arrays), byte shuffle
     * then deflate level 1: standard HDF5 filters (ids 2 and 1) that h5py and h5dump read without plugins. Saves
     * little on sky-noise-dominated float32 images and costs much more time to write (see the package comment).
     */
    SHUFFLE_DEFLATE;

    /** Rows per chunk of a compressed image. */
    public static final int IMAGE_CHUNK_ROWS = 128;

    /** Creation options for an array of the given dimensions. */
    DatasetCreationOptions options(int... dims) {
        if (this == NONE) {
            return DatasetCreationOptions.DEFAULT;
        }
        int[] chunk = dims.clone();
        if (chunk.length == 2) {
            chunk[0] = Math.min(dims[0], IMAGE_CHUNK_ROWS);
        }
        return DatasetCreationOptions.builder().chunkDimensions(chunk).shuffle().deflate(1).build();
    }
}
