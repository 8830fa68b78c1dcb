package dev.imagehub;

import java.util.Random;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;

import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_UNCHANGED;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

/** Draws small test images as OpenCV matrices and reads their pixels back; shared by the image and step tests. */
public final class TestImages {
    private TestImages() {
    }

    /** A {@code width x height} 8-bit image with {@code channels} channels, every pixel set to {@code colour} (B, G, R[, A]). */
    public static Mat filled(int width, int height, int... colour) {
        byte[] data = new byte[width * height * colour.length];
        for (int i = 0; i < data.length; i++) data[i] = (byte) colour[i % colour.length];
        return fromBytes(width, height, colour.length, data);
    }

    /** A matrix holding a copy of {@code data} (row-major, interleaved channels). */
    public static Mat fromBytes(int width, int height, int channels, byte[] data) {
        Mat m = new Mat(height, width, CV_8UC(channels));
        m.data().put(data);
        return m;
    }

    /** Random pixels (fixed seed), which JPEG cannot compress much: the entropy-coded data dominates the file. */
    public static Mat noise(int width, int height, int channels, long seed) {
        byte[] data = new byte[width * height * channels];
        new Random(seed).nextBytes(data);
        return fromBytes(width, height, channels, data);
    }

    /** Sets one pixel (B, G, R[, A]). */
    public static void set(Mat m, int x, int y, int... colour) {
        long base = ((long) y * m.cols() + x) * m.channels();
        for (int c = 0; c < colour.length; c++) m.data().put(base + c, (byte) colour[c]);
    }

    /** One pixel as unsigned channel values (B, G, R[, A]). */
    public static int[] pixel(Mat m, int x, int y) {
        Mat src = m.isContinuous() ? m : m.clone();
        int ch = src.channels();
        int[] out = new int[ch];
        long base = ((long) y * src.cols() + x) * ch;
        for (int c = 0; c < ch; c++) out[c] = src.data().get(base + c) & 0xFF;
        if (src != m) src.close();
        return out;
    }

    /** Encodes with OpenCV ({@code ext} like ".jpg"), optionally with imwrite flags as key, value pairs. */
    public static byte[] encode(String ext, Mat m, int... params) {
        try (BytePointer out = new BytePointer(); IntPointer p = new IntPointer(params)) {
            if (!imencode(ext, m, out, p)) throw new IllegalStateException("OpenCV could not encode " + ext);
            byte[] bytes = new byte[(int) out.limit()];
            out.get(bytes);
            return bytes;
        }
    }

    /** Decodes with OpenCV exactly as stored (no colour conversion, no orientation). */
    public static Mat decodeUnchanged(byte[] bytes) {
        return decode(bytes, IMREAD_UNCHANGED);
    }

    public static Mat decode(byte[] bytes, int flags) {
        try (BytePointer data = new BytePointer(bytes); Mat buf = new Mat(1, bytes.length, CV_8U, data)) {
            return imdecode(buf, flags);
        }
    }

    /** Largest absolute difference between two colours, channel by channel. */
    public static int maxDiff(int[] a, int... b) {
        int d = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) d = Math.max(d, Math.abs(a[i] - b[i]));
        return d;
    }
}
