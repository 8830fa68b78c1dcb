package dev.imagehub.image.enhance;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Scalar;

import static org.bytedeco.opencv.global.opencv_core.CMP_GE;
import static org.bytedeco.opencv.global.opencv_core.CMP_GT;
import static org.bytedeco.opencv.global.opencv_core.CMP_LE;
import static org.bytedeco.opencv.global.opencv_core.CMP_LT;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.bitwise_and;
import static org.bytedeco.opencv.global.opencv_core.bitwise_or;
import static org.bytedeco.opencv.global.opencv_core.compare;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_core.max;
import static org.bytedeco.opencv.global.opencv_core.min;
import static org.bytedeco.opencv.global.opencv_core.split;

/** Pixels with a channel at 0 or 255: where detail is lost. Enhancement must not create many of them. */
public final class Clipping {
    private Clipping() {
    }

    /** A mask of the pixels of {@code bgr} (8-bit, 1 or 3 channels) with some channel at 0 or at 255. */
    public static Mat mask(Mat bgr) {
        Mat out = new Mat();
        try (MatVector ch = new MatVector(); Mat hi = new Mat(); Mat lo = new Mat(); Mat top = new Mat(); Mat bottom = new Mat();
             Mat full = new Mat(1, 1, CV_8U, new Scalar(255)); Mat none = new Mat(1, 1, CV_8U, new Scalar(0.0))) {
            split(bgr, ch);
            ch.get(0).copyTo(hi);
            ch.get(0).copyTo(lo);
            for (int c = 1; c < ch.size(); c++) {
                max(hi, ch.get(c), hi);
                min(lo, ch.get(c), lo);
            }
            compare(hi, full, top, CMP_GE);
            compare(lo, none, bottom, CMP_LE);
            bitwise_or(top, bottom, out);
        }
        return out;
    }

    /**
     * The share of (visible) pixels that enhancement drove into clipping: some channel is at 0 or 255 in {@code after}
     * while it was more than {@link #MARGIN} levels away from that limit in {@code before}. A channel that was already
     * at 2 and becomes 0 (the red of a saturated blue) loses nothing anyone sees, so it does not count.
     */
    public static double newlyClipped(Mat before, Mat after, Mat visible) {
        try (Mat any = newlyClippedMask(before, after)) {
            if (visible != null) bitwise_and(any, visible, any);
            int total = visible != null ? countNonZero(visible) : before.cols() * before.rows();
            return total == 0 ? 0 : (double) countNonZero(any) / total;
        }
    }

    /** A mask of the pixels {@link #newlyClipped} counts. */
    public static Mat newlyClippedMask(Mat before, Mat after) {
        Mat any = new Mat(before.rows(), before.cols(), CV_8U, new Scalar(0.0));
        try (MatVector b = new MatVector(); MatVector a = new MatVector();
             Mat atTop = new Mat(); Mat atBottom = new Mat(); Mat wasBelow = new Mat(); Mat wasAbove = new Mat(); Mat hit = new Mat();
             Mat full = new Mat(1, 1, CV_8U, new Scalar(255)); Mat none = new Mat(1, 1, CV_8U, new Scalar(0.0));
             Mat topMargin = new Mat(1, 1, CV_8U, new Scalar(255 - MARGIN)); Mat bottomMargin = new Mat(1, 1, CV_8U, new Scalar(MARGIN))) {
            split(before, b);
            split(after, a);
            for (int c = 0; c < Math.min(b.size(), a.size()); c++) {
                compare(a.get(c), full, atTop, CMP_GE);
                compare(b.get(c), topMargin, wasBelow, CMP_LT);
                bitwise_and(atTop, wasBelow, hit);
                bitwise_or(any, hit, any);
                compare(a.get(c), none, atBottom, CMP_LE);
                compare(b.get(c), bottomMargin, wasAbove, CMP_GT);
                bitwise_and(atBottom, wasAbove, hit);
                bitwise_or(any, hit, any);
            }
        }
        return any;
    }

    /** Levels from a limit within which a channel counts as already clipped (JPEG noise around 0 and 255). */
    public static final int MARGIN = 4;
}
