package dev.imagehub.image.enhance;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.NORM_L1;
import static org.bytedeco.opencv.global.opencv_core.norm;
import static org.bytedeco.opencv.global.opencv_imgproc.filter2D;

/**
 * Estimates the standard deviation of Gaussian noise in grey pixels (J. Immerkaer, "Fast noise variance estimation",
 * 1996): a 3x3 kernel that cancels smooth gradients leaves mostly noise, whose mean absolute value gives sigma.
 */
public final class NoiseEstimate {
    /** Noise is the same everywhere, so a central window this large is measured instead of a whole 24 MP frame. */
    private static final int WINDOW = 2048;

    private NoiseEstimate() {
    }

    public static double sigma(Mat grey) {
        if (grey.cols() < 3 || grey.rows() < 3) return 0;
        int w = Math.min(WINDOW, grey.cols());
        int h = Math.min(WINDOW, grey.rows());
        try (Rect r = new Rect((grey.cols() - w) / 2, (grey.rows() - h) / 2, w, h); Mat window = new Mat(grey, r);
             Mat kernel = new Mat(3, 3, CV_32F); Mat response = new Mat()) {
            new FloatPointer(kernel.data()).put(new float[] {1, -2, 1, -2, 4, -2, 1, -2, 1});
            filter2D(window, response, CV_32F, kernel);
            double sum = norm(response, NORM_L1, null);
            return Math.sqrt(Math.PI / 2) * sum / (6.0 * (w - 2) * (h - 2));
        }
    }
}
