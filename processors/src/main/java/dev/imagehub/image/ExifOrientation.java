package dev.imagehub.image;

/**
 * Reads and rewrites the EXIF Orientation tag (0x0112) inside a TIFF-structured EXIF block, in place, without
 * rebuilding the IFDs (rebuilding them breaks offsets of nested IFDs, see shared/docs/DEPENDENCIES.md §5d).
 */
public final class ExifOrientation {
    private static final int TAG_ORIENTATION = 0x0112;

    private ExifOrientation() {
    }

    /** The orientation 1..8, or 1 when the block is absent, damaged or has no valid tag. */
    public static int read(byte[] tiff) {
        int at = find(tiff);
        if (at < 0) return 1;
        int v = u16(tiff, at + 8, littleEndian(tiff));
        return v >= 1 && v <= 8 ? v : 1;
    }

    /** A copy of the block with Orientation set to {@code value}; the block itself when it has no such tag. */
    public static byte[] withOrientation(byte[] tiff, int value) {
        int at = find(tiff);
        if (at < 0) return tiff;
        byte[] copy = tiff.clone();
        if (littleEndian(tiff)) {
            copy[at + 8] = (byte) value;
            copy[at + 9] = 0;
        } else {
            copy[at + 8] = 0;
            copy[at + 9] = (byte) value;
        }
        return copy;
    }

    private static int find(byte[] t) {
        if (t == null || t.length < 8) return -1;
        boolean le;
        if (t[0] == 'I' && t[1] == 'I') le = true;
        else if (t[0] == 'M' && t[1] == 'M') le = false;
        else return -1;
        long ifd = u32(t, 4, le);
        if (ifd < 8 || ifd + 2 > t.length) return -1;
        int count = u16(t, (int) ifd, le);
        for (int i = 0; i < count; i++) {
            int entry = (int) ifd + 2 + i * 12;
            if (entry + 12 > t.length) return -1;
            if (u16(t, entry, le) == TAG_ORIENTATION && u16(t, entry + 2, le) == 3) return entry;
        }
        return -1;
    }

    private static boolean littleEndian(byte[] t) {
        return t[0] == 'I';
    }

    private static int u16(byte[] b, int off, boolean le) {
        int a = b[off] & 0xFF;
        int c = b[off + 1] & 0xFF;
        return le ? (c << 8) | a : (a << 8) | c;
    }

    private static long u32(byte[] b, int off, boolean le) {
        long x = 0;
        for (int i = 0; i < 4; i++) {
            int v = b[off + (le ? 3 - i : i)] & 0xFF;
            x = (x << 8) | v;
        }
        return x;
    }
}
