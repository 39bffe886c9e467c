package org.hisscube.vg;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.hisscube.contracts.store.ObjectStore;

/**
 * Where a Visual Genome download lies: a folder, or a prefix in the object store (the same layout under it). Both give
 * the three JSON files as streams ({@code name} or {@code name.gz}) and an image by its entry.
 * <p>An image is looked for as the last two segments of its {@code url} ({@code VG_100K_2/1.jpg}), then as
 * {@code <image_id>.jpg} at the top, in {@code VG_100K/}, {@code VG_100K_2/} and {@code images/}; a url that would
 * lead out of the folder or prefix is not followed.
 */
public interface VisualGenomeSource {
    /** A JSON file opened: the name it was found under (for messages) and its bytes, decompressed when gzipped. */
    record Opened(String name, InputStream in) {
    }

    /** For messages: the folder or {@code s3://bucket/prefix}. */
    String describe();

    /** {@code name}, or {@code name.gz}; a {@link VisualGenomeException} when neither is there. */
    Opened open(String name);

    /** The image of an entry, or null when there is none. */
    BufferedImage image(String url, long imageId);

    /** The relative paths an image may have. */
    static List<String> imageCandidates(String url, long imageId) {
        List<String> c = new ArrayList<>();
        if (url != null) {
            String[] parts = url.split("/");
            if (parts.length >= 2 && parts[parts.length - 2].matches("[A-Za-z0-9_.-]+")
                    && parts[parts.length - 1].matches("[A-Za-z0-9_-]+\\.(jpg|jpeg|png)")
                    && !parts[parts.length - 2].startsWith(".")) {
                c.add(parts[parts.length - 2] + "/" + parts[parts.length - 1]);
            }
        }
        for (String sub : new String[] {"", "VG_100K/", "VG_100K_2/", "images/"}) {
            c.add(sub + imageId + ".jpg");
        }
        return c;
    }

    /** A downloaded folder. */
    static VisualGenomeSource folder(Path dir) {
        return new VisualGenomeSource() {
            @Override
            public String describe() {
                return dir.toString();
            }

            @Override
            public Opened open(String name) {
                for (String n : List.of(name, name + ".gz")) {
                    Path p = dir.resolve(n);
                    if (Files.isRegularFile(p)) {
                        try {
                            return new Opened(p.toString(), Files.newInputStream(p));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                }
                throw new VisualGenomeException(dir + ": no " + name + " (nor " + name + ".gz): not a Visual Genome "
                        + "folder");
            }

            @Override
            public BufferedImage image(String url, long imageId) {
                for (String rel : imageCandidates(url, imageId)) {
                    Path p = dir.resolve(rel);
                    if (Files.isRegularFile(p)) {
                        try {
                            return decode(p.toString(), Files.newInputStream(p));
                        } catch (IOException e) {
                            throw new VisualGenomeException(p + ": cannot read: " + e.getMessage(), e);
                        }
                    }
                }
                return null;
            }
        };
    }

    /** A download copied into the object store under {@code prefix} (e.g. {@code datasets/visual-genome/}). */
    static VisualGenomeSource store(ObjectStore store, String prefix) {
        String p = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
        return new VisualGenomeSource() {
            @Override
            public String describe() {
                return "s3://" + store.bucket() + "/" + p;
            }

            @Override
            public Opened open(String name) {
                for (String n : List.of(name, name + ".gz")) {
                    if (store.stat(p + n).isPresent()) {
                        return new Opened(describe() + n, store.get(p + n));
                    }
                }
                throw new VisualGenomeException(describe() + ": no " + name + " (nor " + name + ".gz): not a Visual "
                        + "Genome prefix");
            }

            @Override
            public BufferedImage image(String url, long imageId) {
                for (String rel : imageCandidates(url, imageId)) {
                    if (store.stat(p + rel).isPresent()) {
                        return decode(describe() + rel, new ByteArrayInputStream(store.getBytes(p + rel)));
                    }
                }
                return null;
            }
        };
    }

    private static BufferedImage decode(String where, InputStream in) {
        try (in) {
            BufferedImage b = ImageIO.read(in);
            if (b == null) {
                throw new VisualGenomeException(where + ": not an image ImageIO can read");
            }
            return b;
        } catch (IOException e) {
            throw new VisualGenomeException(where + ": not a readable image: " + e.getMessage(), e);
        }
    }
}
