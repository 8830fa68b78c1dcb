package dev.imagehub.image;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.absdiff;

/** Colour distance between two images of the same size, for "close to the reference" assertions. */
public final class PixelError {
    private PixelError() {
    }

    /** Mean absolute difference over all pixels and channels, in levels of 255. */
    public static double mean(Mat a, Mat b) {
        assertThat(a.cols()).as("width").isEqualTo(b.cols());
        assertThat(a.rows()).as("height").isEqualTo(b.rows());
        try (Mat diff = new Mat()) {
            absdiff(a, b, diff);
            Scalar m = org.bytedeco.opencv.global.opencv_core.mean(diff);
            double sum = 0;
            for (int c = 0; c < a.channels(); c++) sum += m.get(c);
            return sum / a.channels();
        }
    }
}
