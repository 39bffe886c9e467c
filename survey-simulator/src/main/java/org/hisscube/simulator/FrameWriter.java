package org.hisscube.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.hisscube.science.wcs.TanWcs;

/**
 * Writes a simulated frame with the real frame's four HDUs: the primary header of the real frame of the band with
 * only the values that differ changed (run, camcol, field, time, pointing, WCS) and the simulation marked
 * ({@code HISSSIM} and comments), the image; the real calibration vector (HDU 1); the real sky grid with XINTERP and
 * YINTERP (HDU 2); the real astrometric row (HDU 3) with RUN, CAMCOL, FIELD and MJD set.
 */
final class FrameWriter {
    /** TAI seconds since MJD 0 (1858-11-17). */
    static final LocalDateTime MJD_ZERO = LocalDateTime.of(1858, 11, 17, 0, 0);

    private FrameWriter() {
    }

    static void write(OutputStream out, RealSurvey.FrameTemplate template, float[] image, SurveyLayout.Field field,
            int epoch, TanWcs wcs, double taiSeconds, long seed) throws IOException {
        List<FitsHdu> hdus = template.hdus();
        FitsHeader primary = hdus.get(0).header().copy();
        LocalDateTime when = MJD_ZERO.plusNanos(Math.round(taiSeconds * 1e9));
        primary.set("TAI", taiSeconds, 2)
                .set("RA", field.ra(), 6)
                .set("DEC", field.dec(), 6)
                .set("DATE-OBS", String.format(Locale.ROOT, "%tF", when))
                .set("TAIHMS", String.format(Locale.ROOT, "%tT.%02d", when, when.getNano() / 10_000_000))
                .set("RUN", field.run(epoch))
                .set("FRAME", field.fieldNumber())
                .set("CAMCOL", field.camcol())
                .setExact("CRVAL1", wcs.crval1())
                .setExact("CRVAL2", wcs.crval2());
        primary.add("HISSSIM", FitsHeader.string(SurveySimulator.VERSION), "HiSS-Cube survey simulator version")
                .add("SIMSEED", FitsHeader.number(seed), "simulation seed")
                .comment("SIMULATED: not an SDSS observation. Format, calibration, sky and PSF")
                .comment("from the real frame " + template.file() + "; objects drawn from")
                .comment("real SDSS catalog rows (see the survey's manifest.json).");
        ByteBuffer pixels = ByteBuffer.allocate(image.length * 4);
        pixels.asFloatBuffer().put(image);
        new FitsHdu(primary, pixels.array()).write(out);
        hdus.get(1).write(out);
        hdus.get(2).write(out);
        FitsHdu trans = hdus.get(3);
        byte[] row = trans.data().clone();
        BinTableRow t = new BinTableRow(trans.header(), row);
        t.set(0, "RUN", field.run(epoch));
        t.set(0, "CAMCOL", field.camcol());
        t.set(0, "FIELD", field.fieldNumber());
        t.set(0, "MJD", taiSeconds / 86400.0);
        new FitsHdu(trans.header(), row).write(out);
    }

    static double taiOf(RealSurvey real, SurveyLayout.Field field, int epoch) {
        // the real frame's time, then ten minutes per field and 30 days per epoch
        return real.frame("r").frame().taiSeconds() + 600.0 * field.index() + 30 * 86400.0 * epoch;
    }
}
