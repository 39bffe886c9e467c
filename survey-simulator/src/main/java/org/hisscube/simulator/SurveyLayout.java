package org.hisscube.simulator;

import java.util.Locale;
import org.hisscube.science.wcs.TanWcs;

/**
 * Where the simulated fields lie and what they are called. Field f sits on a grid in the SDSS North Galactic Cap
 * footprint (RA 125°–235°, Dec from +0.3° north in rows 0.3° apart; fields 0.25° apart along RA, widened by 1/cos δ):
 * a frame spans 0.23° × 0.16°, so no two fields overlap and their HEALPix cells are distinct. Field f of row ρ and
 * column c is imaging run {@code 100000 + 10000·epoch + ρ/6}, camcol {@code 1 + ρ mod 6}, field {@code 11 + c}:
 * six-digit runs from 100000 up, which no real SDSS run reaches (they end below 9000), so a simulated file never
 * shadows a real one. Each band's WCS is the real frame's, moved to the field's centre (the real bands' small
 * offsets from r kept).
 */
public final class SurveyLayout {
    static final double RA_MIN = 125;
    static final double RA_MAX = 235;
    static final double DEC_FIRST = 0.3;
    static final double DEC_STEP = 0.3;
    static final double RA_STEP = 0.25;
    static final int FIRST_FIELD = 11;
    public static final int FIRST_RUN = 100000;

    /** One field: its grid place, its centre and its SDSS ids for epoch 0. */
    public record Field(int index, int row, int column, double ra, double dec, int camcol, int fieldNumber) {
        public int run(int epoch) {
            return FIRST_RUN + 10000 * epoch + row / 6;
        }

        public String frameName(char band, int epoch, boolean bz2) {
            return String.format(Locale.ROOT, "frame-%c-%06d-%d-%04d.fits%s", band, run(epoch), camcol, fieldNumber,
                    bz2 ? ".bz2" : "");
        }
    }

    private SurveyLayout() {
    }

    /** Field {@code index} (0-based), walking the grid row by row, fields {@value #RA_STEP}° apart (no overlap). */
    public static Field field(int index) {
        return field(index, RA_STEP);
    }

    /**
     * Field {@code index} with the fields of a row {@code raStep} degrees apart at the equator (widened by 1/cos δ):
     * less than a frame's RA extent makes neighbouring fields overlap, as consecutive SDSS fields do.
     */
    public static Field field(int index, double raStep) {
        int remaining = index;
        for (int row = 0; ; row++) {
            double dec = DEC_FIRST + DEC_STEP * row;
            if (dec > 60) {
                throw new SimulatorException("field " + index + " lies beyond the simulated footprint (Dec 60°)");
            }
            double step = raStep / Math.cos(Math.toRadians(dec));
            int columns = (int) Math.floor((RA_MAX - RA_MIN) / step);
            if (remaining < columns) {
                double ra = RA_MIN + (remaining + 0.5) * step;
                return new Field(index, row, remaining, ra, dec, 1 + row % 6, FIRST_FIELD + remaining);
            }
            remaining -= columns;
        }
    }

    /** The WCS of a band of a field: the real band's CD matrix, its CRVAL moved by the field's offset from the real r frame. */
    static TanWcs wcs(RealSurvey real, Field field, String band) {
        TanWcs r = real.frame("r").frame().wcs();
        TanWcs b = real.frame(band).frame().wcs();
        double dRa = (b.crval1() - r.crval1()) * Math.cos(Math.toRadians(r.crval2()))
                / Math.cos(Math.toRadians(field.dec()));
        double dDec = b.crval2() - r.crval2();
        return new TanWcs(field.ra() + dRa, field.dec() + dDec, b.crpix1(), b.crpix2(), b.cd11(), b.cd12(), b.cd21(),
                b.cd22(), b.naxis1(), b.naxis2());
    }
}
