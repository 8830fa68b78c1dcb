package dev.imagehub.image;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Writes a {@link PaletteQuantizer.Indexed} image as a palette PNG: IHDR, PLTE, tRNS when it has transparency, IDAT,
 * IEND. Written directly rather than through ImageIO because the JDK writer applies adaptive row filters to palette
 * indices, which the PNG specification advises against: on dithered photos that made files 75 % larger and 10 times
 * slower to write. OpenCV's PNG encoder writes only full-colour and grey PNGs. Palettes of up to 2, 4 or 16 colours
 * are packed at 1, 2 or 4 bits per pixel.
 */
public final class IndexedPngWriter {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    private static final int COLOUR_TYPE_PALETTE = 3;

    private IndexedPngWriter() {
    }

    /** {@code level}: zlib level 0 (fast, large) to 9 (slow, small), as for full-colour PNGs. */
    public static byte[] write(PaletteQuantizer.Indexed img, int level) throws IOException {
        int n = img.colours();
        if (n < 1 || n > 256) throw new IllegalArgumentException("a PNG palette has 1 to 256 entries, not " + n);
        int bits = n <= 2 ? 1 : n <= 4 ? 2 : n <= 16 ? 4 : 8;
        ByteArrayOutputStream file = new ByteArrayOutputStream(img.width() * img.height() / 2 + 1024);
        file.write(SIGNATURE);

        ByteArrayOutputStream ihdr = new ByteArrayOutputStream(13);
        DataOutputStream h = new DataOutputStream(ihdr);
        h.writeInt(img.width());
        h.writeInt(img.height());
        h.writeByte(bits);
        h.writeByte(COLOUR_TYPE_PALETTE);
        h.writeByte(0); // deflate
        h.writeByte(0); // adaptive filtering method (every row uses filter type 0, none)
        h.writeByte(0); // not interlaced
        chunk(file, "IHDR", ihdr.toByteArray());

        byte[] plte = new byte[n * 3];
        for (int i = 0; i < n; i++) {
            plte[i * 3] = img.red()[i];
            plte[i * 3 + 1] = img.green()[i];
            plte[i * 3 + 2] = img.blue()[i];
        }
        chunk(file, "PLTE", plte);
        if (img.hasAlpha()) {
            // tRNS may stop after the last entry that is not opaque; the rest default to 255
            int last = n - 1;
            while (last >= 0 && img.alpha()[last] == (byte) 0xFF) last--;
            if (last >= 0) chunk(file, "tRNS", java.util.Arrays.copyOf(img.alpha(), last + 1));
        }
        chunk(file, "IDAT", deflatedRows(img, bits, level));
        chunk(file, "IEND", new byte[0]);
        return file.toByteArray();
    }

    private static byte[] deflatedRows(PaletteQuantizer.Indexed img, int bits, int level) throws IOException {
        int w = img.width();
        int perByte = 8 / bits;
        int stride = (w + perByte - 1) / perByte;
        byte[] row = new byte[stride + 1]; // leading filter-type byte stays 0
        byte[] src = img.indices();
        ByteArrayOutputStream out = new ByteArrayOutputStream(img.height() * stride / 2 + 64);
        Deflater deflater = new Deflater(Math.max(0, Math.min(9, level)));
        try (DeflaterOutputStream z = new DeflaterOutputStream(out, deflater, 64 * 1024)) {
            for (int y = 0; y < img.height(); y++) {
                int offset = y * w;
                if (bits == 8) {
                    System.arraycopy(src, offset, row, 1, w);
                } else {
                    java.util.Arrays.fill(row, 1, row.length, (byte) 0);
                    for (int x = 0; x < w; x++) {
                        // the leftmost pixel goes into the most significant bits
                        int shift = 8 - bits * (x % perByte + 1);
                        row[1 + x / perByte] |= (byte) ((src[offset + x] & 0xFF) << shift);
                    }
                }
                z.write(row);
            }
        } finally {
            deflater.end();
        }
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream file, String type, byte[] data) throws IOException {
        DataOutputStream d = new DataOutputStream(file);
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        d.writeInt(data.length);
        d.write(name);
        d.write(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        d.writeInt((int) crc.getValue());
    }
}
