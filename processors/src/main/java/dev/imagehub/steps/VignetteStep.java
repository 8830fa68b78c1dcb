package dev.imagehub.steps;

import java.util.Locale;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

import dev.imagehub.config.Option;
import dev.imagehub.image.enhance.Channels;

import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.multiply;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

/**
 * Darkens the edges towards the corners, following the image's aspect ratio: untouched inside {@code radius}, then
 * a smooth fall-off that reaches {@code strength} percent darker in the corners. The fall-off is smooth, so it is
 * computed on a mask of at most 256 px and enlarged by OpenCV, then multiplied into the pixels.
 */
public final class VignetteStep extends PixelStep<VignetteStep.Options> {
    /** The darkening is smooth, so its mask is computed this small and enlarged, instead of per full-size pixel. */
    static final int MASK_SIDE = 256;

    /** Options of vignette. */
    public record Options(
            @Option(value = "how much darker the corners become, in percent (100: black corners)", defaultValue = "35", min = 0, max = 100) double strength,
            @Option(value = "part of the centre-to-corner distance left untouched, 0 to 1", defaultValue = "0.5", min = 0, max = 0.95) double radius,
            @Option(value = "also write <name>-compare.<ext>: the original and the result side by side", defaultValue = "false") boolean compare) {
    }

    public VignetteStep() {
        super("vignette", "darken the corners: strength, radius", Options.class);
    }

    @Override
    public Filtered filter(Mat src, Options o) {
        Mat out = src;
        String note;
        if (o.strength() > 0) {
            try (Mat factor = factor(src.cols(), src.rows(), o.strength() / 100.0, o.radius())) {
                out = Channels.keepingAlpha(src, colour -> darken(colour, factor));
            }
        }
        note = String.format(Locale.ROOT, "corners %.0f%% darker, untouched within %.2f of the way to the corners", o.strength(), o.radius());
        return new Filtered(out, note);
    }

    @Override
    protected boolean wantsComparison(Options o) {
        return o.compare();
    }

    /** The brightness factor per pixel (8-bit, 255 = unchanged) for a {@code width x height} image. */
    static Mat factor(int width, int height, double strength, double radius) {
        double scale = Math.min(1.0, (double) MASK_SIDE / Math.max(width, height));
        int mw = Math.max(2, (int) Math.round(width * scale));
        int mh = Math.max(2, (int) Math.round(height * scale));
        double[] u2 = halfSquares(mw);
        double[] v2 = halfSquares(mh);
        byte[] f = new byte[mw * mh];
        for (int y = 0; y < mh; y++) {
            for (int x = 0; x < mw; x++) {
                double d = Math.sqrt(u2[x] + v2[y]); // 0 in the centre, 1 in the corners, elliptical
                f[y * mw + x] = (byte) Math.round(255 * (1 - strength * falloff(d, radius)));
            }
        }
        Mat full = new Mat();
        try (Mat small = new Mat(mh, mw, CV_8U); Size size = new Size(width, height)) {
            new BytePointer(small.data()).put(f);
            resize(small, full, size, 0, 0, INTER_LINEAR);
        }
        return full;
    }

    /** 0 inside {@code radius}, rising smoothly (smoothstep) to 1 at distance 1 (the corners). */
    static double falloff(double distance, double radius) {
        double t = Math.max(0, Math.min(1, (distance - radius) / (1 - radius)));
        return t * t * (3 - 2 * t);
    }

    // squared normalised coordinate along one axis, halved so that a corner (1, 1) sums to 1
    private static double[] halfSquares(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double x = (i + 0.5) / n * 2 - 1;
            v[i] = x * x / 2;
        }
        return v;
    }

    private static Mat darken(Mat colour, Mat factor) {
        Mat out = new Mat();
        if (colour.channels() == 1) {
            multiply(colour, factor, out, 1 / 255.0, -1);
            return out;
        }
        try (Mat factor3 = new Mat()) {
            cvtColor(factor, factor3, COLOR_GRAY2BGR);
            multiply(colour, factor3, out, 1 / 255.0, -1);
        }
        return out;
    }
}
