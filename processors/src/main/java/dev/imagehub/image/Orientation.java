package dev.imagehub.image;

import org.bytedeco.opencv.opencv_core.Mat;

import static org.bytedeco.opencv.global.opencv_core.ROTATE_180;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_CLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_COUNTERCLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.flip;
import static org.bytedeco.opencv.global.opencv_core.rotate;
import static org.bytedeco.opencv.global.opencv_core.transpose;

/** Applies an EXIF orientation (1..8) to pixels, so they display upright without the tag. */
public final class Orientation {
    private Orientation() {
    }

    public static void apply(WorkingImage image, int orientation) {
        if (orientation <= 1 || orientation > 8) return;
        Mat src = image.mat();
        Mat out = new Mat();
        switch (orientation) {
            case 2 -> flip(src, out, 1);                          // mirror horizontal
            case 3 -> rotate(src, out, ROTATE_180);
            case 4 -> flip(src, out, 0);                          // mirror vertical
            case 5 -> transpose(src, out);                        // mirror along the main diagonal
            case 6 -> rotate(src, out, ROTATE_90_CLOCKWISE);
            case 7 -> {                                           // mirror along the anti-diagonal
                try (Mat t = new Mat()) {
                    transpose(src, t);
                    rotate(t, out, ROTATE_180);
                }
            }
            case 8 -> rotate(src, out, ROTATE_90_COUNTERCLOCKWISE);
            default -> throw new IllegalArgumentException("orientation " + orientation);
        }
        image.replace(out);
    }
}
