/**
 * HDF5 segment files of the cube, written with jHDF as new, complete files: one {@link
 * org.hisscube.science.hdf5.ImageSegmentWriter image segment} per frame (every zoom of data and errors, the WCS of
 * each zoom, metadata, HEALPix order-10 footprint from {@link org.hisscube.science.hdf5.FrameFootprint}, FITS
 * header) and one {@link org.hisscube.science.hdf5.SpectrumSegmentWriter spectrum segment} per spectrum. Both carry
 * NeXus attributes (NXroot → default NXdata with an "errors" field) so that h5py, h5dump and H5Web open them.
 * {@link org.hisscube.science.hdf5.ImageSegmentReader} reads an image segment back (source, filter, MJD and the
 * zoom pyramid, bit for bit).
 *
 * <p>Files are reproducible byte for byte (jHDF's platform stamp attribute is removed; the file is written to a fresh
 * temporary file and moved into place because jHDF does not truncate an existing file) and written atomically;
 * every file is checked to be readable before it is moved into place (see {@link
 * org.hisscube.science.hdf5.SegmentFiles} for a jHDF 0.13.0 bug this guards against).
 *
 * <p>Sizes and times (r frame 002820-3-0122, 4 zooms, 2-core build machine, printed by {@code
 * ImageSegmentWriterTest}): contiguous 32,410,733 bytes (data + errors of 4 zooms: 32,395,264 bytes of float32,
 * ~15 kB of metadata). A warm write takes ~35 ms on one core: the HEALPix footprint ~4 ms; copying the pyramid into
 * the {@code float[height][width]} rows jHDF takes ~6 ms (the rows are reused from segment to segment, see {@link
 * org.hisscube.science.hdf5.ImageSegmentWriter}); jHDF's encoding and the kernel's page-cache writes ~20 ms (jHDF
 * writes one row per call; {@link org.hisscube.science.hdf5.SegmentFiles} gathers them into 1 MB writes, which halves
 * the kernel's share); the read-back check ~1 ms. Writes in a fresh JVM are slower until the JIT has compiled the
 * code (0.1–0.3 s for the very first). {@link
 * org.hisscube.science.hdf5.SegmentCompression#SHUFFLE_DEFLATE} gives 17,985,682 bytes (55 %) but takes ~1.1 s, so
 * contiguous storage is the default. A spectrum segment is ~146 kB.
 */
package org.hisscube.science.hdf5;
