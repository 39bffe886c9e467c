package org.hisscube.vg;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hisscube.vg.VisualGenomeJson.AnnotatedObject;
import org.hisscube.vg.VisualGenomeJson.Image;
import org.hisscube.vg.VisualGenomeJson.ImageObjects;
import org.hisscube.vg.VisualGenomeJson.ImageRegions;
import org.hisscube.vg.VisualGenomeJson.Region;

/**
 * Turns a Visual Genome folder into labelled examples, one per annotated object of the top-k categories: the object's
 * box cropped from its image and resized to {@code size × size} RGB, and its text — the phrases of the region
 * descriptions whose box overlaps the object's (intersection over union ≥ {@value #MIN_IOU}) — with every label word
 * masked.
 * <ul>
 *   <li>The category of an object is its first name, lower case (Visual Genome's own names; {@code names[0]} is the
 *       annotator's word, later names are aliases).</li>
 *   <li>The top-k categories are counted in a first pass over {@code objects.json} (streamed).</li>
 *   <li><b>Masking</b>: every word of any top-k category, of the object's own names and of its synsets' lemmas
 *       ({@code ball.n.01} → ball) is replaced by {@value #MASK}, with simple plurals (-s, -es); otherwise the text
 *       would name the class and a text model would be trivially perfect.</li>
 *   <li>{@code objects.json} and {@code region_descriptions.json} are read side by side, entry by entry: Visual
 *       Genome lists the images in the same order in both. An image missing from either file is stepped over (the
 *       regions file may run up to {@value #LOOKAHEAD} entries ahead); an image whose regions are missing gets no
 *       text.</li>
 *   <li>The files and images come from a {@link VisualGenomeSource}: a folder or a prefix in the object store.</li>
 * </ul>
 */
public final class RegionExamples {
    public static final double MIN_IOU = 0.5;
    public static final String MASK = "[mask]";
    /** How far the regions file may run ahead of the objects file (image entries). */
    static final int LOOKAHEAD = 256;
    private static final Pattern WORD = Pattern.compile("[A-Za-z][A-Za-z'-]*");

    /** One example: ids, category, masked text and the crop as planar RGB in [0, 1] ({@code [3][size][size]}). */
    public record Example(long imageId, long objectId, String category, String text, float[] crop, int size) {
    }

    /**
     * What a pass kept and skipped, for the report: regions whose image is missing or unreadable are skipped and
     * counted (the first 20 unreadable images named in {@code problems}), never fatal.
     */
    public record Counts(long images, long objects, long kept, long otherCategory, long noImage, long badImage,
            long tinyBox, long withoutText, List<String> problems) {
        public Counts {
            problems = List.copyOf(problems);
        }
    }

    private RegionExamples() {
    }

    /** The {@code k} most frequent categories (first names), most frequent first; ties by name. */
    public static List<String> topCategories(Path objectsJson, int k) {
        return topCategories(VisualGenomeJson.objects(objectsJson), k);
    }

    /** The same, from a source's {@code objects.json}. */
    public static List<String> topCategories(VisualGenomeSource source, int k) {
        return topCategories(VisualGenomeJson.objects(source.open("objects.json")), k);
    }

    private static List<String> topCategories(VisualGenomeJson.Entries<ImageObjects> objectsJson, int k) {
        Map<String, Long> counts = new HashMap<>();
        try (var entries = objectsJson) {
            while (entries.hasNext()) {
                for (AnnotatedObject o : entries.next().objects()) {
                    counts.merge(category(o), 1L, Long::sum);
                }
            }
        }
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(k).map(Map.Entry::getKey).toList();
    }

    /** An object's category: its first name, trimmed, lower case. */
    public static String category(AnnotatedObject o) {
        return o.names().get(0).trim().toLowerCase(Locale.ROOT);
    }

    /**
     * Streams the examples of {@code categories} (at most {@code max}, 0 = all) to {@code each}.
     *
     * @param dir a Visual Genome folder: {@code image_data.json}, {@code objects.json},
     *            {@code region_descriptions.json} (each may be {@code .json.gz}) and the images
     */
    public static Counts read(Path dir, List<String> categories, int size, long max, Consumer<Example> each) {
        return read(VisualGenomeSource.folder(dir), categories, size, max, each);
    }

    /** The same from any source: a folder or a prefix in the object store. */
    public static Counts read(VisualGenomeSource source, List<String> categories, int size, long max,
            Consumer<Example> each) {
        if (size < 8 || size > 256) {
            throw new IllegalArgumentException("crop size must be 8..256, not " + size);
        }
        Map<Long, Image> images = new HashMap<>();
        try (var entries = VisualGenomeJson.images(source.open("image_data.json"))) {
            entries.forEachRemaining(i -> images.put(i.imageId(), i));
        }
        Set<String> labels = new HashSet<>(categories);
        Set<String> categoryWords = new HashSet<>();
        categories.forEach(c -> categoryWords.addAll(words(c)));
        long nImages = 0;
        long nObjects = 0;
        long kept = 0;
        long other = 0;
        long noImage = 0;
        long tiny = 0;
        long withoutText = 0;
        long badImage = 0;
        List<String> problems = new ArrayList<>();
        try (var objects = VisualGenomeJson.objects(source.open("objects.json"));
                var regions = VisualGenomeJson.regions(source.open("region_descriptions.json"))) {
            // regions entries read ahead of the objects file, oldest first, at most LOOKAHEAD of them
            Map<Long, List<Region>> ahead = new LinkedHashMap<>();
            while (objects.hasNext() && (max <= 0 || kept < max)) {
                ImageObjects entry = objects.next();
                nImages++;
                // the regions entry of the same image: both files list the images in the same order, so it is the
                // next one, or one read ahead when the regions file has an image the objects file lacks
                List<Region> imageRegions = ahead.remove(entry.imageId());
                for (int read = 0; imageRegions == null && read < LOOKAHEAD && regions.hasNext(); read++) {
                    ImageRegions r = regions.next();
                    if (r.imageId() == entry.imageId()) {
                        imageRegions = r.regions();
                    } else {
                        ahead.put(r.imageId(), r.regions());
                        if (ahead.size() > LOOKAHEAD) {
                            ahead.remove(ahead.keySet().iterator().next());
                        }
                    }
                }
                if (imageRegions == null) {
                    imageRegions = List.of();
                }
                List<AnnotatedObject> wanted = new ArrayList<>();
                for (AnnotatedObject o : entry.objects()) {
                    nObjects++;
                    if (!labels.contains(category(o))) {
                        other++;
                    } else if (o.w() < 4 || o.h() < 4) {
                        tiny++;
                    } else {
                        wanted.add(o);
                    }
                }
                if (wanted.isEmpty()) {
                    continue;
                }
                Image meta = images.get(entry.imageId());
                BufferedImage picture;
                try {
                    picture = source.image(meta == null ? null : meta.url(), entry.imageId());
                } catch (VisualGenomeException e) {
                    // a corrupt image loses its regions, not the run
                    badImage += wanted.size();
                    if (problems.size() < 20) {
                        problems.add(e.getMessage());
                    }
                    continue;
                }
                if (picture == null) {
                    noImage += wanted.size();
                    continue;
                }
                for (AnnotatedObject o : wanted) {
                    if (max > 0 && kept >= max) {
                        break;
                    }
                    float[] crop = crop(picture, o.x(), o.y(), o.w(), o.h(), size);
                    if (crop == null) {
                        tiny++;
                        continue;
                    }
                    String text = mask(text(o, imageRegions), maskWords(o, categoryWords));
                    if (text.isBlank()) {
                        withoutText++;
                    }
                    kept++;
                    each.accept(new Example(entry.imageId(), o.objectId(), category(o), text, crop, size));
                }
            }
        }
        return new Counts(nImages, nObjects, kept, other, noImage, badImage, tiny, withoutText, problems);
    }

    /** The phrases of the regions that overlap the object's box (IoU ≥ {@link #MIN_IOU}), best overlap first. */
    static String text(AnnotatedObject o, List<Region> regions) {
        List<Map.Entry<Double, String>> hits = new ArrayList<>();
        for (Region r : regions) {
            double iou = iou(o.x(), o.y(), o.w(), o.h(), r.x(), r.y(), r.width(), r.height());
            if (iou >= MIN_IOU && !r.phrase().isBlank()) {
                hits.add(Map.entry(iou, r.phrase().trim()));
            }
        }
        hits.sort(Map.Entry.<Double, String>comparingByKey().reversed());
        return String.join(" . ", new LinkedHashSet<>(hits.stream().map(Map.Entry::getValue).toList()));
    }

    static double iou(int ax, int ay, int aw, int ah, int bx, int by, int bw, int bh) {
        long ix = Math.max(0, Math.min(ax + aw, bx + bw) - Math.max(ax, bx));
        long iy = Math.max(0, Math.min(ay + ah, by + bh) - Math.max(ay, by));
        long inter = ix * iy;
        long union = (long) aw * ah + (long) bw * bh - inter;
        return union <= 0 ? 0 : inter / (double) union;
    }

    /** The words to mask for an object: the categories', its names' and its synsets' lemmas. */
    static Set<String> maskWords(AnnotatedObject o, Set<String> categoryWords) {
        Set<String> m = new HashSet<>(categoryWords);
        o.names().forEach(n -> m.addAll(words(n)));
        for (String s : o.synsets()) {
            int dot = s.indexOf('.');
            m.addAll(words((dot < 0 ? s : s.substring(0, dot)).replace('_', ' ')));
        }
        return m;
    }

    /** Replaces every word of {@code words} (and its plural in -s / -es) by {@link #MASK}. */
    public static String mask(String text, Set<String> words) {
        Matcher m = WORD.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String w = m.group().toLowerCase(Locale.ROOT);
            boolean hit = words.contains(w) || (w.endsWith("s") && words.contains(w.substring(0, w.length() - 1)))
                    || (w.endsWith("es") && words.contains(w.substring(0, w.length() - 2)));
            m.appendReplacement(out, Matcher.quoteReplacement(hit ? MASK : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static List<String> words(String s) {
        List<String> l = new ArrayList<>();
        Matcher m = WORD.matcher(s);
        while (m.find()) {
            l.add(m.group().toLowerCase(Locale.ROOT));
        }
        return l;
    }

    /** The box cut from the image (clipped to it) and resized to size × size, planar RGB in [0, 1]; null if empty. */
    static float[] crop(BufferedImage picture, int x, int y, int w, int h, int size) {
        int x0 = Math.max(0, x);
        int y0 = Math.max(0, y);
        int x1 = Math.min(picture.getWidth(), x + w);
        int y1 = Math.min(picture.getHeight(), y + h);
        if (x1 - x0 < 2 || y1 - y0 < 2) {
            return null;
        }
        BufferedImage scaled = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(picture, 0, 0, size, size, x0, y0, x1, y1, null);
        g.dispose();
        return planar(scaled);
    }

    /** A square image as planar RGB in [0, 1] ({@code [3][size][size]}, row by row). */
    static float[] planar(BufferedImage image) {
        int size = image.getWidth();
        int plane = size * size;
        float[] out = new float[3 * plane];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int rgb = image.getRGB(x, y);
                int i = y * size + x;
                out[i] = ((rgb >> 16) & 0xff) / 255f;
                out[plane + i] = ((rgb >> 8) & 0xff) / 255f;
                out[2 * plane + i] = (rgb & 0xff) / 255f;
            }
        }
        return out;
    }

    /** Sorts examples by (image, object) id: a stable order for splits and reports. */
    public static final Comparator<Example> ORDER = Comparator.comparingLong(Example::imageId)
            .thenComparingLong(Example::objectId);
}
