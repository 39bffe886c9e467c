package org.hisscube.vg;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;

/**
 * Reads Visual Genome's own published JSON files, unchanged, one image entry at a time (the real files are gigabytes:
 * nothing but the current entry is held):
 * <ul>
 *   <li>{@code image_data.json}: {@code [{"image_id", "url", "width", "height", "coco_id", "flickr_id"}, …]};</li>
 *   <li>{@code objects.json}: {@code [{"image_id", "objects": [{"object_id", "names": [...], "synsets": [...], "x",
 *       "y", "w", "h", "merged_object_ids", …}], "image_url"}, …]} (version 1.0's single {@code "name"} is read as
 *       one name);</li>
 *   <li>{@code region_descriptions.json}: {@code [{"id", "regions": [{"region_id", "image_id", "x", "y", "width",
 *       "height", "phrase"}]}, …]} (the entry's image id is {@code "id"}, or {@code "image_id"}).</li>
 * </ul>
 * Fields not named here are skipped, {@code null} lists read as empty, {@code .gz} files are decompressed on the fly.
 * A file that is not such JSON is refused with a {@link VisualGenomeException} naming the file, the line and column,
 * and what was wrong.
 */
public final class VisualGenomeJson {
    private static final JsonFactory JSON = new JsonFactory();

    private VisualGenomeJson() {
    }

    /** An image of {@code image_data.json}. */
    public record Image(long imageId, String url, int width, int height) {
    }

    /** An annotated object: its box (x, y, w, h in pixels of the image), names (≥ 1) and WordNet synsets. */
    public record AnnotatedObject(long objectId, List<String> names, List<String> synsets, int x, int y, int w, int h) {
        public AnnotatedObject {
            names = List.copyOf(names);
            synsets = List.copyOf(synsets);
        }
    }

    /** A region description: its box and phrase. */
    public record Region(long regionId, int x, int y, int width, int height, String phrase) {
    }

    /** One entry of {@code objects.json}. */
    public record ImageObjects(long imageId, List<AnnotatedObject> objects) {
        public ImageObjects {
            objects = List.copyOf(objects);
        }
    }

    /** One entry of {@code region_descriptions.json}. */
    public record ImageRegions(long imageId, List<Region> regions) {
        public ImageRegions {
            regions = List.copyOf(regions);
        }
    }

    /** The entries of {@code image_data.json}, in file order. Close it. */
    public static Entries<Image> images(Path file) {
        return images(opened(file));
    }

    /** The entries of {@code objects.json}, in file order. Close it. */
    public static Entries<ImageObjects> objects(Path file) {
        return objects(opened(file));
    }

    /** The entries of {@code region_descriptions.json}, in file order. Close it. */
    public static Entries<ImageRegions> regions(Path file) {
        return regions(opened(file));
    }

    public static Entries<Image> images(VisualGenomeSource.Opened file) {
        return new Entries<>(file, VisualGenomeJson::image);
    }

    public static Entries<ImageObjects> objects(VisualGenomeSource.Opened file) {
        return new Entries<>(file, VisualGenomeJson::imageObjects);
    }

    public static Entries<ImageRegions> regions(VisualGenomeSource.Opened file) {
        return new Entries<>(file, VisualGenomeJson::imageRegions);
    }

    private static VisualGenomeSource.Opened opened(Path file) {
        try {
            return new VisualGenomeSource.Opened(file.toString(), Files.newInputStream(file));
        } catch (IOException e) {
            throw new VisualGenomeException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private interface EntryReader<T> {
        T read(Entries<T> e) throws IOException;
    }

    /** A file's top-level array, entry by entry. */
    public static final class Entries<T> implements Iterator<T>, Closeable {
        private final String file;
        private final JsonParser parser;
        private final EntryReader<T> reader;
        private T next;
        private boolean done;
        private long index;

        private Entries(VisualGenomeSource.Opened opened, EntryReader<T> reader) {
            this.file = opened.name();
            this.reader = reader;
            try {
                InputStream in = opened.in();
                if (file.endsWith(".gz")) {
                    in = new GZIPInputStream(in, 1 << 16);
                }
                this.parser = JSON.createParser(in);
                JsonToken first = parser.nextToken();
                if (first != JsonToken.START_ARRAY) {
                    throw fail("expected the file to be a JSON array of image entries, found "
                            + (first == null ? "nothing" : first.asString() == null ? first : first.asString()));
                }
            } catch (IOException e) {
                throw wrap(e);
            }
        }

        @Override
        public boolean hasNext() {
            if (next == null && !done) {
                try {
                    JsonToken t = parser.nextToken();
                    if (t == JsonToken.END_ARRAY) {
                        done = true;
                        if (parser.nextToken() != null) {
                            throw fail("content after the end of the top-level array");
                        }
                    } else if (t == JsonToken.START_OBJECT) {
                        next = reader.read(this);
                        index++;
                    } else {
                        throw fail(t == null ? "the file ends inside the top-level array (truncated?)"
                                : "expected an image entry (a JSON object), found " + t);
                    }
                } catch (IOException e) {
                    throw wrap(e);
                }
            }
            return next != null;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            T t = next;
            next = null;
            return t;
        }

        /** Entries read so far. */
        public long count() {
            return index;
        }

        @Override
        public void close() {
            try {
                parser.close();
            } catch (IOException e) {
                throw wrap(e);
            }
        }

        VisualGenomeException fail(String what) {
            JsonLocation at = parser == null ? null : parser.currentTokenLocation();
            return new VisualGenomeException(file + (at == null ? "" : ": line " + at.getLineNr() + ", column "
                    + at.getColumnNr()) + " (entry " + (index + 1) + "): " + what);
        }

        private VisualGenomeException wrap(IOException e) {
            if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
                JsonLocation at = j.getLocation();
                return new VisualGenomeException(file + (at == null ? "" : ": line " + at.getLineNr() + ", column "
                        + at.getColumnNr()) + " (entry " + (index + 1) + "): malformed JSON: " + j.getOriginalMessage(),
                        e);
            }
            return new VisualGenomeException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static Image image(Entries<Image> e) throws IOException {
        JsonParser p = e.parser;
        Long id = null;
        String url = null;
        Integer width = null;
        Integer height = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken v = p.nextToken();
            switch (f) {
                case "image_id" -> id = longValue(e, f, v);
                case "id" -> id = preferFirst(id, e, f, v);
                case "url" -> url = v == JsonToken.VALUE_NULL ? null : p.getValueAsString();
                case "width" -> width = (int) longValue(e, f, v);
                case "height" -> height = (int) longValue(e, f, v);
                default -> p.skipChildren();
            }
        }
        require(e, id != null, "an image without \"image_id\"");
        require(e, width != null && height != null && width > 0 && height > 0,
                "image " + id + " without a positive \"width\" and \"height\"");
        return new Image(id, url, width, height);
    }

    private static ImageObjects imageObjects(Entries<ImageObjects> e) throws IOException {
        JsonParser p = e.parser;
        Long id = null;
        List<AnnotatedObject> objects = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken v = p.nextToken();
            switch (f) {
                case "image_id" -> id = longValue(e, f, v);
                case "id" -> id = preferFirst(id, e, f, v);
                case "objects" -> {
                    if (v == JsonToken.START_ARRAY) {
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            objects.add(object(e));
                        }
                    } else if (v != JsonToken.VALUE_NULL) {
                        throw e.fail("\"objects\" must be an array, not " + v);
                    }
                }
                default -> p.skipChildren();
            }
        }
        require(e, id != null, "an entry without \"image_id\"");
        return new ImageObjects(id, objects);
    }

    private static AnnotatedObject object(Entries<?> e) throws IOException {
        JsonParser p = e.parser;
        Long id = null;
        List<String> names = new ArrayList<>();
        List<String> synsets = new ArrayList<>();
        Integer x = null;
        Integer y = null;
        Integer w = null;
        Integer h = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken v = p.nextToken();
            switch (f) {
                case "object_id" -> id = longValue(e, f, v);
                case "id" -> id = preferFirst(id, e, f, v);
                case "names" -> strings(e, f, v, names);
                case "name" -> strings(e, f, v, names);
                case "synsets" -> strings(e, f, v, synsets);
                case "x" -> x = (int) longValue(e, f, v);
                case "y" -> y = (int) longValue(e, f, v);
                case "w" -> w = (int) longValue(e, f, v);
                case "h" -> h = (int) longValue(e, f, v);
                default -> p.skipChildren();
            }
        }
        require(e, id != null, "an object without \"object_id\"");
        require(e, x != null && y != null && w != null && h != null, "object " + id + " without x, y, w and h");
        require(e, !names.isEmpty(), "object " + id + " without a name");
        return new AnnotatedObject(id, names, synsets, x, y, w, h);
    }

    private static ImageRegions imageRegions(Entries<ImageRegions> e) throws IOException {
        JsonParser p = e.parser;
        Long id = null;
        List<Region> regions = new ArrayList<>();
        Long regionImage = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken v = p.nextToken();
            switch (f) {
                case "id", "image_id" -> id = longValue(e, f, v);
                case "regions" -> {
                    if (v == JsonToken.START_ARRAY) {
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            long[] image = new long[] {-1};
                            regions.add(region(e, image));
                            if (regionImage == null && image[0] >= 0) {
                                regionImage = image[0];
                            }
                        }
                    } else if (v != JsonToken.VALUE_NULL) {
                        throw e.fail("\"regions\" must be an array, not " + v);
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (id == null) {
            id = regionImage;
        }
        require(e, id != null, "an entry without \"id\" or \"image_id\"");
        return new ImageRegions(id, regions);
    }

    private static Region region(Entries<?> e, long[] image) throws IOException {
        JsonParser p = e.parser;
        Long id = null;
        Integer x = null;
        Integer y = null;
        Integer w = null;
        Integer h = null;
        String phrase = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken v = p.nextToken();
            switch (f) {
                case "region_id" -> id = longValue(e, f, v);
                case "id" -> id = preferFirst(id, e, f, v);
                case "image_id" -> image[0] = v == JsonToken.VALUE_NULL ? -1 : longValue(e, f, v);
                case "x" -> x = (int) longValue(e, f, v);
                case "y" -> y = (int) longValue(e, f, v);
                case "width" -> w = (int) longValue(e, f, v);
                case "height" -> h = (int) longValue(e, f, v);
                case "phrase" -> phrase = v == JsonToken.VALUE_NULL ? null : p.getValueAsString();
                default -> p.skipChildren();
            }
        }
        require(e, id != null, "a region without \"region_id\"");
        require(e, x != null && y != null && w != null && h != null, "region " + id
                + " without x, y, width and height");
        return new Region(id, x, y, w, h, phrase == null ? "" : phrase);
    }

    /** An older field name ({@code id}) read only when the current one has not given the id already. */
    private static Long preferFirst(Long current, Entries<?> e, String field, JsonToken v) throws IOException {
        long value = longValue(e, field, v);
        return current != null ? current : value;
    }

    private static long longValue(Entries<?> e, String field, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NUMBER_INT) {
            return e.parser.getLongValue();
        }
        if (v == JsonToken.VALUE_NUMBER_FLOAT) {
            return Math.round(e.parser.getDoubleValue());
        }
        throw e.fail("\"" + field + "\" must be a number, not " + (v == JsonToken.VALUE_STRING ? "the string \""
                + e.parser.getText() + "\"" : v));
    }

    private static void strings(Entries<?> e, String field, JsonToken v, List<String> into) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return;
        }
        if (v == JsonToken.VALUE_STRING) {
            into.add(e.parser.getText());
            return;
        }
        if (v != JsonToken.START_ARRAY) {
            throw e.fail("\"" + field + "\" must be a list of strings, not " + v);
        }
        JsonToken t;
        while ((t = e.parser.nextToken()) != JsonToken.END_ARRAY) {
            if (t == JsonToken.VALUE_STRING) {
                into.add(e.parser.getText());
            } else if (t != JsonToken.VALUE_NULL) {
                throw e.fail("\"" + field + "\" must be a list of strings; it holds " + t);
            }
        }
    }

    private static void require(Entries<?> e, boolean ok, String what) {
        if (!ok) {
            throw e.fail(what);
        }
    }
}
