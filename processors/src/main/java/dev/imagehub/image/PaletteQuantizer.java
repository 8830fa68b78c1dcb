package dev.imagehub.image;

import java.nio.FloatBuffer;
import java.util.Arrays;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.TermCriteria;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.KMEANS_PP_CENTERS;
import static org.bytedeco.opencv.global.opencv_core.kmeans;
import static org.bytedeco.opencv.global.opencv_core.setRNGSeed;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

/**
 * Reduces an image to at most N colours for an indexed PNG. Images that already have few enough colours keep them
 * exactly; others get a palette from k-means (OpenCV) on a sample of their pixels, and every pixel is mapped to its
 * nearest entry, optionally with Floyd-Steinberg error diffusion. Alpha is part of the palette, so transparency survives.
 */
public final class PaletteQuantizer {
    /** Pixels k-means looks at: enough for a stable palette, few enough to take tens of milliseconds. */
    static final int SAMPLE = 12_000;
    private static final int ITERATIONS = 10;

    private PaletteQuantizer() {
    }

    /**
     * An image as palette indices: pixel (x, y) has colour number {@code indices[y * width + x] & 0xFF}, whose channels
     * are {@code red[i]}, {@code green[i]}, {@code blue[i]} and, when the image has transparency, {@code alpha[i]}.
     */
    public record Indexed(int width, int height, byte[] indices, byte[] red, byte[] green, byte[] blue, byte[] alpha) {
        public int colours() { return red.length; }
        public boolean hasAlpha() { return alpha != null; }
    }

    /** Quantises grey, BGR or BGRA pixels to at most {@code maxColours} (2-256) colours. */
    public static Indexed quantize(Mat image, int maxColours, boolean dither) {
        if (maxColours < 2 || maxColours > 256) throw new IllegalArgumentException("a palette has 2 to 256 colours, not " + maxColours);
        int w = image.cols();
        int h = image.rows();
        int c = image.channels() == 4 && !WorkingImage.isOpaque(image) ? 4 : 3;
        byte[] px = pixels(image, c);
        if (c == 4) clearHiddenColour(px);

        Indexed exact = exactPalette(px, c, w, h, maxColours);
        if (exact != null) return exact;

        boolean transparentSlot = c == 4 && anyFullyTransparent(px);
        int[][] palette = kmeansPalette(px, c, transparentSlot ? maxColours - 1 : maxColours, transparentSlot);
        byte[] indices = new Mapper(palette, c, transparentSlot).map(px, w, h, dither);
        return indexed(w, h, indices, palette, c == 4);
    }

    /** The pixels as a packed BGR or BGRA array on the heap. */
    private static byte[] pixels(Mat image, int c) {
        Mat src = image;
        if (image.channels() == 1) {
            src = new Mat();
            cvtColor(image, src, COLOR_GRAY2BGR);
        } else if (image.channels() == 4 && c == 3) {
            src = new Mat();
            cvtColor(image, src, COLOR_BGRA2BGR);
        } else if (!image.isContinuous()) {
            src = image.clone();
        }
        byte[] px = new byte[image.cols() * image.rows() * c];
        src.data().get(px);
        if (src != image) src.close();
        return px;
    }

    // The colour under a fully transparent pixel is invisible; making it one value lets all of them share one entry.
    private static void clearHiddenColour(byte[] px) {
        for (int i = 0; i < px.length; i += 4) {
            if (px[i + 3] == 0) {
                px[i] = 0;
                px[i + 1] = 0;
                px[i + 2] = 0;
            }
        }
    }

    private static boolean anyFullyTransparent(byte[] px) {
        for (int i = 3; i < px.length; i += 4) if (px[i] == 0) return true;
        return false;
    }

    /** The image's own colours when there are at most {@code max}; null as soon as there are more. */
    private static Indexed exactPalette(byte[] px, int c, int w, int h, int max) {
        ColourTable table = new ColourTable();
        int n = w * h;
        byte[] indices = new byte[n];
        for (int p = 0, i = 0; p < n; p++, i += c) {
            int colour = pack(px, i, c);
            int index = table.indexOf(colour);
            if (index < 0) {
                if (table.size() == max) return null;
                index = table.add(colour);
            }
            indices[p] = (byte) index;
        }
        int[][] palette = new int[table.size()][];
        for (int k = 0; k < table.size(); k++) {
            int v = table.colour(k);
            palette[k] = c == 4 ? new int[] {v & 0xFF, (v >>> 8) & 0xFF, (v >>> 16) & 0xFF, v >>> 24}
                    : new int[] {v & 0xFF, (v >>> 8) & 0xFF, (v >>> 16) & 0xFF};
        }
        return indexed(w, h, indices, palette, c == 4);
    }

    private static int pack(byte[] px, int i, int c) {
        int v = (px[i] & 0xFF) | (px[i + 1] & 0xFF) << 8 | (px[i + 2] & 0xFF) << 16;
        return c == 4 ? v | (px[i + 3] & 0xFF) << 24 : v;
    }

    /** k-means centres (BGR[A] 0-255) of an evenly spread sample; entry 0 is fully transparent when asked. */
    private static int[][] kmeansPalette(byte[] px, int c, int k, boolean transparentSlot) {
        int n = px.length / c;
        int step = Math.max(1, n / SAMPLE);
        int rows = 0;
        float[] sample = new float[((n + step - 1) / step) * c];
        for (int p = 0; p < n; p += step) {
            int i = p * c;
            if (transparentSlot && px[i + 3] == 0) continue;
            for (int ch = 0; ch < c; ch++) sample[rows * c + ch] = px[i + ch] & 0xFF;
            rows++;
        }
        int clusters = Math.max(1, Math.min(k, rows));
        int[][] palette;
        if (rows == 0) {
            palette = new int[0][];
        } else {
            try (Mat data = new Mat(rows, c, CV_32F); Mat labels = new Mat(); Mat centres = new Mat();
                 TermCriteria until = new TermCriteria(TermCriteria.EPS + TermCriteria.COUNT, ITERATIONS, 0.5)) {
                ((FloatBuffer) data.createBuffer()).put(sample, 0, rows * c);
                setRNGSeed(0x1DEA); // k-means++ seeding is random: a fixed seed makes the same file give the same bytes
                kmeans(data, clusters, labels, until, 1, KMEANS_PP_CENTERS, centres);
                float[] f = new float[clusters * c];
                ((FloatBuffer) centres.createBuffer()).get(f);
                palette = new int[clusters][c];
                for (int j = 0; j < clusters; j++) {
                    for (int ch = 0; ch < c; ch++) palette[j][ch] = Math.max(0, Math.min(255, Math.round(f[j * c + ch])));
                }
            }
        }
        if (!transparentSlot) return palette;
        int[][] withClear = new int[palette.length + 1][];
        withClear[0] = new int[] {0, 0, 0, 0};
        System.arraycopy(palette, 0, withClear, 1, palette.length);
        return withClear;
    }

    private static Indexed indexed(int w, int h, byte[] indices, int[][] palette, boolean alpha) {
        int n = palette.length;
        byte[] r = new byte[n];
        byte[] g = new byte[n];
        byte[] b = new byte[n];
        byte[] a = alpha ? new byte[n] : null;
        for (int i = 0; i < n; i++) {
            b[i] = (byte) palette[i][0];
            g[i] = (byte) palette[i][1];
            r[i] = (byte) palette[i][2];
            if (alpha) a[i] = (byte) palette[i][3];
        }
        return new Indexed(w, h, indices, r, g, b, a);
    }

    /**
     * Maps pixels to their nearest palette entry. Nearest entries are cached per cell of a coarse colour grid
     * (6 bits per channel, 5 with alpha), so the palette is searched once per cell rather than once per pixel.
     */
    private static final class Mapper {
        private final int[][] palette;
        private final int c;
        private final boolean transparentSlot;
        private final int shift;
        private final int[] cache;

        Mapper(int[][] palette, int c, boolean transparentSlot) {
            this.palette = palette;
            this.c = c;
            this.transparentSlot = transparentSlot;
            this.shift = c == 4 ? 3 : 2;
            this.cache = new int[1 << (c * (8 - shift))];
            Arrays.fill(cache, -1);
        }

        byte[] map(byte[] px, int w, int h, boolean dither) {
            byte[] out = new byte[w * h];
            // errors for this row and the next, 3 colour channels, one pixel of margin each side; alpha is not diffused
            int[] here = new int[(w + 2) * 3];
            int[] below = new int[(w + 2) * 3];
            int[] v = new int[4];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = y * w + x;
                    int i = p * c;
                    if (transparentSlot && px[i + 3] == 0) {
                        out[p] = 0;
                        continue;
                    }
                    for (int ch = 0; ch < 3; ch++) {
                        int value = px[i + ch] & 0xFF;
                        if (dither) value += (here[(x + 1) * 3 + ch] + 8) >> 4; // errors are kept in 1/16ths
                        v[ch] = value < 0 ? 0 : Math.min(value, 255);
                    }
                    if (c == 4) v[3] = px[i + 3] & 0xFF;
                    int index = nearest(v);
                    out[p] = (byte) index;
                    if (dither) {
                        int[] chosen = palette[index];
                        for (int ch = 0; ch < 3; ch++) {
                            int e = v[ch] - chosen[ch];
                            if (e == 0) continue;
                            here[(x + 2) * 3 + ch] += e * 7;
                            below[x * 3 + ch] += e * 3;
                            below[(x + 1) * 3 + ch] += e * 5;
                            below[(x + 2) * 3 + ch] += e;
                        }
                    }
                }
                if (dither) {
                    int[] t = here;
                    here = below;
                    below = t;
                    Arrays.fill(below, 0);
                }
            }
            return out;
        }

        private int nearest(int[] v) {
            int bits = 8 - shift;
            int key = 0;
            for (int ch = 0; ch < c; ch++) key = key << bits | v[ch] >> shift;
            int cached = cache[key];
            if (cached >= 0) return cached;
            int half = 1 << (shift - 1);
            int best = 0;
            long bestDistance = Long.MAX_VALUE;
            for (int j = transparentSlot ? 1 : 0; j < palette.length; j++) {
                long d = 0;
                for (int ch = 0; ch < c; ch++) {
                    int diff = ((v[ch] >> shift << shift) + half) - palette[j][ch];
                    d += (long) diff * diff;
                }
                if (d < bestDistance) {
                    bestDistance = d;
                    best = j;
                }
            }
            cache[key] = best;
            return best;
        }
    }

    /** A small open-addressing set of packed colours that remembers the order they were added in. */
    private static final class ColourTable {
        private final long[] slots = new long[1024]; // holds colour + 1 (0 = empty), 4x the 256 colours it ever holds
        private final int[] slotIndex = new int[1024];
        private final int[] colours = new int[256];
        private int size;

        int size() { return size; }
        int colour(int index) { return colours[index]; }

        int indexOf(int colour) {
            long key = (colour & 0xFFFFFFFFL) + 1;
            for (int s = slot(colour); ; s = (s + 1) & 1023) {
                if (slots[s] == 0) return -1;
                if (slots[s] == key) return slotIndex[s];
            }
        }

        int add(int colour) {
            int s = slot(colour);
            while (slots[s] != 0) s = (s + 1) & 1023;
            slots[s] = (colour & 0xFFFFFFFFL) + 1;
            slotIndex[s] = size;
            colours[size] = colour;
            return size++;
        }

        private static int slot(int colour) {
            return (colour * 0x9E3779B9 >>> 22) & 1023;
        }
    }
}
