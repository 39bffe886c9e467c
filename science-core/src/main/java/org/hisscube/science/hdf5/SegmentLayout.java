package org.hisscube.science.hdf5;

/**
 * Names shared by the segment writers and by whoever reads segments back (the layout itself is described in
 * {@link ImageSegmentWriter} and {@link SpectrumSegmentWriter}).
 */
public final class SegmentLayout {
    /** Version of the segment layout, root attribute {@value #ATTR_SCHEMA_VERSION}; bump on incompatible change. */
    public static final int SCHEMA_VERSION = 1;

    /** Root attribute: what the file is ({@value #KIND_IMAGE} or {@value #KIND_SPECTRUM}). */
    public static final String ATTR_KIND = "hisscube_kind";
    public static final String KIND_IMAGE = "image_segment";
    public static final String KIND_SPECTRUM = "spectrum_segment";
    /** Root attribute, int32. */
    public static final String ATTR_SCHEMA_VERSION = "schema_version";
    /** Root attribute: the SDSS file name the segment was made from. */
    public static final String ATTR_SOURCE_FILE = "source_file";
    /** Root attribute: number of zoom groups. */
    public static final String ATTR_ZOOM_COUNT = "zoom_count";
    /** Root attribute naming the software; fixed text, no version or platform, so that bytes stay reproducible. */
    public static final String ATTR_CREATOR = "creator";
    public static final String CREATOR = "HiSS-Cube Streams science-core (jHDF)";

    /** Group of metadata datasets (NeXus NXcollection). */
    public static final String METADATA = "metadata";
    /** NXdata dataset holding the 1-σ uncertainties of the signal (NeXus NXdata "errors" field). */
    public static final String ERRORS = "errors";

    /** Attribute jHDF adds to every file it writes ("jHDF - version - OS - arch - endianness"); we remove it. */
    static final String JHDF_STAMP_ATTRIBUTE = "_jHDF";

    private SegmentLayout() {
    }

    /** Name of the group of zoom z: {@code zoom_<z>}. */
    public static String zoomGroup(int zoom) {
        if (zoom < 0) {
            throw new IllegalArgumentException("zoom must be >= 0: " + zoom);
        }
        return "zoom_" + zoom;
    }
}
