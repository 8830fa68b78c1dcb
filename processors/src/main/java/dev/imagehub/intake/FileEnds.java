package dev.imagehub.intake;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Tells from a few bytes at its start and end whether an image file has all the bytes its format says it has, so that
 * a finished copy is taken at once and a copy still being written is not, without waiting for the file to age.
 * JPEG, PNG and GIF end with a marker; WebP, BMP and HEIC/AVIF (ISO boxes) declare their length. Anything else (TIFF,
 * prompt files, unknown types) is {@link Verdict#UNKNOWN}: the hot folder's minimum age decides for those.
 */
public final class FileEnds {
    /** What the bytes say. */
    public enum Verdict {
        /** Every byte the format announces is there. */
        COMPLETE,
        /** The file is shorter than its own header says (or empty): still being written, or cut off. */
        INCOMPLETE,
        /** The format gives no way to tell, or the file ends in a way the check does not know (a trailer). */
        UNKNOWN
    }

    private static final int MAX_BOXES = 64;

    private FileEnds() {
    }

    /** Judges {@code file} of {@code size} bytes; a file that cannot be read is {@link Verdict#UNKNOWN}. */
    public static Verdict judge(Path file, long size) {
        if (size == 0) return Verdict.INCOMPLETE;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            byte[] head = read(ch, 0, (int) Math.min(16, size));
            byte[] tail = read(ch, Math.max(0, size - 12), (int) Math.min(12, size));
            if (head.length < 4) return Verdict.INCOMPLETE;
            if (u8(head, 0) == 0xFF && u8(head, 1) == 0xD8) {
                // EOI last: complete. Otherwise a copy in progress or a trailer (motion photos append a video): the
                // decode tells which, and a young file it finds cut off waits
                return endsWith(tail, 0xFF, 0xD9) ? Verdict.COMPLETE : Verdict.UNKNOWN;
            }
            if (u8(head, 0) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') {
                return endsWith(tail, 0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xAE, 0x42, 0x60, 0x82) ? Verdict.COMPLETE : Verdict.UNKNOWN;
            }
            if (head[0] == 'G' && head[1] == 'I' && head[2] == 'F') return endsWith(tail, 0x3B) ? Verdict.COMPLETE : Verdict.UNKNOWN;
            if (head.length >= 12 && head[0] == 'R' && head[1] == 'I' && head[2] == 'F' && head[3] == 'F'
                    && head[8] == 'W' && head[9] == 'E' && head[10] == 'B' && head[11] == 'P') {
                return declared(size, 8 + le32(head, 4));
            }
            if (head.length >= 6 && head[0] == 'B' && head[1] == 'M') return declared(size, le32(head, 2));
            if (head.length >= 8 && head[4] == 'f' && head[5] == 't' && head[6] == 'y' && head[7] == 'p') return boxes(ch, size);
            return Verdict.UNKNOWN;
        } catch (IOException e) {
            return Verdict.UNKNOWN;
        }
    }

    // RIFF and BMP say their length up front: shorter is a copy in progress; longer (padding) is complete
    private static Verdict declared(long size, long announced) {
        if (announced <= 0) return Verdict.UNKNOWN;
        return size >= announced ? Verdict.COMPLETE : Verdict.INCOMPLETE;
    }

    // ISO base media (HEIC, AVIF): the top-level boxes must tile the file; the last one running past the end is a cut
    private static Verdict boxes(FileChannel ch, long size) throws IOException {
        long at = 0;
        for (int i = 0; i < MAX_BOXES && at < size; i++) {
            if (size - at < 8) return Verdict.INCOMPLETE;
            byte[] h = read(ch, at, 16 <= size - at ? 16 : 8);
            long len = be32(h, 0);
            if (len == 1) {
                if (h.length < 16) return Verdict.INCOMPLETE;
                len = ByteBuffer.wrap(h, 8, 8).order(ByteOrder.BIG_ENDIAN).getLong();
            } else if (len == 0) {
                return Verdict.COMPLETE;     // "to the end of the file"
            }
            if (len < 8) return Verdict.UNKNOWN;
            if (at + len > size) return Verdict.INCOMPLETE;
            at += len;
        }
        return at == size ? Verdict.COMPLETE : Verdict.UNKNOWN;
    }

    private static byte[] read(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            int n = ch.read(b, position + b.position());
            if (n < 0) break;
        }
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    private static boolean endsWith(byte[] tail, int... expected) {
        if (tail.length < expected.length) return false;
        for (int i = 0; i < expected.length; i++) {
            if (u8(tail, tail.length - expected.length + i) != (expected[i] & 0xFF)) return false;
        }
        return true;
    }

    private static int u8(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    private static long le32(byte[] b, int i) {
        return (u8(b, i) | u8(b, i + 1) << 8 | u8(b, i + 2) << 16 | (long) u8(b, i + 3) << 24);
    }

    private static long be32(byte[] b, int i) {
        return ((long) u8(b, i) << 24 | u8(b, i + 1) << 16 | u8(b, i + 2) << 8 | u8(b, i + 3));
    }
}
