package dev.imagehub.image.enhance;

import java.util.function.UnaryOperator;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

import static org.bytedeco.opencv.global.opencv_core.CMP_GT;
import static org.bytedeco.opencv.global.opencv_core.compare;
import static org.bytedeco.opencv.global.opencv_core.extractChannel;
import static org.bytedeco.opencv.global.opencv_core.insertChannel;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2BGRA;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGRA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

/**
 * Channel plumbing shared by the enhancement steps: they work on grey or BGR pixels, while an alpha channel passes
 * through untouched, and they measure statistics only where the image is not fully transparent.
 */
public final class Channels {
    private Channels() {
    }

    /**
     * Runs {@code colour} on the colour part of {@code src} (grey or BGR, never BGRA) and puts the alpha of {@code src}
     * back. {@code colour} returns a new grey or BGR matrix, or its argument when it changes nothing. The result is a
     * new matrix unless nothing changed and there was no alpha (then {@code src} itself).
     */
    public static Mat keepingAlpha(Mat src, UnaryOperator<Mat> colour) {
        if (src.channels() != 4) return colour.apply(src);
        Mat out;
        try (Mat bgr = new Mat(); Mat alpha = new Mat()) {
            cvtColor(src, bgr, COLOR_BGRA2BGR);
            extractChannel(src, alpha, 3);
            Mat done = colour.apply(bgr);
            out = new Mat();
            cvtColor(done, out, done.channels() == 1 ? COLOR_GRAY2BGRA : COLOR_BGR2BGRA);
            if (done != bgr) done.close();
            insertChannel(alpha, out, 3);
        }
        return out;
    }

    /** A new copy of the colour part: grey stays grey, BGR stays BGR, BGRA loses its alpha. */
    public static Mat colourOnly(Mat src) {
        Mat out = new Mat();
        if (src.channels() == 4) cvtColor(src, out, COLOR_BGRA2BGR);
        else src.copyTo(out);
        return out;
    }

    /** A new BGR copy of grey or BGR pixels, for operations that need colour. */
    public static Mat bgr(Mat colour) {
        Mat out = new Mat();
        if (colour.channels() == 1) cvtColor(colour, out, COLOR_GRAY2BGR);
        else colour.copyTo(out);
        return out;
    }

    /** A new single-channel luma (Rec. 601, as JPEG stores it) of grey or BGR pixels. */
    public static Mat luma(Mat colour) {
        Mat out = new Mat();
        if (colour.channels() == 1) colour.copyTo(out);
        else if (colour.channels() == 4) cvtColor(colour, out, org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2GRAY);
        else cvtColor(colour, out, COLOR_BGR2GRAY);
        return out;
    }

    /** The pixels that are at least partly visible (alpha above 0), or null when the image has no alpha channel. */
    public static Mat visibleMask(Mat src) {
        if (src.channels() != 4) return null;
        Mat mask = new Mat();
        try (Mat alpha = new Mat(); Mat zero = new Mat(1, 1, org.bytedeco.opencv.global.opencv_core.CV_8U,
                new org.bytedeco.opencv.opencv_core.Scalar(0.0))) {
            extractChannel(src, alpha, 3);
            compare(alpha, zero, mask, CMP_GT);
        }
        return mask;
    }

    /** A new area-averaged copy no larger than {@code maxSide} pixels, for statistics that need no full resolution. */
    public static Mat shrunk(Mat src, int maxSide) {
        int longest = Math.max(src.cols(), src.rows());
        Mat out = new Mat();
        if (longest <= maxSide) {
            src.copyTo(out);
            return out;
        }
        double s = (double) maxSide / longest;
        try (Size size = new Size(Math.max(1, (int) Math.round(src.cols() * s)), Math.max(1, (int) Math.round(src.rows() * s)))) {
            resize(src, out, size, 0, 0, INTER_AREA);
        }
        return out;
    }
}
