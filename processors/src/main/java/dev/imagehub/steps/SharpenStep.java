package dev.imagehub.steps;

import java.util.Locale;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

import dev.imagehub.config.Option;
import dev.imagehub.image.enhance.Channels;

import static org.bytedeco.opencv.global.opencv_core.CMP_LT;
import static org.bytedeco.opencv.global.opencv_core.CV_16S;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.add;
import static org.bytedeco.opencv.global.opencv_core.compare;
import static org.bytedeco.opencv.global.opencv_core.merge;
import static org.bytedeco.opencv.global.opencv_core.split;
import static org.bytedeco.opencv.global.opencv_core.subtract;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;

/**
 * Unsharp mask on luma: the difference between the image and a Gaussian blur of it (the fine detail) is amplified and
 * added back equally to every channel, which sharpens edges without colour fringes. Differences below
 * {@code threshold} levels are left alone, so flat areas and noise are not sharpened, and no edge is sharpened into
 * clipping.
 */
public final class SharpenStep extends PixelStep<SharpenStep.Options> {

    /** Options of sharpen. */
    public record Options(
            @Option(value = "how much of the sharpening is applied, 0 (none) to 100 (all of amount)", defaultValue = "100", min = 0, max = 100) double strength,
            @Option(value = "unsharp-mask amount in percent: how much the detail is amplified", defaultValue = "80", min = 0, max = 500) double amount,
            @Option(value = "blur radius (Gaussian sigma) in pixels: the size of the detail that is sharpened", defaultValue = "1.0", min = 0.1, max = 50) double radius,
            @Option(value = "smallest luma difference (0-255 levels) that is sharpened; higher spares noise and skin", defaultValue = "2", min = 0, max = 255) int threshold,
            @Option(value = "also write <name>-compare.<ext>: the original and the result side by side", defaultValue = "false") boolean compare) {
    }

    public SharpenStep() {
        super("sharpen", "unsharp mask on luma: amount, radius, threshold", Options.class);
    }

    @Override
    public Filtered filter(Mat src, Options o) {
        Mat out = src;
        String note;
        double amount = o.amount() / 100.0 * o.strength() / 100.0;
        if (amount > 0) {
            out = Channels.keepingAlpha(src, colour -> sharpen(colour, amount, o.radius(), o.threshold()));
        }
        note = String.format(Locale.ROOT, "amount %.0f%%, radius %.1f px, threshold %d", amount * 100, o.radius(), o.threshold());
        return new Filtered(out, note);
    }

    @Override
    protected boolean wantsComparison(Options o) {
        return o.compare();
    }

    // The added detail stops one level short of 0 and 255 in every channel: an edge is not sharpened into clipping (a
    // halo of pure white, or a saturated colour losing a channel), and what was clipped before stays as it was.
    private static void limitToHeadroom(Mat colour, Mat boosted) {
        try (MatVector ch = new MatVector(); Mat hi = new Mat(); Mat lo = new Mat(); Mat up = new Mat(); Mat down = new Mat();
             Mat zero = new Mat(1, 1, CV_16S, new Scalar(0.0))) {
            split(colour, ch);
            ch.get(0).copyTo(hi);
            ch.get(0).copyTo(lo);
            for (int c = 1; c < ch.size(); c++) {
                org.bytedeco.opencv.global.opencv_core.max(hi, ch.get(c), hi);
                org.bytedeco.opencv.global.opencv_core.min(lo, ch.get(c), lo);
            }
            hi.convertTo(up, CV_16S, -1, 254);                      // 254 - brightest channel
            lo.convertTo(down, CV_16S, -1, 1);                      // -(darkest channel - 1)
            org.bytedeco.opencv.global.opencv_core.max(up, zero, up);
            org.bytedeco.opencv.global.opencv_core.min(down, zero, down);
            org.bytedeco.opencv.global.opencv_core.min(boosted, up, boosted);
            org.bytedeco.opencv.global.opencv_core.max(boosted, down, boosted);
        }
    }

    static Mat sharpen(Mat colour, double amount, double radius, int threshold) {
        Mat out = new Mat();
        try (Mat luma = Channels.luma(colour); Mat blurred = new Mat(); Mat detail = new Mat(); Mat boosted = new Mat();
             Mat diff = new Mat(); Mat flat = new Mat(); Mat limit = new Mat(1, 1, CV_8U, new Scalar(threshold));
             Mat zero = new Mat(1, 1, CV_16S, new Scalar(0.0)); Size auto = new Size(0, 0); Mat noMask = new Mat()) {
            GaussianBlur(luma, blurred, auto, radius);
            subtract(luma, blurred, detail, noMask, CV_16S);
            detail.convertTo(boosted, CV_16S, amount, 0);
            if (threshold > 0) {
                absdiff(luma, blurred, diff);
                compare(diff, limit, flat, CMP_LT);
                boosted.setTo(zero, flat);
            }
            limitToHeadroom(colour, boosted);
            if (colour.channels() == 1) {
                add(colour, boosted, out, noMask, CV_8U);
            } else {
                try (MatVector three = new MatVector(boosted, boosted, boosted); Mat boosted3 = new Mat()) {
                    merge(three, boosted3);
                    add(colour, boosted3, out, noMask, CV_8U);
                }
            }
        }
        return out;
    }
}
