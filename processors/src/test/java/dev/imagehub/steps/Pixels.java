package dev.imagehub.steps;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;

import dev.imagehub.image.ImageDecoder;
import dev.imagehub.image.ImageProbe;
import dev.imagehub.image.Resampler;
import dev.imagehub.image.WorkingImage;
import dev.imagehub.testing.Fixtures;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2Lab;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

/** Pixel measurements for the enhancement tests, computed in plain Java so they do not share code with the steps. */
final class Pixels {
    private Pixels() {
    }

    /** A committed fixture decoded by the hub and area-scaled to {@code width} pixels wide. */
    static Mat fixture(String name, int width) throws Exception {
        byte[] bytes = Fixtures.bytes(name);
        try (WorkingImage img = ImageDecoder.decode(bytes, ImageProbe.probe(bytes), 1)) {
            return Resampler.resize(img.mat(), width, (int) Math.round((double) width * img.height() / img.width()));
        }
    }

    static byte[] bytes(Mat m) {
        Mat c = m.isContinuous() ? m : m.clone();
        byte[] b = new byte[(int) (c.total() * c.channels())];
        c.data().get(b);
        return b;
    }

    /** Rec. 601 luma of every pixel (grey, BGR or BGRA), row-major. */
    static double[] luma(Mat m) {
        byte[] b = bytes(m);
        int n = m.cols() * m.rows();
        int ch = m.channels();
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            if (ch == 1) y[i] = b[i] & 255;
            else y[i] = 0.114 * (b[i * ch] & 255) + 0.587 * (b[i * ch + 1] & 255) + 0.299 * (b[i * ch + 2] & 255);
        }
        return y;
    }

    static double percentile(double[] values, double p) {
        double[] s = values.clone();
        java.util.Arrays.sort(s);
        return s[(int) Math.min(s.length - 1, Math.floor(p * s.length))];
    }

    static double mean(double[] v) {
        double sum = 0;
        for (double x : v) sum += x;
        return sum / v.length;
    }

    /** Mean of each channel (B, G, R[, A]) over the whole image. */
    static double[] channelMeans(Mat m) {
        byte[] b = bytes(m);
        int ch = m.channels();
        double[] sum = new double[ch];
        for (int i = 0; i < b.length; i++) sum[i % ch] += b[i] & 255;
        for (int c = 0; c < ch; c++) sum[c] /= b.length / ch;
        return sum;
    }

    /** Mean a* and b* (CIE Lab, D65) of BGR pixels: 0, 0 is neutral grey on average. */
    static double[] meanAB(Mat bgr) {
        try (Mat f = new Mat(); Mat lab = new Mat()) {
            bgr.convertTo(f, CV_32F, 1 / 255.0, 0);
            cvtColor(f, lab, COLOR_BGR2Lab);
            Scalar s = org.bytedeco.opencv.global.opencv_core.mean(lab);
            return new double[] {s.get(1), s.get(2)};
        }
    }

    /** Standard deviation of luma inside a rectangle given in fractions of the image. */
    static double lumaStd(Mat m, double x0, double y0, double x1, double y1) {
        try (Rect r = rect(m, x0, y0, x1, y1); Mat view = new Mat(m, r); Mat copy = view.clone()) {
            double[] y = luma(copy);
            double mu = mean(y);
            double var = 0;
            for (double v : y) var += (v - mu) * (v - mu);
            return Math.sqrt(var / y.length);
        }
    }

    /** Standard deviation of the luma difference between {@code m} and {@code reference} inside a rectangle. */
    static double residualStd(Mat m, Mat reference, double x0, double y0, double x1, double y1) {
        try (Rect r = rect(m, x0, y0, x1, y1); Mat a = new Mat(m, r).clone(); Mat b = new Mat(reference, r).clone()) {
            double[] ya = luma(a);
            double[] yb = luma(b);
            double[] d = new double[ya.length];
            for (int i = 0; i < d.length; i++) d[i] = ya[i] - yb[i];
            double mu = mean(d);
            double var = 0;
            for (double v : d) var += (v - mu) * (v - mu);
            return Math.sqrt(var / d.length);
        }
    }

    /** Mean luma inside a rectangle given in fractions of the image. */
    static double lumaMean(Mat m, double x0, double y0, double x1, double y1) {
        try (Rect r = rect(m, x0, y0, x1, y1); Mat view = new Mat(m, r); Mat copy = view.clone()) {
            return mean(luma(copy));
        }
    }

    static Rect rect(Mat m, double x0, double y0, double x1, double y1) {
        int x = (int) Math.round(x0 * m.cols());
        int y = (int) Math.round(y0 * m.rows());
        return new Rect(x, y, (int) Math.round(x1 * m.cols()) - x, (int) Math.round(y1 * m.rows()) - y);
    }

    /** Squared luma gradient (central differences) per interior pixel, row-major over the full image (borders 0). */
    static double[] gradientEnergy(Mat m) {
        double[] y = luma(m);
        int w = m.cols();
        int h = m.rows();
        double[] g = new double[w * h];
        for (int r = 1; r < h - 1; r++) {
            for (int c = 1; c < w - 1; c++) {
                double dx = (y[r * w + c + 1] - y[r * w + c - 1]) / 2;
                double dy = (y[(r + 1) * w + c] - y[(r - 1) * w + c]) / 2;
                g[r * w + c] = dx * dx + dy * dy;
            }
        }
        return g;
    }

    /** Mean squared response of a 3x3 Laplacian on luma: the energy of the finest detail. */
    static double highFrequencyEnergy(Mat m) {
        double[] y = luma(m);
        int w = m.cols();
        int h = m.rows();
        double sum = 0;
        for (int r = 1; r < h - 1; r++) {
            for (int c = 1; c < w - 1; c++) {
                double l = 4 * y[r * w + c] - y[r * w + c - 1] - y[r * w + c + 1] - y[(r - 1) * w + c] - y[(r + 1) * w + c];
                sum += l * l;
            }
        }
        return sum / ((w - 2.0) * (h - 2.0));
    }

    /** Mean absolute difference per byte of two images of the same size and type. */
    static double meanAbsDiff(Mat a, Mat b) {
        byte[] x = bytes(a);
        byte[] y = bytes(b);
        if (x.length != y.length) throw new AssertionError("different sizes: " + x.length + " vs " + y.length);
        double sum = 0;
        for (int i = 0; i < x.length; i++) sum += Math.abs((x[i] & 255) - (y[i] & 255));
        return sum / x.length;
    }

    /** The alpha channel of BGRA pixels. */
    static byte[] alpha(Mat bgra) {
        byte[] b = bytes(bgra);
        byte[] a = new byte[b.length / 4];
        for (int i = 0; i < a.length; i++) a[i] = b[i * 4 + 3];
        return a;
    }
}
