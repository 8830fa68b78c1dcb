package dev.imagehub.image;

import java.util.Locale;

/**
 * Facts about animated GIF and WebP files read from their block structure, without decoding pixels: how many frames
 * there are and how often the animation loops. The hub treats a file with two or more frames as an animation.
 */
public final class Animations {
    /**
     * Decoded pixels an animation may hold over all its frames. Frames are full canvases, so a 100-frame 1000x1000 GIF
     * is 100 megapixels; this is the decompression-bomb guard for animations, checked before decoding.
     */
    public static final long MAX_TOTAL_PIXELS = 100_000_000L;

    private Animations() {
    }

    /** Frames in a GIF or WebP (1 for a still image or any other format). */
    public static int frameCount(byte[] bytes, ImageFormat format) {
        if (format == ImageFormat.GIF) return Math.max(1, ImageDecoder.gifFrames(bytes));
        if (format == ImageFormat.WEBP) return Math.max(1, webpFrames(bytes));
        return 1;
    }

    /** Whether the file holds two or more frames, so it goes through the animation path instead of the still one. */
    public static boolean isAnimated(byte[] bytes, ImageFormat format) {
        return frameCount(bytes, format) > 1;
    }

    /** Refuses animations whose frames together exceed {@link #MAX_TOTAL_PIXELS}. */
    public static void checkSize(int frames, int width, int height, ImageFormat format) throws BadImageException {
        long total = (long) frames * width * height;
        if (frames > 1 && total > MAX_TOTAL_PIXELS) {
            throw new BadImageException(String.format(Locale.ROOT, "the %s animation has %d frames of %dx%d (%.0f megapixels in all); "
                    + "animations may hold at most %d megapixels over all frames: shorten or shrink it first", format, frames, width,
                    height, total / 1e6, MAX_TOTAL_PIXELS / 1_000_000));
        }
    }

    /**
     * How many times the animation plays: 0 for forever. WebP stores exactly that. A GIF without a NETSCAPE2.0 block
     * plays once; its count N counts repeats after the first play, so N > 0 means N + 1 plays, as browsers, ImageMagick
     * and gif2webp read it (0 = forever).
     */
    public static int loopCount(byte[] bytes, ImageFormat format) {
        if (format == ImageFormat.GIF) return gifLoops(bytes);
        if (format == ImageFormat.WEBP) {
            int anim = webpChunk(bytes, "ANIM");
            return anim < 0 || anim + 14 > bytes.length ? 0 : (bytes[anim + 12] & 0xFF) | (bytes[anim + 13] & 0xFF) << 8;
        }
        return 1;
    }

    /** Counts ANMF chunks of an animated WebP (0 when the animation flag is not set). */
    static int webpFrames(byte[] b) {
        if (b.length < 21 || !(b[12] == 'V' && b[13] == 'P' && b[14] == '8' && b[15] == 'X') || (b[20] & 0x02) == 0) return 0;
        int frames = 0;
        int pos = 12;
        while (pos + 8 <= b.length) {
            long size = u32le(b, pos + 4);
            if (b[pos] == 'A' && b[pos + 1] == 'N' && b[pos + 2] == 'M' && b[pos + 3] == 'F') frames++;
            long next = pos + 8 + size + (size & 1);
            if (next > b.length || next <= pos) break;
            pos = (int) next;
        }
        return frames;
    }

    /** Whether the VP8X header of a WebP declares alpha. */
    static boolean webpHasAlpha(byte[] b) {
        return b.length >= 21 && b[12] == 'V' && b[13] == 'P' && b[14] == '8' && b[15] == 'X' && (b[20] & 0x10) != 0;
    }

    // Offset of the first top-level chunk with this id, or -1.
    private static int webpChunk(byte[] b, String id) {
        int pos = 12;
        while (pos + 8 <= b.length) {
            if (b[pos] == id.charAt(0) && b[pos + 1] == id.charAt(1) && b[pos + 2] == id.charAt(2) && b[pos + 3] == id.charAt(3)) return pos;
            long size = u32le(b, pos + 4);
            long next = pos + 8 + size + (size & 1);
            if (next > b.length || next <= pos) return -1;
            pos = (int) next;
        }
        return -1;
    }

    // Walks the GIF blocks up to the first image for an application extension "NETSCAPE2.0" (or "ANIMEXTS1.0").
    private static int gifLoops(byte[] b) {
        if (b.length < 13) return 1;
        int pos = 13;
        int flags = b[10] & 0xFF;
        if ((flags & 0x80) != 0) pos += 3 * (1 << ((flags & 0x07) + 1));
        while (pos + 2 < b.length) {
            int block = b[pos] & 0xFF;
            if (block != 0x21) return 1;                     // image or trailer before any loop block: plays once
            int label = b[pos + 1] & 0xFF;
            int sub = pos + 2;
            if (label == 0xFF && sub + 12 < b.length && (b[sub] & 0xFF) == 11) {
                String app = new String(b, sub + 1, 11, java.nio.charset.StandardCharsets.ISO_8859_1);
                int data = sub + 12;
                if ((app.equals("NETSCAPE2.0") || app.equals("ANIMEXTS1.0")) && data + 3 < b.length && (b[data] & 0xFF) >= 3
                        && (b[data + 1] & 0xFF) == 1) {
                    int repeats = (b[data + 2] & 0xFF) | (b[data + 3] & 0xFF) << 8;
                    return repeats == 0 ? 0 : repeats + 1;
                }
            }
            while (sub < b.length) {                          // skip the sub-blocks
                int n = b[sub] & 0xFF;
                sub += 1 + n;
                if (n == 0) break;
            }
            pos = sub;
        }
        return 1;
    }

    private static long u32le(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }
}
