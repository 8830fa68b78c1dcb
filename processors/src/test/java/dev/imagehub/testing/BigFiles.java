package dev.imagehub.testing;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** Very large test files written as streams, so that making a 200 MB image takes no more than a few MB of heap. */
public final class BigFiles {
    private BigFiles() {
    }

    /** A valid RGB PNG of {@code width} x {@code height} with stored (uncompressed) deflate blocks: about 3 bytes a pixel. */
    public static Path storedPng(Path file, int width, int height) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
            ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
            chunk(out, "IHDR", ihdr.array(), 13);
            Deflater deflater = new Deflater(Deflater.NO_COMPRESSION);
            byte[] row = new byte[1 + width * 3];
            byte[] buf = new byte[1 << 20];
            for (int y = 0; y < height; y++) {
                row[0] = 0;
                for (int x = 0; x < width; x++) {
                    row[1 + x * 3] = (byte) (x * 255 / width);
                    row[2 + x * 3] = (byte) (y * 255 / height);
                    row[3 + x * 3] = (byte) ((x + y) & 0xFF);
                }
                deflater.setInput(row);
                while (!deflater.needsInput()) {
                    int n = deflater.deflate(buf);
                    if (n > 0) chunk(out, "IDAT", buf, n);
                }
            }
            deflater.finish();
            while (!deflater.finished()) {
                int n = deflater.deflate(buf);
                if (n > 0) chunk(out, "IDAT", buf, n);
            }
            deflater.end();
            chunk(out, "IEND", new byte[0], 0);
        }
        return file;
    }

    /** {@code bytes} bytes starting with {@code head}, the rest pseudo-random (seeded, so runs repeat). */
    public static Path junk(Path file, byte[] head, long bytes, long seed) throws IOException {
        Random r = new Random(seed);
        byte[] buf = new byte[1 << 20];
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            out.write(head);
            long left = bytes - head.length;
            while (left > 0) {
                r.nextBytes(buf);
                int n = (int) Math.min(buf.length, left);
                out.write(buf, 0, n);
                left -= n;
            }
        }
        return file;
    }

    private static void chunk(OutputStream out, String type, byte[] data, int length) throws IOException {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.write(ByteBuffer.allocate(4).putInt(length).array());
        out.write(t);
        out.write(data, 0, length);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data, 0, length);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
