package dev.imagehub.image.enhance;

import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.opencv.opencv_core.Mat;

import static org.bytedeco.opencv.global.opencv_imgproc.calcHist;

/** 256-bin histograms of 8-bit single-channel pixels, computed by OpenCV, and the percentiles read from them. */
public final class Histograms {
    private Histograms() {
    }

    /** Counts per value of {@code grey} (8-bit, one channel), only where {@code mask} is non-zero (null: everywhere). */
    public static double[] of(Mat grey, Mat mask) {
        double[] counts = new double[256];
        try (Mat hist = new Mat(); Mat noMask = mask == null ? new Mat() : null) {
            calcHist(grey, 1, new int[] {0}, mask == null ? noMask : mask, hist, 1, new int[] {256}, new float[] {0, 256}, true, false);
            try (FloatIndexer idx = hist.createIndexer()) {
                for (int i = 0; i < 256; i++) counts[i] = idx.get(i);
            }
        }
        return counts;
    }

    /** The smallest value at or below which at least {@code fraction} (0..1) of the counted pixels lie. */
    public static int percentile(double[] counts, double fraction) {
        double total = 0;
        for (double c : counts) total += c;
        if (total == 0) return fraction < 0.5 ? 0 : 255;
        double wanted = fraction * total;
        double seen = 0;
        for (int i = 0; i < 256; i++) {
            seen += counts[i];
            if (seen >= wanted && seen > 0) return i;
        }
        return 255;
    }

    /** The mean value of the counted pixels. */
    public static double mean(double[] counts) {
        double total = 0;
        double sum = 0;
        for (int i = 0; i < 256; i++) {
            total += counts[i];
            sum += counts[i] * i;
        }
        return total == 0 ? 0 : sum / total;
    }
}
