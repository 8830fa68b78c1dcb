package dev.imagehub.image;

import java.util.Locale;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_saliency.StaticSaliencySpectralResidual;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.addWeighted;
import static org.bytedeco.opencv.global.opencv_core.magnitude;
import static org.bytedeco.opencv.global.opencv_core.sumElems;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.Sobel;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.integral;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

/**
 * Where the detail of an image is, for cropping without a face or focus point to go by. The map averages OpenCV's
 * spectral-residual saliency (what stands out from the rest of the picture) and edge density (where the texture is),
 * both computed on a grey copy at most {@value #SIDE} px wide, so the cost does not grow with the photo.
 */
public final class Saliency {
    static final int SIDE = 256;
    // spectral residual works at the coarse scale its paper uses (64 px): finer scales only find edges
    private static final int RESIDUAL_SIDE = 64;
    // the window leaves the centre only for clearly more detail, so evenly detailed photos keep a centred crop
    private static final double LEAVE_CENTRE = 1.03;

    private Saliency() {
    }

    /** The window position with the most detail, and the share of all detail it holds (and would hold centred). */
    public record Placement(int x, int y, double share, double centreShare) {
        public boolean centred() {
            return share == centreShare;
        }

        /** For the ledger: what the detail measure decided. */
        public String describe() {
            return centred()
                    ? String.format(Locale.ROOT, "saliency: detail spread evenly (%.0f%% in the centre window), kept centred", share * 100)
                    : String.format(Locale.ROOT, "saliency: %.0f%% of the detail in the window (centred: %.0f%%)", share * 100, centreShare * 100);
        }
    }

    /** A CV_32F detail map of {@code image} on a copy at most {@value #SIDE} px wide; its values sum to 1. */
    public static Mat map(Mat image) {
        double scale = Math.min(1.0, (double) SIDE / Math.max(image.cols(), image.rows()));
        int w = Math.max(1, (int) Math.round(image.cols() * scale));
        int h = Math.max(1, (int) Math.round(image.rows() * scale));
        try (Mat grey = grey(image); Mat small = new Mat(); Mat residual = new Mat(); Mat edges = new Mat(); Size size = new Size(w, h)) {
            resize(grey, small, size, 0, 0, INTER_AREA);
            spectralResidual(small, residual);
            edgeDensity(small, edges);
            normaliseSum(residual);
            normaliseSum(edges);
            Mat combined = new Mat();
            addWeighted(residual, 0.5, edges, 0.5, 0, combined);
            taperEdges(combined);
            normaliseSum(combined);
            return combined;
        }
    }

    /** Places a {@code w x h} window (image pixels) inside {@code image} where the detail map holds the most. */
    public static Placement place(Mat image, int w, int h) {
        try (Mat map = map(image); Mat sums = new Mat()) {
            integral(map, sums, CV_64F);
            double sx = (double) map.cols() / image.cols();
            double sy = (double) map.rows() / image.rows();
            int ww = Math.max(1, Math.min(map.cols(), (int) Math.round(w * sx)));
            int wh = Math.max(1, Math.min(map.rows(), (int) Math.round(h * sy)));
            double[] table = new double[sums.rows() * sums.cols()];
            ((java.nio.DoubleBuffer) sums.createBuffer()).get(table); // integral() output is continuous
            int stride = sums.cols();
            int centreX = (map.cols() - ww) / 2;
            int centreY = (map.rows() - wh) / 2;
            double centre = windowSum(table, stride, centreX, centreY, ww, wh);
            double best = centre;
            int bestX = centreX;
            int bestY = centreY;
            for (int y = 0; y + wh <= map.rows(); y++) {
                for (int x = 0; x + ww <= map.cols(); x++) {
                    double s = windowSum(table, stride, x, y, ww, wh);
                    if (s > best) {
                        best = s;
                        bestX = x;
                        bestY = y;
                    }
                }
            }
            if (best < centre * LEAVE_CENTRE) {
                return new Placement((image.cols() - w) / 2, (image.rows() - h) / 2, centre, centre);
            }
            int x = clamp((int) Math.round(bestX / sx), 0, image.cols() - w);
            int y = clamp((int) Math.round(bestY / sy), 0, image.rows() - h);
            return new Placement(x, y, best, centre);
        }
    }

    private static double windowSum(double[] t, int stride, int x, int y, int w, int h) {
        return t[(y + h) * stride + x + w] - t[y * stride + x + w] - t[(y + h) * stride + x] + t[y * stride + x];
    }

    private static Mat grey(Mat image) {
        Mat grey = new Mat();
        switch (image.channels()) {
            case 1 -> image.copyTo(grey);
            case 4 -> cvtColor(image, grey, COLOR_BGRA2GRAY);
            default -> cvtColor(image, grey, COLOR_BGR2GRAY);
        }
        return grey;
    }

    private static void spectralResidual(Mat small, Mat out) {
        double s = (double) RESIDUAL_SIDE / Math.max(small.cols(), small.rows());
        try (StaticSaliencySpectralResidual sr = StaticSaliencySpectralResidual.create()) {
            sr.setImageWidth(Math.max(8, (int) Math.round(small.cols() * s)));
            sr.setImageHeight(Math.max(8, (int) Math.round(small.rows() * s)));
            if (!sr.computeSaliency(small, out)) throw new IllegalStateException("OpenCV spectral-residual saliency failed");
        }
        if (out.type() != CV_32F) out.convertTo(out, CV_32F);
    }

    // Spectral residual lights up the image borders (the DFT wraps around), and a subject is rarely cut by the frame:
    // weigh detail down linearly over the outer 1/16 of each side.
    private static void taperEdges(Mat map) {
        int w = map.cols();
        int h = map.rows();
        float[] values = new float[w * h];
        ((java.nio.FloatBuffer) map.createBuffer()).get(values);
        double mx = Math.max(1, w / 16.0);
        double my = Math.max(1, h / 16.0);
        for (int y = 0; y < h; y++) {
            double wy = Math.min(1, (Math.min(y, h - 1 - y) + 0.5) / my);
            for (int x = 0; x < w; x++) {
                double wx = Math.min(1, (Math.min(x, w - 1 - x) + 0.5) / mx);
                values[y * w + x] *= (float) (wx * wy);
            }
        }
        ((java.nio.FloatBuffer) map.createBuffer()).put(values);
    }

    private static void edgeDensity(Mat small, Mat out) {
        try (Mat dx = new Mat(); Mat dy = new Mat(); Size blur = new Size(0, 0)) {
            Sobel(small, dx, CV_32F, 1, 0);
            Sobel(small, dy, CV_32F, 0, 1);
            magnitude(dx, dy, out);
            // density, not edges: spread each edge over its neighbourhood (1/32 of the long side)
            GaussianBlur(out, out, blur, Math.max(1.0, Math.max(small.cols(), small.rows()) / 32.0));
        }
    }

    // Each measure becomes a distribution (sum 1), so neither dominates by its units; a flat image gets a flat map.
    private static void normaliseSum(Mat m) {
        double total;
        try (Scalar s = sumElems(m)) {
            total = s.get(0);
        }
        if (total > 1e-9) {
            m.convertTo(m, CV_32F, 1.0 / total, 0);
        } else {
            try (Scalar flat = new Scalar(1.0 / ((double) m.rows() * m.cols()))) {
                m.put(flat);
            }
        }
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
