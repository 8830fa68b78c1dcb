package dev.imagehub.image;

import java.util.Locale;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_saliency.StaticSaliencySpectralResidual;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.add;
import static org.bytedeco.opencv.global.opencv_core.addWeighted;
import static org.bytedeco.opencv.global.opencv_core.magnitude;
import static org.bytedeco.opencv.global.opencv_core.minMaxLoc;
import static org.bytedeco.opencv.global.opencv_core.multiply;
import static org.bytedeco.opencv.global.opencv_core.split;
import static org.bytedeco.opencv.global.opencv_core.sumElems;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2Lab;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.Sobel;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.integral;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

/**
 * Where the detail of an image is, for cropping without a face or focus point to go by. The map averages OpenCV's
 * spectral-residual saliency of the L, a and b channels (what stands out from the rest of the picture, in lightness or
 * colour) and edge density (where the texture is), both on a copy at most {@value #SIDE} px wide, so the cost does not
 * grow with the photo.
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
        try (Mat small = new Mat(); Mat residual = new Mat(); Mat edges = new Mat(); Size size = new Size(w, h)) {
            resize(image, small, size, 0, 0, INTER_AREA);
            try (MatVector channels = labChannels(small)) {
                // what stands out in lightness or in colour (a small red kite on a blue sky is not darker, only redder)
                for (long c = 0; c < channels.size(); c++) {
                    try (Mat one = new Mat()) {
                        spectralResidual(channels.get(c), one);
                        normaliseSum(one);
                        if (c == 0) one.copyTo(residual);
                        else add(residual, one, residual);
                    }
                }
                edgeDensity(channels.get(0), edges);
            }
            normaliseSum(residual);
            normaliseSum(edges);
            Mat combined = new Mat();
            addWeighted(residual, 0.5, edges, 0.5, 0, combined);
            // squared, so that a distinct subject outweighs texture spread thinly over a larger area (wood, grass)
            multiply(combined, combined, combined);
            taperEdges(combined);
            normaliseSum(combined);
            return combined;
        }
    }

    // L, a and b of a BGR(A) copy; a grey image has only lightness
    private static MatVector labChannels(Mat small) {
        MatVector channels = new MatVector();
        if (small.channels() == 1) {
            channels.push_back(small);
            return channels;
        }
        try (Mat bgr = new Mat(); Mat lab = new Mat()) {
            if (small.channels() == 4) cvtColor(small, bgr, COLOR_BGRA2BGR);
            else small.copyTo(bgr);
            cvtColor(bgr, lab, COLOR_BGR2Lab);
            split(lab, channels);
        }
        return channels;
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
            // the single most salient spot (a small subject: a kite, an insect) must be in the window, well inside it;
            // among the windows that hold it, the one with the most detail wins
            int[] peak = peak(map);
            int[] xs = range(peak[0], ww, map.cols());
            int[] ys = range(peak[1], wh, map.rows());
            int centreX = (map.cols() - ww) / 2;
            int centreY = (map.rows() - wh) / 2;
            double centre = windowSum(table, stride, centreX, centreY, ww, wh);
            boolean centreHoldsPeak = centreX >= xs[0] && centreX <= xs[1] && centreY >= ys[0] && centreY <= ys[1];
            double best = -1;
            int bestX = centreX;
            int bestY = centreY;
            for (int y = ys[0]; y <= ys[1]; y++) {
                for (int x = xs[0]; x <= xs[1]; x++) {
                    double s = windowSum(table, stride, x, y, ww, wh);
                    if (s > best) {
                        best = s;
                        bestX = x;
                        bestY = y;
                    }
                }
            }
            if (centreHoldsPeak && best < centre * LEAVE_CENTRE) {
                return new Placement((image.cols() - w) / 2, (image.rows() - h) / 2, centre, centre);
            }
            int x = clamp((int) Math.round(bestX / sx), 0, image.cols() - w);
            int y = clamp((int) Math.round(bestY / sy), 0, image.rows() - h);
            return new Placement(x, y, best, centre);
        }
    }

    // where the blurred map peaks, in map pixels
    private static int[] peak(Mat map) {
        try (Mat blurred = new Mat(); Size none = new Size(0, 0); Point at = new Point()) {
            GaussianBlur(map, blurred, none, Math.max(1.0, Math.max(map.cols(), map.rows()) / 32.0));
            minMaxLoc(blurred, (double[]) null, null, null, at, null);
            return new int[] {at.x(), at.y()};
        }
    }

    // window starts (inclusive) that keep p at least 15 % of the window from its edges, within the map
    private static int[] range(int p, int window, int size) {
        int margin = (int) Math.round(window * 0.15);
        int lo = Math.max(0, p + margin - window);
        int hi = Math.min(size - window, p - margin);
        if (lo > hi) { // the peak is too near the border for the margin: any window that holds it
            lo = Math.max(0, p - window + 1);
            hi = Math.min(size - window, p);
        }
        return lo > hi ? new int[] {0, size - window} : new int[] {lo, hi};
    }

    private static double windowSum(double[] t, int stride, int x, int y, int w, int h) {
        return t[(y + h) * stride + x + w] - t[y * stride + x + w] - t[(y + h) * stride + x] + t[y * stride + x];
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
