package org.hisscube.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hisscube.science.calib.FrameCalibrator;
import org.hisscube.science.calib.PixelCalibration;
import org.hisscube.science.fits.SdssFrame;
import org.hisscube.science.fits.SdssFrameReader;
import org.hisscube.science.healpix.Healpix;
import org.hisscube.science.spectrum.HissGrid;
import org.hisscube.science.spectrum.SampledSpectrum;
import org.hisscube.science.spectrum.SdssSpectrum;
import org.hisscube.science.spectrum.SpectrumReader;
import org.hisscube.science.spectrum.SpectrumRebinner;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hisscube inspect frame|spectrum|position}: one JSON object describing a file or a position. */
@Command(name = "inspect", mixinStandardHelpOptions = true, description = "Look inside SDSS files and positions.",
        subcommands = {InspectCommand.Frame.class, InspectCommand.Spectrum.class, InspectCommand.Position.class,
            InspectTarget.class})
final class InspectCommand {

    static Path existing(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such file");
        }
        return file;
    }

    @Command(name = "frame", mixinStandardHelpOptions = true,
            description = "Calibrated value, σ and sky of one pixel of an SDSS frame (.fits or .fits.bz2). "
                    + "Pixels are 0-based: x = column, y = row.")
    static final class Frame implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE")
        Path file;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Where where;

        static final class Where {
            @Option(names = "--pixel", paramLabel = "X,Y", split = ",", arity = "1",
                    description = "0-based column and row")
            int[] pixel;

            @ArgGroup(exclusive = false)
            Sky sky;
        }

        static final class Sky {
            @Option(names = "--ra", required = true, description = "degrees")
            double ra;

            @Option(names = "--dec", required = true, description = "degrees")
            double dec;
        }

        @Override
        public Integer call() {
            SdssFrame frame = new SdssFrameReader().read(existing(file));
            Map<String, Object> out = new LinkedHashMap<>();
            int x;
            int y;
            Double px = null;
            Double py = null;
            if (where.pixel != null) {
                if (where.pixel.length != 2) {
                    throw new IllegalArgumentException("--pixel needs X,Y");
                }
                x = where.pixel[0];
                y = where.pixel[1];
            } else {
                double[] p = frame.wcs().worldToPixel(where.sky.ra, where.sky.dec);
                px = p[0];
                py = p[1];
                x = (int) Math.round(p[0]);
                y = (int) Math.round(p[1]);
            }
            if (x < 0 || y < 0 || x >= frame.width() || y >= frame.height()) {
                throw new IllegalArgumentException(file + ": pixel (" + (px != null ? px : x) + ", "
                        + (py != null ? py : y) + ") is outside the " + frame.width() + "×" + frame.height()
                        + " frame");
            }
            PixelCalibration c = new FrameCalibrator().calibratePixel(frame, x, y);
            double[] world = frame.wcs().pixelToWorld(x, y);
            out.put("file", file.getFileName().toString());
            out.put("filter", frame.filter());
            out.put("run", frame.run());
            out.put("camcol", frame.camcol());
            out.put("field", frame.field());
            out.put("x", x);
            out.put("y", y);
            if (px != null) {
                out.put("px", px);
                out.put("py", py);
            }
            out.put("value_nmgy", c.value());
            out.put("sigma_nmgy", c.sigma());
            out.put("sky_dn", c.skyDn());
            out.put("calib_nmgy_per_dn", c.calibration());
            out.put("ra", world[0]);
            out.put("dec", world[1]);
            System.out.println(JsonOut.format(out));
            return 0;
        }
    }

    @Command(name = "spectrum", mixinStandardHelpOptions = true,
            description = "Identity, class and redshift of a spec-lite file, and one sample of its spectrum "
                    + "rebinned onto the HiSS-Cube grid (flux and σ in 1e-17 erg/s/cm²/Å).")
    static final class Spectrum implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE")
        Path file;

        @Option(names = "--index", defaultValue = "2310",
                description = "index on the rebinned grid, 0..4619 (default: ${DEFAULT-VALUE})")
        int index;

        @Override
        public Integer call() {
            if (index < 0 || index >= HissGrid.SIZE) {
                throw new IllegalArgumentException("--index " + index + " is outside the grid 0.." + (HissGrid.SIZE - 1));
            }
            SdssSpectrum s = new SpectrumReader().read(existing(file));
            SampledSpectrum r = SpectrumRebinner.toHissGrid(s);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("file", file.getFileName().toString());
            out.put("plate", s.plate());
            out.put("mjd", s.mjd());
            out.put("fiber", s.fiberId());
            out.put("class", s.className());
            out.put("subclass", s.subClass());
            out.put("z", s.z());
            out.put("zwarning", s.zWarning());
            out.put("ra", s.plugRa());
            out.put("dec", s.plugDec());
            out.put("healpix15", Healpix.ang2pixNest(15, s.plugRa(), s.plugDec()));
            out.put("fiber_diameter_arcsec", s.fiberDiameterArcsec());
            out.put("index", index);
            out.put("wavelength", r.wavelength(index));
            out.put("flux", r.flux(index));
            out.put("sigma", r.sigma(index));
            System.out.println(JsonOut.format(out));
            return 0;
        }
    }

    @Command(name = "position", mixinStandardHelpOptions = true,
            description = "The HEALPix nested cell of a sky position.")
    static final class Position implements Callable<Integer> {
        @Option(names = "--ra", required = true, description = "degrees")
        double ra;

        @Option(names = "--dec", required = true, description = "degrees")
        double dec;

        @Option(names = "--order", defaultValue = "15", description = "HEALPix order 0..29 (default ${DEFAULT-VALUE})")
        int order;

        @Override
        public Integer call() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("ra", ra);
            out.put("dec", dec);
            out.put("order", order);
            out.put("healpix", Healpix.ang2pixNest(order, ra, dec));
            System.out.println(JsonOut.format(out));
            return 0;
        }
    }
}
