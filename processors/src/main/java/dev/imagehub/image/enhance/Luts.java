package dev.imagehub.image.enhance;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.LUT;

/**
 * Tone curves as 256-entry look-up tables: a curve is computed once in Java (256 values) and applied to every pixel by
 * OpenCV's {@code LUT}, which is the cheapest per-pixel operation there is. Curves are doubles on the 0..255 scale.
 */
public final class Luts {
    private Luts() {
    }

    public static double[] identity() {
        double[] t = new double[256];
        for (int i = 0; i < 256; i++) t[i] = i;
        return t;
    }

    /** {@code (1 - t) * a + t * b}: how a strength between 0 and 1 fades a curve in. */
    public static double[] mix(double[] a, double[] b, double t) {
        double[] out = new double[256];
        for (int i = 0; i < 256; i++) out[i] = a[i] + (b[i] - a[i]) * t;
        return out;
    }

    /** Applies the same curve to every channel of grey or BGR pixels; returns a new matrix. */
    public static Mat apply(Mat src, double[] curve) {
        Mat out = new Mat();
        try (Mat lut = table(curve)) {
            LUT(src, lut, out);
        }
        return out;
    }

    /** Applies one curve per channel to BGR pixels; returns a new matrix. */
    public static Mat apply(Mat bgr, double[] blue, double[] green, double[] red) {
        if (bgr.channels() != 3) throw new IllegalArgumentException("per-channel curves need BGR pixels, got " + bgr.channels() + " channels");
        Mat out = new Mat();
        try (Mat lut = new Mat(1, 256, CV_8UC3)) {
            byte[] b = new byte[256 * 3];
            for (int i = 0; i < 256; i++) {
                b[i * 3] = clamp(blue[i]);
                b[i * 3 + 1] = clamp(green[i]);
                b[i * 3 + 2] = clamp(red[i]);
            }
            new BytePointer(lut.data()).put(b);
            LUT(bgr, lut, out);
        }
        return out;
    }

    static Mat table(double[] curve) {
        Mat lut = new Mat(1, 256, CV_8UC1);
        byte[] b = new byte[256];
        for (int i = 0; i < 256; i++) b[i] = clamp(curve[i]);
        new BytePointer(lut.data()).put(b);
        return lut;
    }

    private static byte clamp(double v) {
        return (byte) Math.max(0, Math.min(255, (int) Math.round(v)));
    }

    /** sRGB-encoded 0..1 to linear light 0..1 (IEC 61966-2-1). */
    public static double toLinear(double encoded) {
        return encoded <= 0.04045 ? encoded / 12.92 : Math.pow((encoded + 0.055) / 1.055, 2.4);
    }

    /** Linear light 0..1 to sRGB-encoded 0..1. */
    public static double toSrgb(double linear) {
        return linear <= 0.0031308 ? linear * 12.92 : 1.055 * Math.pow(linear, 1 / 2.4) - 0.055;
    }
}
