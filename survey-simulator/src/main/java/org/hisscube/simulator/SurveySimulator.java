package org.hisscube.simulator;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.hisscube.contracts.sdss.SasPaths;
import org.hisscube.science.wcs.TanWcs;

/**
 * Writes an SDSS-like survey: for every field its five frames (per epoch), for every object its spec-lite file, a
 * SkyServer-style catalog ({@code catalog.csv}) and the truth ({@code manifest.json}), from the real data in
 * {@link RealSurvey} and the real catalog rows of {@link SourceCatalog}. Fields are simulated in parallel, one field
 * per worker; every random number comes from {@link Seeds}, so the files do not depend on the number of threads.
 * Each file is written under a temporary name and renamed when complete.
 */
public final class SurveySimulator {
    public static final String VERSION = "1.0";
    static final int MARGIN = 100;
    static final double MIN_SEPARATION = 60;
    static final int FIRST_PLATE = 13000;
    static final int FIRST_MJD = 57000;
    static final long FIRST_OBJID = 1237000000000000000L;

    /** What a run wrote. */
    public record Summary(int objects, int fields, int frames, int spectra, long bytes, double seconds,
            Path catalog, Path manifest) {
    }

    private final RealSurvey real;
    private final SourceCatalog catalog;

    public SurveySimulator(RealSurvey real, SourceCatalog catalog) {
        this.real = real;
        this.catalog = catalog;
    }

    /** Loads the real data from {@code dataDir} (frames, spectra, calibration tables, catalogs). */
    public static SurveySimulator fromData(Path dataDir) {
        return new SurveySimulator(RealSurvey.load(dataDir), SourceCatalog.load(dataDir.resolve("catalogs")));
    }

    public RealSurvey real() {
        return real;
    }

    public SourceCatalog catalog() {
        return catalog;
    }

    /** The SAS-relative path of a frame as written ({@code .fits} when not compressed). */
    public static String framePath(SurveyLayout.Field field, char band, int epoch, boolean bz2) {
        String p = SasPaths.frame(band, field.run(epoch), field.camcol(), field.fieldNumber());
        return bz2 ? p : p.substring(0, p.length() - ".bz2".length());
    }

    /** SDSS's specObjID bit layout: plate, fiber, MJD - 50000 and the reduction (run2d v5_13_2 as 1302). */
    static long specObjId(int plate, int fiber, int mjd) {
        return ((long) plate << 50) | ((long) fiber << 38) | ((long) (mjd - 50000) << 24) | (1302L << 10);
    }

    public Summary run(SimulationOptions o, Consumer<String> progress) {
        return run(o, progress, null);
    }

    /**
     * As {@link #run(SimulationOptions, Consumer)}; {@code written} (may be null) receives every frame and spectrum
     * file once it is complete, on the worker's thread — a benchmark deletes them there to measure at any size.
     */
    public Summary run(SimulationOptions o, Consumer<String> progress, Consumer<Path> written) {
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(o.out());
            List<SourceCatalog.Row> rows = draw(o);
            SpectrumSimulator spectra = new SpectrumSimulator(real);
            int fields = o.fields();
            AtomicInteger done = new AtomicInteger();
            List<List<SimObject>> perField = new ArrayList<>();
            long[] bytes = new long[fields];
            String[] templateOf = new String[o.objects()];
            ExecutorService pool = Executors.newFixedThreadPool(o.threads(), r -> {
                Thread t = new Thread(r, "simulate");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<List<SimObject>>> futures = new ArrayList<>();
                for (int f = 0; f < fields; f++) {
                    int field = f;
                    futures.add(pool.submit(() -> {
                        List<SimObject> objs = simulateField(o, field, rows, spectra, bytes, templateOf, written);
                        int n = done.incrementAndGet();
                        if (progress != null && (n == fields || n % Math.max(1, fields / 20) == 0)) {
                            progress.accept(String.format(Locale.ROOT, "simulate: %d/%d fields (%.0f %%), %.1f s",
                                    n, fields, 100.0 * n / fields, (System.nanoTime() - t0) / 1e9));
                        }
                        return objs;
                    }));
                }
                for (Future<List<SimObject>> f : futures) {
                    perField.add(f.get());
                }
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                throw c instanceof SimulatorException s ? s
                        : new SimulatorException("simulation failed: " + c, c);
            } finally {
                pool.shutdownNow();
            }
            List<SimObject> all = perField.stream().flatMap(List::stream).toList();
            Path csv = o.out().resolve("catalog.csv");
            writeCatalog(csv, all);
            Path manifest = o.out().resolve("manifest.json");
            writeManifest(manifest, o, all, templateOf);
            long total = Files.size(csv) + Files.size(manifest);
            for (long b : bytes) {
                total += b;
            }
            return new Summary(all.size(), fields, fields * 5 * o.epochs(), all.size(), total,
                    (System.nanoTime() - t0) / 1e9, csv, manifest);
        } catch (IOException e) {
            throw new SimulatorException("cannot write the survey to " + o.out() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SimulatorException("interrupted", e);
        }
    }

    /** The real rows of objects 0..N-1: a seeded shuffle of the usable rows, reshuffled when N exceeds them. */
    List<SourceCatalog.Row> draw(SimulationOptions o) {
        List<SourceCatalog.Row> source = catalog.rows();
        SplittableRandom random = Seeds.random(o.seed(), Seeds.CATALOG);
        List<SourceCatalog.Row> out = new ArrayList<>(o.objects());
        int[] order = new int[source.size()];
        while (out.size() < o.objects()) {
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int i = 0; i < order.length && out.size() < o.objects(); i++) {
                out.add(source.get(order[i]));
            }
        }
        return out;
    }

    private List<SimObject> simulateField(SimulationOptions o, int f, List<SourceCatalog.Row> rows,
            SpectrumSimulator spectra, long[] bytes, String[] templateOf, Consumer<Path> done) throws IOException {
        SurveyLayout.Field field = field(o, f);
        List<SimObject> objects = objectsOf(o, f, rows);
        // with overlapping fields, the neighbours' objects that lie on this field's frames are drawn here too
        List<SimObject> drawn = new ArrayList<>(objects);
        TanWcs here = SurveyLayout.wcs(real, field, "r");
        for (int nb : new int[] {f - 1, f + 1}) {
            if (o.overlap() > 0 && nb >= 0 && nb < o.fields() && field(o, nb).row() == field.row()) {
                for (SimObject x : objectsOf(o, nb, rows)) {
                    if (onFrame(here, x, 30)) {
                        drawn.add(x);
                    }
                }
            }
        }
        long written = 0;
        double rTai = real.frame("r").frame().taiSeconds();
        for (int e = 0; e < o.epochs(); e++) {
            double tai = FrameWriter.taiOf(real, field, e);
            int epoch = e;
            for (int b = 0; b < 5; b++) {
                char band = RealSurvey.BANDS.charAt(b);
                RealSurvey.FrameTemplate template = real.frame(String.valueOf(band));
                TanWcs wcs = SurveyLayout.wcs(real, field, String.valueOf(band));
                int run = field.run(e);
                double gain = real.ccd().gain(field.camcol(), String.valueOf(band), run);
                double dark = real.ccd().darkVariance(field.camcol(), String.valueOf(band), run);
                float[] image = FrameRenderer.render(template, wcs, drawn, b, gain, dark,
                        Seeds.random(o.seed(), Seeds.FRAME_NOISE, f, e, b));
                Path file = o.out().resolve(framePath(field, band, e, o.bzip2()));
                double bandTai = tai + (template.frame().taiSeconds() - rTai);
                written += atomically(file, out -> {
                    OutputStream target = o.bzip2() ? new BZip2CompressorOutputStream(out) : out;
                    FrameWriter.write(target, template, image, field, epoch, wcs, bandTai, o.seed());
                    target.flush();
                    if (target != out) {
                        ((BZip2CompressorOutputStream) target).finish();
                    }
                });
                if (done != null) {
                    done.accept(file);
                }
            }
        }
        for (SimObject obj : objects) {
            Path file = o.out().resolve(SasPaths.spectrum(obj.plate(), obj.mjd(), obj.fiber()));
            written += atomically(file, out -> templateOf[obj.index()] =
                    spectra.write(out, obj, obj.mjd() * 86400.0, o.seed()).template());
            if (done != null) {
                done.accept(file);
            }
        }
        bytes[f] = written;
        return objects;
    }

    /** The other fields (neighbours in its row, when fields overlap) whose frames show the object too. */
    List<String> alsoIn(SimulationOptions o, SimObject s) {
        List<String> out = new ArrayList<>();
        int f = s.field().index();
        for (int nb : new int[] {f - 1, f + 1}) {
            if (o.overlap() > 0 && nb >= 0 && nb < o.fields()) {
                SurveyLayout.Field nf = field(o, nb);
                if (nf.row() == s.field().row() && onFrame(SurveyLayout.wcs(real, nf, "r"), s, 30)) {
                    out.add(String.format(Locale.ROOT, "%06d-%d-%04d", nf.run(0), nf.camcol(), nf.fieldNumber()));
                }
            }
        }
        return out;
    }

    /** The field of index f: fields 0.25° apart, or closer by the overlap (a fraction of a frame's RA extent). */
    SurveyLayout.Field field(SimulationOptions o, int f) {
        return o.overlap() == 0 ? SurveyLayout.field(f) : SurveyLayout.field(f, frameRaExtent() * (1 - o.overlap()));
    }

    /** The RA extent (degrees, at the equator) of the real r frame's footprint. */
    double frameRaExtent() {
        TanWcs w = real.frame("r").frame().wcs();
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (double[] c : new double[][] {{-0.5, -0.5}, {w.naxis1() - 0.5, -0.5}, {-0.5, w.naxis2() - 0.5},
                {w.naxis1() - 0.5, w.naxis2() - 0.5}}) {
            double ra = w.pixelToWorld(c[0], c[1])[0];
            min = Math.min(min, ra);
            max = Math.max(max, ra);
        }
        return (max - min) * Math.cos(Math.toRadians(w.crval2()));
    }

    /** True when the object lies on the frame, at least {@code margin} pixels inside. */
    static boolean onFrame(TanWcs wcs, SimObject x, double margin) {
        double[] p = wcs.worldToPixel(x.ra(), x.dec());
        return p[0] >= margin && p[1] >= margin && p[0] < FrameRenderer.WIDTH - margin
                && p[1] < FrameRenderer.HEIGHT - margin;
    }

    /** The objects of field f: rows, places and shapes from the field's own seeds, the same wherever asked. */
    private List<SimObject> objectsOf(SimulationOptions o, int f, List<SourceCatalog.Row> rows) {
        SurveyLayout.Field field = field(o, f);
        TanWcs rWcs = SurveyLayout.wcs(real, field, "r");
        SplittableRandom layout = Seeds.random(o.seed(), Seeds.FIELD_LAYOUT, f);
        SplittableRandom shapes = Seeds.random(o.seed(), Seeds.SHAPES, f);
        int first = f * o.perField();
        int last = Math.min(o.objects(), first + o.perField());
        List<double[]> placed = new ArrayList<>();
        List<SimObject> objects = new ArrayList<>();
        for (int idx = first; idx < last; idx++) {
            double[] p = place(layout, placed, field);
            placed.add(p);
            double[] radec = rWcs.pixelToWorld(p[0], p[1]);
            SourceCatalog.Row row = rows.get(idx);
            GalaxyShapes.Shape shape = row.className().equals("GALAXY")
                    ? GalaxyShapes.draw(row.ugriz()[0], row.ugriz()[2], row.redshift(), shapes)
                    : new GalaxyShapes.Shape("psf", 0, 1, 0);
            objects.add(new SimObject(idx, FIRST_OBJID + idx, row.className(), row.redshift(), row.ugriz(), radec[0],
                    radec[1], field, p[0], p[1], shape.profile(), shape.halfLightArcsec(), shape.axisRatio(),
                    shape.positionAngle(), FIRST_PLATE + idx / 1000, FIRST_MJD + idx / 1000, idx % 1000 + 1, row));
        }
        return objects;
    }

    /** A position in the r frame clear of the edges and at least MIN_SEPARATION from the others. */
    private static double[] place(SplittableRandom random, List<double[]> placed, SurveyLayout.Field field) {
        for (int attempt = 0; attempt < 10_000; attempt++) {
            double x = MARGIN + random.nextDouble() * (FrameRenderer.WIDTH - 2 * MARGIN);
            double y = MARGIN + random.nextDouble() * (FrameRenderer.HEIGHT - 2 * MARGIN);
            boolean clear = true;
            for (double[] p : placed) {
                clear &= Math.hypot(p[0] - x, p[1] - y) >= MIN_SEPARATION;
            }
            if (clear) {
                return new double[] {x, y};
            }
        }
        throw new SimulatorException("cannot place another object in field " + field.index());
    }

    interface Body {
        void write(OutputStream out) throws IOException;
    }

    private static long atomically(Path file, Body body) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".partial");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
            body.write(out);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return Files.size(file);
    }

    static final String CATALOG_HEADER = "objid,ra,dec,u,g,r,i,z,run,rerun,camcol,field,specobjid,class,redshift,"
            + "plate,mjd,fiberid";

    private static void writeCatalog(Path csv, List<SimObject> all) throws IOException {
        atomically(csv, out -> {
            Writer w = new java.io.OutputStreamWriter(out, StandardCharsets.US_ASCII);
            w.write(CATALOG_HEADER + "\n");
            for (SimObject s : all) {
                double[] m = s.ugriz();
                w.write(String.format(Locale.ROOT, "%d,%.8f,%.8f,%.5f,%.5f,%.5f,%.5f,%.5f,%d,301,%d,%d,%d,%s,%.7g,%d,%d,%d%n",
                        s.objId(), s.ra(), s.dec(), m[0], m[1], m[2], m[3], m[4], s.field().run(0), s.field().camcol(),
                        s.field().fieldNumber(), specObjId(s.plate(), s.fiber(), s.mjd()), s.className(),
                        s.redshift(), s.plate(), s.mjd(), s.fiber()));
            }
            w.flush();
        });
    }

    private void writeManifest(Path file, SimulationOptions o, List<SimObject> all, String[] templateOf)
            throws IOException {
        atomically(file, out -> {
            JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("simulated", "HiSS-Cube survey simulator: not SDSS observations");
            g.writeStringField("simulator_version", VERSION);
            g.writeNumberField("seed", o.seed());
            g.writeNumberField("overlap", o.overlap());
            g.writeObjectFieldStart("options");
            g.writeNumberField("objects", o.objects());
            g.writeNumberField("per_field", o.perField());
            g.writeNumberField("epochs", o.epochs());
            g.writeStringField("compress", o.bzip2() ? "bz2" : "none");
            g.writeEndObject();
            g.writeObjectFieldStart("grounding");
            g.writeArrayFieldStart("frame_templates");
            for (RealSurvey.FrameTemplate t : real.frames().values()) {
                g.writeStartObject();
                g.writeStringField("band", t.band());
                g.writeStringField("file", t.file());
                g.writeStringField("sha256", t.sha256());
                g.writeNumberField("psf_fwhm_pixels", t.psf().fwhmPixels());
                g.writeNumberField("psf_fwhm_arcsec", t.psf().fwhmPixels() * 0.396);
                g.writeNumberField("psf_stars", t.psf().stars());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("spectrum_format", RealSurvey.SPECTRUM_FORMAT);
            g.writeArrayFieldStart("spectrum_templates");
            for (Map.Entry<String, List<RealSurvey.SpectrumTemplate>> e : real.spectraByClass().entrySet()) {
                for (RealSurvey.SpectrumTemplate t : e.getValue()) {
                    g.writeStartObject();
                    g.writeStringField("file", t.file());
                    g.writeStringField("class", t.className());
                    g.writeNumberField("z", t.z());
                    g.writeStringField("sha256", t.sha256());
                    g.writeEndObject();
                }
            }
            g.writeEndArray();
            g.writeNumberField("catalog_rows_usable", catalog.rows().size());
            g.writeNumberField("catalog_rows_held_out", catalog.heldOut());
            g.writeStringField("held_out_rule", "SourceCatalog.isHeldOut(plate, mjd, fiber): one key in ten");
            g.writeEndObject();
            g.writeArrayFieldStart("objects");
            for (SimObject s : all) {
                g.writeStartObject();
                g.writeNumberField("index", s.index());
                g.writeNumberField("objid", s.objId());
                g.writeStringField("class", s.className());
                g.writeNumberField("redshift", s.redshift());
                g.writeArrayFieldStart("ugriz");
                for (double m : s.ugriz()) {
                    g.writeNumber(m);
                }
                g.writeEndArray();
                g.writeNumberField("ra", s.ra());
                g.writeNumberField("dec", s.dec());
                g.writeStringField("field", String.format(Locale.ROOT, "%06d-%d-%04d", s.field().run(0),
                        s.field().camcol(), s.field().fieldNumber()));
                g.writeNumberField("x_r", s.x());
                g.writeNumberField("y_r", s.y());
                g.writeStringField("profile", s.profile());
                g.writeNumberField("half_light_arcsec", s.halfLightArcsec());
                g.writeNumberField("axis_ratio", s.axisRatio());
                g.writeNumberField("position_angle_deg", s.positionAngle());
                g.writeStringField("spectrum", s.spectrumFileName());
                g.writeStringField("spectrum_template", templateOf[s.index()]);
                g.writeArrayFieldStart("also_in");
                for (String other : alsoIn(o, s)) {
                    g.writeString(other);
                }
                g.writeEndArray();
                g.writeObjectFieldStart("source");
                g.writeStringField("file", s.source().sourceFile());
                g.writeNumberField("line", s.source().line());
                g.writeNumberField("plate", s.source().plate());
                g.writeNumberField("mjd", s.source().mjd());
                g.writeNumberField("fiberid", s.source().fiber());
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.flush();
        });
    }
}
