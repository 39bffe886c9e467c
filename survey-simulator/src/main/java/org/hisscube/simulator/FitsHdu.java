package org.hisscube.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One header-data unit of a real SDSS file, used as a template: its header (edited card by card) and its data bytes
 * (unpadded, big-endian as in the file).
 */
record FitsHdu(FitsHeader header, byte[] data) {

    /** Every HDU of a FITS file in memory. */
    static List<FitsHdu> split(byte[] fits, String file) {
        List<FitsHdu> hdus = new ArrayList<>();
        int pos = 0;
        while (pos < fits.length) {
            FitsHeader h = FitsHeader.parse(fits, pos, file);
            pos += h.byteLength();
            long n = h.dataBytes();
            if (pos + n > fits.length) {
                throw new SimulatorException(file + ": HDU " + hdus.size() + " is cut short");
            }
            hdus.add(new FitsHdu(h, Arrays.copyOfRange(fits, pos, (int) (pos + n))));
            pos += FitsHeader.padded(n);
        }
        return hdus;
    }

    /** This HDU as a file writes it: header blocks, data, zero padding to the block boundary. */
    void write(OutputStream out) throws IOException {
        out.write(header.toBytes());
        out.write(data);
        int pad = FitsHeader.padded(data.length) - data.length;
        out.write(new byte[pad]);
    }

    FitsHdu withData(FitsHeader h, byte[] d) {
        return new FitsHdu(h, d);
    }
}
