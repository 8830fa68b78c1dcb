package dev.imagehub.steps;

import java.util.Locale;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Size;

import dev.imagehub.config.Option;
import dev.imagehub.image.enhance.Channels;
import dev.imagehub.image.enhance.NoiseEstimate;

import static org.bytedeco.opencv.global.opencv_core.merge;
import static org.bytedeco.opencv.global.opencv_core.split;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2YCrCb;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_YCrCb2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.bilateralFilter;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

/**
 * Edge-preserving noise reduction, scaled to the noise measured in the image: a bilateral filter on luma (averages
 * only similar neighbours, so edges stay) and a wider, stronger one on chroma, where noise is most ugly and detail is
 * scarce. On noisy 1600 px photos this scored 0.7-4 dB PSNR above OpenCV's fastNlMeansDenoisingColored at 20-60 times
 * its speed, so non-local means is not offered (see docs/enhance.md for the measurements).
 */
public final class DenoiseStep extends PixelStep<DenoiseStep.Options> {
    /**
     * Filter colour range in multiples of the measured noise at full strength: luma, then chroma. Chroma is filtered
     * at half size, where area averaging has already halved its noise: as clean as a full-size 11 px filter at 6
     * sigmas in the measurements, at a quarter of the cost.
     */
    static final double LUMA_SIGMAS = 3.5;
    static final double CHROMA_SIGMAS = 3.0;
    /** A clean photo still gets a little smoothing; the estimate of a clean photo is about 0.5-1. */
    static final double MIN_NOISE = 1.0;

    /** Options of denoise. */
    public record Options(
            @Option(value = "how strongly noise is smoothed, 0 (none) to 100 (strongest)", defaultValue = "60", min = 0, max = 100) double strength,
            @Option(value = "also write <name>-compare.<ext>: the original and the result side by side", defaultValue = "false") boolean compare) {
    }

    public DenoiseStep() {
        super("denoise", "edge-preserving noise reduction (bilateral on luma and chroma, adapted to the measured noise)", Options.class);
    }

    @Override
    public Filtered filter(Mat src, Options o) {
        Mat out = src;
        String note;
        double sigma;
        try (Mat luma = Channels.luma(src)) {
            sigma = NoiseEstimate.sigma(luma);
        }
        double s = o.strength() / 100.0;
        double noise = Math.max(MIN_NOISE, sigma);
        if (s > 0) {
            out = Channels.keepingAlpha(src, colour -> denoise(colour, noise * LUMA_SIGMAS * s, noise * CHROMA_SIGMAS * s));
        }
        note = String.format(Locale.ROOT, "measured noise sigma %.2f, strength %.0f", sigma, o.strength());
        return new Filtered(out, note);
    }

    @Override
    protected boolean wantsComparison(Options o) {
        return o.compare();
    }

    /** Bilateral filtering with colour ranges {@code lumaRange} and {@code chromaRange} (in 8-bit levels). */
    static Mat denoise(Mat colour, double lumaRange, double chromaRange) {
        if (colour.channels() == 1) {
            Mat out = new Mat();
            bilateralFilter(colour, out, 7, lumaRange, 3);
            return out;
        }
        Mat out = new Mat();
        try (Mat ycc = new Mat(); MatVector planes = new MatVector(); Mat y = new Mat(); Mat cr = new Mat(); Mat cb = new Mat();
             Mat merged = new Mat()) {
            cvtColor(colour, ycc, COLOR_BGR2YCrCb);
            split(ycc, planes);
            bilateralFilter(planes.get(0), y, 7, lumaRange, 3);
            halfSizeBilateral(planes.get(1), cr, chromaRange);
            halfSizeBilateral(planes.get(2), cb, chromaRange);
            try (MatVector filtered = new MatVector(y, cr, cb)) {
                merge(filtered, merged);
            }
            cvtColor(merged, out, COLOR_YCrCb2BGR);
        }
        return out;
    }

    private static void halfSizeBilateral(Mat plane, Mat out, double range) {
        try (Mat small = new Mat(); Mat filtered = new Mat(); Size half = new Size((plane.cols() + 1) / 2, (plane.rows() + 1) / 2);
             Size full = new Size(plane.cols(), plane.rows())) {
            resize(plane, small, half, 0, 0, INTER_AREA);
            bilateralFilter(small, filtered, 5, range, 3);
            resize(filtered, out, full, 0, 0, INTER_LINEAR);
        }
    }
}
