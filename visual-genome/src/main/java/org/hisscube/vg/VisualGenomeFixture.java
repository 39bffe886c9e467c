package org.hisscube.vg;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Writes a small data set in Visual Genome's exact published format — {@code image_data.json}, {@code objects.json},
 * {@code region_descriptions.json} and JPEG images under {@code VG_100K/} — drawn with known shapes, so that a run on
 * it has a known answer. Four common categories and two rare ones:
 * <table>
 *   <caption>categories</caption>
 *   <tr><th>category</th><th>shape drawn</th><th>what its descriptions say</th></tr>
 *   <tr><td>ball</td><td>disc</td><td>toy words (toy, rubber, plastic, child's)</td></tr>
 *   <tr><td>plate</td><td>disc</td><td>kitchen words (kitchen, ceramic, dinner, porcelain)</td></tr>
 *   <tr><td>block</td><td>square</td><td>toy words</td></tr>
 *   <tr><td>tray</td><td>square</td><td>kitchen words</td></tr>
 *   <tr><td>kite, tree (rare)</td><td>triangle</td><td>sky / park words</td></tr>
 * </table>
 * The image tells the shape, the text tells toy from kitchen: each alone can separate two of the four common
 * categories, both together all four. Colours are random (no class signal), {@value #AMBIGUOUS_SHAPE} of the shapes are
 * drawn as a rounded square the image cannot place, and {@value #NEUTRAL_TEXT} of the descriptions have no toy or
 * kitchen word. Each object's description names it (the loader must mask the name), some objects carry two names
 * (e.g. {@code ["ball", "toy ball"]}), and every image has a distractor region that matches no object. Deterministic
 * for a seed.
 */
public final class VisualGenomeFixture {
    public static final double AMBIGUOUS_SHAPE = 0.15;
    public static final double NEUTRAL_TEXT = 0.15;
    static final int WIDTH = 160;
    static final int HEIGHT = 120;
    private static final String[] TOY = {"toy", "rubber", "plastic", "child's"};
    private static final String[] KITCHEN = {"kitchen", "ceramic", "dinner", "porcelain"};
    private static final String[] OUTDOOR = {"paper", "tall", "green", "flying"};
    private static final String[] PLACES = {"on the table", "near the window", "in the corner", "on the floor",
        "by the door", "next to the wall", "on the left", "on the right"};
    private static final String[] COLOURS = {"red", "blue", "yellow", "white", "black", "orange", "purple", "brown"};
    private static final Color[] RGB = {new Color(200, 40, 40), new Color(40, 70, 200), new Color(230, 210, 40),
        new Color(240, 240, 240), new Color(25, 25, 25), new Color(240, 140, 30), new Color(140, 50, 170),
        new Color(120, 80, 40)};
    private static final String[] DISTRACTORS = {"the wall is painted", "light falls on the floor",
        "a shadow on the ground", "the background is plain", "part of a room"};

    private record Category(String name, String synset, int shape, String[] words, String alias, double weight) {
    }

    private static final List<Category> CATEGORIES = List.of(
            new Category("ball", "ball.n.01", 0, TOY, "toy ball", 1.0),
            new Category("plate", "plate.n.04", 0, KITCHEN, "dinner plate", 1.0),
            new Category("block", "block.n.01", 1, TOY, "building block", 1.0),
            new Category("tray", "tray.n.01", 1, KITCHEN, "serving tray", 1.0),
            new Category("kite", "kite.n.03", 2, OUTDOOR, "paper kite", 0.08),
            new Category("tree", "tree.n.01", 2, OUTDOOR, "small tree", 0.08));

    private VisualGenomeFixture() {
    }

    /** What was written. */
    public record Written(Path dir, int images, int objects, int regions) {
    }

    /** The categories the fixture draws most often, which a top-4 selection must find. */
    public static List<String> commonCategories() {
        return CATEGORIES.stream().filter(c -> c.weight() >= 1).map(Category::name).toList();
    }

    /** Writes {@code images} images (1–3 objects each) and the three JSON files into {@code dir}. */
    public static Written write(Path dir, int images, long seed) {
        if (images < 1 || images > 200_000) {
            throw new IllegalArgumentException("images must be 1..200000, not " + images);
        }
        Random rnd = new Random(seed);
        JsonFactory json = new JsonFactory();
        int objects = 0;
        int regions = 0;
        long objectId = 1_000_000;
        long regionId = 5_000_000;
        try {
            Files.createDirectories(dir.resolve("VG_100K"));
            try (JsonGenerator img = json.createGenerator(dir.resolve("image_data.json").toFile(), JsonEncoding.UTF8);
                    JsonGenerator obj = json.createGenerator(dir.resolve("objects.json").toFile(), JsonEncoding.UTF8);
                    JsonGenerator reg = json.createGenerator(dir.resolve("region_descriptions.json").toFile(),
                            JsonEncoding.UTF8)) {
                img.writeStartArray();
                obj.writeStartArray();
                reg.writeStartArray();
                for (int i = 1; i <= images; i++) {
                    String url = "https://cs.stanford.edu/people/rak248/VG_100K/" + i + ".jpg";
                    img.writeStartObject();
                    img.writeNumberField("width", WIDTH);
                    img.writeStringField("url", url);
                    img.writeNumberField("height", HEIGHT);
                    img.writeNumberField("image_id", i);
                    img.writeNullField("coco_id");
                    img.writeNullField("flickr_id");
                    img.writeEndObject();

                    BufferedImage picture = background(rnd);
                    Graphics2D g = picture.createGraphics();
                    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
                    obj.writeStartObject();
                    obj.writeNumberField("image_id", i);
                    obj.writeArrayFieldStart("objects");
                    reg.writeStartObject();
                    reg.writeArrayFieldStart("regions");
                    int n = 1 + rnd.nextInt(3);
                    List<int[]> boxes = new ArrayList<>();
                    for (int k = 0; k < n; k++) {
                        int[] box = place(rnd, boxes);
                        if (box == null) {
                            break;
                        }
                        boxes.add(box);
                        Category c = pick(rnd);
                        int colour = rnd.nextInt(RGB.length);
                        boolean ambiguous = c.shape() < 2 && rnd.nextDouble() < AMBIGUOUS_SHAPE;
                        draw(g, box, ambiguous ? 3 : c.shape(), RGB[colour]);
                        objectId++;
                        objects++;
                        obj.writeStartObject();
                        obj.writeArrayFieldStart("synsets");
                        obj.writeString(c.synset());
                        obj.writeEndArray();
                        obj.writeNumberField("h", box[3]);
                        obj.writeNumberField("object_id", objectId);
                        obj.writeArrayFieldStart("merged_object_ids");
                        obj.writeEndArray();
                        obj.writeArrayFieldStart("names");
                        obj.writeString(c.name());
                        if (rnd.nextDouble() < 0.3) {
                            obj.writeString(c.alias());
                        }
                        obj.writeEndArray();
                        obj.writeNumberField("w", box[2]);
                        obj.writeNumberField("y", box[1]);
                        obj.writeNumberField("x", box[0]);
                        obj.writeEndObject();

                        int[] r = jitter(rnd, box);
                        regions++;
                        writeRegion(reg, ++regionId, i, r, phrase(rnd, c, COLOURS[colour]));
                    }
                    // a region that describes no object
                    regions++;
                    writeRegion(reg, ++regionId, i, new int[] {0, 0, WIDTH / 2, HEIGHT / 4},
                            DISTRACTORS[rnd.nextInt(DISTRACTORS.length)]);
                    obj.writeEndArray();
                    obj.writeStringField("image_url", url);
                    obj.writeEndObject();
                    reg.writeEndArray();
                    reg.writeNumberField("id", i);
                    reg.writeEndObject();
                    g.dispose();
                    noise(picture, rnd);
                    ImageIO.write(picture, "jpg", dir.resolve("VG_100K").resolve(i + ".jpg").toFile());
                }
                img.writeEndArray();
                obj.writeEndArray();
                reg.writeEndArray();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the fixture into " + dir, e);
        }
        return new Written(dir, images, objects, regions);
    }

    private static Category pick(Random rnd) {
        double total = CATEGORIES.stream().mapToDouble(Category::weight).sum();
        double u = rnd.nextDouble() * total;
        for (Category c : CATEGORIES) {
            u -= c.weight();
            if (u <= 0) {
                return c;
            }
        }
        return CATEGORIES.get(0);
    }

    private static String phrase(Random rnd, Category c, String colour) {
        String name = rnd.nextDouble() < 0.8 ? c.name() : c.alias();
        String word = rnd.nextDouble() < NEUTRAL_TEXT ? "" : c.words()[rnd.nextInt(c.words().length)] + " ";
        String col = rnd.nextBoolean() ? colour + " " : "";
        String place = PLACES[rnd.nextInt(PLACES.length)];
        return switch (rnd.nextInt(3)) {
            case 0 -> "a " + col + word + name + " " + place;
            case 1 -> "the " + word + name + " is " + colour;
            default -> (rnd.nextBoolean() ? "A " : "") + col + word + name + " sitting " + place;
        };
    }

    private static void writeRegion(JsonGenerator reg, long id, int image, int[] r, String phrase)
            throws IOException {
        reg.writeStartObject();
        reg.writeNumberField("region_id", id);
        reg.writeNumberField("width", r[2]);
        reg.writeNumberField("height", r[3]);
        reg.writeNumberField("image_id", image);
        reg.writeStringField("phrase", phrase);
        reg.writeNumberField("y", r[1]);
        reg.writeNumberField("x", r[0]);
        reg.writeEndObject();
    }

    private static BufferedImage background(Random rnd) {
        BufferedImage b = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = b.createGraphics();
        g.setColor(new Color(110 + rnd.nextInt(120), 110 + rnd.nextInt(120), 110 + rnd.nextInt(120)));
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.dispose();
        return b;
    }

    /** A free box (x, y, w, h) of 28–48 px, or null when none was found. */
    private static int[] place(Random rnd, List<int[]> taken) {
        for (int attempt = 0; attempt < 30; attempt++) {
            int s = 28 + rnd.nextInt(21);
            int w = s + rnd.nextInt(5) - 2;
            int h = s + rnd.nextInt(5) - 2;
            int x = rnd.nextInt(WIDTH - w);
            int y = rnd.nextInt(HEIGHT - h);
            boolean free = taken.stream().noneMatch(t -> x < t[0] + t[2] && t[0] < x + w && y < t[1] + t[3]
                    && t[1] < y + h);
            if (free) {
                return new int[] {x, y, w, h};
            }
        }
        return null;
    }

    private static int[] jitter(Random rnd, int[] b) {
        int dx = rnd.nextInt(7) - 3;
        int dy = rnd.nextInt(7) - 3;
        int x = Math.max(0, b[0] + dx);
        int y = Math.max(0, b[1] + dy);
        return new int[] {x, y, Math.min(WIDTH - x, b[2] + rnd.nextInt(5) - 2),
            Math.min(HEIGHT - y, b[3] + rnd.nextInt(5) - 2)};
    }

    /** 0 disc, 1 square, 2 triangle, 3 rounded square (neither). */
    private static void draw(Graphics2D g, int[] b, int shape, Color fill) {
        int m = 3;
        int x = b[0] + m;
        int y = b[1] + m;
        int w = b[2] - 2 * m;
        int h = b[3] - 2 * m;
        g.setColor(fill);
        switch (shape) {
            case 0 -> g.fillOval(x, y, w, h);
            case 1 -> g.fillRect(x, y, w, h);
            case 2 -> g.fillPolygon(new int[] {x, x + w / 2, x + w}, new int[] {y + h, y, y + h}, 3);
            default -> g.fillRoundRect(x, y, w, h, w / 2, h / 2);
        }
        g.setColor(fill.darker().darker());
        g.setStroke(new BasicStroke(2f));
        switch (shape) {
            case 0 -> g.drawOval(x, y, w, h);
            case 1 -> g.drawRect(x, y, w, h);
            case 2 -> g.drawPolygon(new int[] {x, x + w / 2, x + w}, new int[] {y + h, y, y + h}, 3);
            default -> g.drawRoundRect(x, y, w, h, w / 2, h / 2);
        }
    }

    private static void noise(BufferedImage b, Random rnd) {
        for (int y = 0; y < b.getHeight(); y++) {
            for (int x = 0; x < b.getWidth(); x++) {
                int rgb = b.getRGB(x, y);
                int n = (int) Math.round(rnd.nextGaussian() * 10);
                int r = clamp(((rgb >> 16) & 0xff) + n);
                int gr = clamp(((rgb >> 8) & 0xff) + n);
                int bl = clamp((rgb & 0xff) + n);
                b.setRGB(x, y, (r << 16) | (gr << 8) | bl);
            }
        }
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
