package dev.imagehub.watermark;

import dev.imagehub.image.Contrast;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;

/** Whether the ground under a watermark is dark (so a light logo reads on it) or light, from the image's own pixels. */
public final class WatermarkGround {
    /**
     * The luminance at which white and black text contrast equally with the ground (WCAG): below it a light logo
     * stands out more than a dark one.
     */
    static final double CROSSOVER = Math.sqrt(1.05 * 0.05) - 0.05;

    private WatermarkGround() {
    }

    /** True when the mean colour of the area {@code x,y,w,h} of a BGR(A) image (clipped to it) is dark. */
    public static boolean isDark(Mat bgr, int x, int y, int w, int h) {
        return luminance(bgr, x, y, w, h) < CROSSOVER;
    }

    /** WCAG luminance of the mean colour of the area (clipped to the image); 1 (light) when the area lies outside. */
    public static double luminance(Mat bgr, int x, int y, int w, int h) {
        int x0 = Math.max(0, x);
        int y0 = Math.max(0, y);
        int x1 = Math.min(bgr.cols(), x + w);
        int y1 = Math.min(bgr.rows(), y + h);
        if (x1 <= x0 || y1 <= y0) return 1;
        try (Mat roi = new Mat(bgr, new Rect(x0, y0, x1 - x0, y1 - y0)); Scalar mean = org.bytedeco.opencv.global.opencv_core.mean(roi)) {
            return Contrast.luminance((int) Math.round(mean.get(2)), (int) Math.round(mean.get(1)), (int) Math.round(mean.get(0)));
        }
    }
}
