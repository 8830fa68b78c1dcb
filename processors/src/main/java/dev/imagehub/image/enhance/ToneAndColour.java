package dev.imagehub.image.enhance;

import java.nio.ByteBuffer;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.LUT;
import static org.bytedeco.opencv.global.opencv_core.bitwise_and;
import static org.bytedeco.opencv.global.opencv_core.bitwise_not;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_core.magnitude;
import static org.bytedeco.opencv.global.opencv_core.merge;
import static org.bytedeco.opencv.global.opencv_core.multiply;
import static org.bytedeco.opencv.global.opencv_core.split;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2Lab;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_Lab2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

/**
 * Applies a tone curve to lightness only (CIELAB L*) and a saturation change that spares near-neutral colours, so that
 * a grey surface stays grey and no hue moves: stretching R, G and B with one curve multiplies the small differences
 * between them too, which is how a near-grey board turned green. A colour pushed outside sRGB keeps its lightness and
 * hue and gives up chroma rather than clipping. All work is OpenCV operations on whole images.
 */
public final class ToneAndColour {
    /** Chroma (CIELAB, 8-bit scale) below which a colour counts as neutral and is never saturated. */
    static final double NEUTRAL_CHROMA = 6;
    /** Chroma from which the full saturation change applies; in between it fades in smoothly. */
    static final double FULL_CHROMA = 20;

    private ToneAndColour() {
    }

    /**
     * {@code bgr} (8-bit, 3 channels) with {@code lightness} (256 entries, 0..255) applied to L* and chroma multiplied by
     * {@code saturation} (1 = unchanged) where it is at least {@link #FULL_CHROMA}, fading to 1 at {@link #NEUTRAL_CHROMA}.
     */
    public static Mat apply(Mat bgr, double[] lightness, double saturation) {
        Mat out = new Mat();
        try (Mat lab = new Mat(); MatVector ch = new MatVector()) {
            cvtColor(bgr, lab, COLOR_BGR2Lab);
            split(lab, ch);
            try (Mat lut = Luts.table(lightness); Mat l = new Mat()) {
                LUT(ch.get(0), lut, l);
                l.copyTo(ch.get(0));
            }
            if (saturation != 1) saturate(ch, saturation);
            merge(ch, lab);
            cvtColor(lab, out, COLOR_Lab2BGR);
            keepInGamut(bgr, out, lab);
        }
        return out;
    }

    // Where the new lightness or chroma would push a colour out of what sRGB can show (a channel driven to 0 or 255),
    // the colour keeps its new lightness and gives up some chroma instead, in steps, as photo editors map gamut. Only
    // those pixels are worked on: they are gathered into a one-column image, fitted, and put back, read and written in
    // place through buffers over the native pixels (no copy of the whole image on the heap).
    private static void keepInGamut(Mat original, Mat out, Mat lab) {
        try (Mat clipped = Clipping.newlyClippedMask(original, out); Mat originalPixels = original.isContinuous() ? null : original.clone()) {
            int n = countNonZero(clipped);
            if (n == 0) return;
            int[] where = new int[n];
            ByteBuffer mask = clipped.createBuffer();
            for (int i = 0, k = 0; k < n; i++) {
                if (mask.get(i) != 0) where[k++] = i;
            }
            ByteBuffer outPixels = out.createBuffer();
            try (Mat before = gathered(originalPixels != null ? originalPixels : original, where); Mat labColumn = gathered(lab, where);
                 Mat fitted = gathered(out, where); MatVector lab3 = new MatVector()) {
                split(labColumn, lab3);
                fit(before, lab3.get(0), lab3.get(1), lab3.get(2), fitted);
                ByteBuffer column = fitted.createBuffer();
                for (int k = 0; k < n; k++) {
                    for (int c = 0; c < 3; c++) outPixels.put(3 * where[k] + c, column.get(3 * k + c));
                }
            }
        }
    }

    // the 3-byte pixels of a continuous image at the given pixel indices, in order, as a one-column image
    private static Mat gathered(Mat image, int[] where) {
        ByteBuffer pixels = image.createBuffer();
        Mat m = new Mat(where.length, 1, CV_8UC3);
        ByteBuffer column = m.createBuffer();
        for (int k = 0; k < where.length; k++) {
            for (int c = 0; c < 3; c++) column.put(3 * k + c, pixels.get(3 * where[k] + c));
        }
        return m;
    }

    // the colours of one column of clipped pixels, with less and less chroma until they fit (or chroma is a quarter)
    private static void fit(Mat original, Mat l, Mat a, Mat b, Mat out) {
        Mat clipped = Clipping.newlyClippedMask(original, out);
        try {
            for (double keep : new double[] {0.85, 0.7, 0.5, 0.25}) {
                if (countNonZero(clipped) == 0) return;
                try (MatVector ch = new MatVector(l, scaledAroundNeutral(a, keep), scaledAroundNeutral(b, keep));
                     Mat merged = new Mat(); Mat candidate = new Mat(); Mat stillClipped = new Mat(); Mat fixed = new Mat()) {
                    merge(ch, merged);
                    cvtColor(merged, candidate, COLOR_Lab2BGR);
                    try (Mat candClipped = Clipping.newlyClippedMask(original, candidate)) {
                        bitwise_not(candClipped, fixed);
                        bitwise_and(fixed, clipped, fixed);
                        candidate.copyTo(out, fixed);
                        bitwise_and(clipped, candClipped, stillClipped);
                    }
                    ch.get(1).close();
                    ch.get(2).close();
                    stillClipped.copyTo(clipped);
                }
            }
        } finally {
            clipped.close();
        }
    }

    private static Mat scaledAroundNeutral(Mat channel, double keep) {
        Mat out = new Mat();
        channel.convertTo(out, CV_8U, keep, 128 * (1 - keep));
        return out;
    }

    // a and b (stored +128) scaled by a factor looked up from each pixel's chroma
    private static void saturate(MatVector ch, double saturation) {
        try (Mat a = new Mat(); Mat b = new Mat(); Mat chroma = new Mat(); Mat chroma8 = new Mat(); Mat factor = new Mat();
             Mat factorTable = factorTable(saturation)) {
            ch.get(1).convertTo(a, CV_32F, 1, -128);
            ch.get(2).convertTo(b, CV_32F, 1, -128);
            magnitude(a, b, chroma);
            chroma.convertTo(chroma8, CV_8U);
            LUT(chroma8, factorTable, factor);
            multiply(a, factor, a);
            multiply(b, factor, b);
            a.convertTo(ch.get(1), CV_8U, 1, 128);
            b.convertTo(ch.get(2), CV_8U, 1, 128);
        }
    }

    /** The saturation factor for each chroma 0..255: 1 for neutrals, {@code saturation} for clear colours. */
    static double factor(int chroma, double saturation) {
        double t = Math.max(0, Math.min(1, (chroma - NEUTRAL_CHROMA) / (FULL_CHROMA - NEUTRAL_CHROMA)));
        double smooth = t * t * (3 - 2 * t);
        return 1 + (saturation - 1) * smooth;
    }

    private static Mat factorTable(double saturation) {
        Mat t = new Mat(1, 256, CV_32F);
        FloatPointer p = new FloatPointer(t.data());
        for (int i = 0; i < 256; i++) p.put(i, (float) factor(i, saturation));
        return t;
    }
}
