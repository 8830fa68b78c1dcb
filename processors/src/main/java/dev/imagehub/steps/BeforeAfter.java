package dev.imagehub.steps;

import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

import dev.imagehub.chain.StepContext;
import dev.imagehub.image.Orientation;
import dev.imagehub.image.Resampler;
import dev.imagehub.image.WorkingImage;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2BGRA;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGRA;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_DUPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.getTextSize;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;

/**
 * The before/after comparison that any enhancement step offers with {@code compare: true}: the image as it was before
 * the first enhancement step of the chain on the left, the enhanced image on the right, each under a label, delivered
 * as the extra output {@code <name>-compare.<ext>}.
 *
 * <p>Every enhancement step calls {@link #rememberOriginal} before it changes pixels (only the first call of a run
 * copies them) and {@link #update} after. Once a step asked for the comparison, each later enhancement step redraws
 * its right half, so the comparison always shows the result of the whole enhancement.
 */
public final class BeforeAfter {
    /** Suffix of the extra output, e.g. {@code photo-compare.jpg}. */
    public static final String SUFFIX = "-compare";
    private static final String ORIGINAL = "enhance.original";
    private static final double BAND_COLOUR = 32;
    private static final double TEXT_COLOUR = 240;

    private BeforeAfter() {
    }

    /** Where the parts of a comparison of two {@code width x height} images go. */
    public record Layout(int width, int height, int band, int gap) {
        public int totalWidth() { return 2 * width + gap; }
        public int totalHeight() { return height + band; }
        public int afterX() { return width + gap; }
    }

    /** Label band above the images and gap between them: proportional to the image, never too small to read. */
    public static Layout layout(int width, int height) {
        int band = Math.max(28, (int) Math.round(Math.max(width, height) * 0.045));
        int gap = Math.max(4, (int) Math.round(width * 0.006));
        return new Layout(width, height, band, gap);
    }

    /** Keeps a copy of the pixels before the first enhancement step of this run; later calls keep the first copy. */
    public static void rememberOriginal(StepContext ctx) {
        if (ctx.kept(ORIGINAL) == null) ctx.keep(ORIGINAL, new WorkingImage(ctx.image().mat().clone()));
    }

    /**
     * After an enhancement step: delivers the comparison when {@code asked}, or redraws the one an earlier step asked
     * for, so that its right half shows the current pixels.
     */
    public static void update(StepContext ctx, boolean asked) {
        StepContext.Extra existing = ctx.extras().stream().filter(e -> e.suffix().equals(SUFFIX)).findFirst().orElse(null);
        if (!asked && existing == null) return;
        WorkingImage original = (WorkingImage) ctx.kept(ORIGINAL);
        if (original == null) throw new IllegalStateException("the comparison needs the original pixels kept by rememberOriginal");
        Mat composed = compose(original.mat(), ctx.image().mat(), ctx.orientation());
        if (existing != null) {
            existing.image().replace(composed);
        } else {
            ctx.addExtra(SUFFIX, new WorkingImage(composed), null);
            ctx.note(String.format(java.util.Locale.ROOT, "before/after comparison %dx%d", composed.cols(), composed.rows()));
        }
    }

    /**
     * Side by side: {@code before} (scaled to the size of {@code after} if a resize came between) and {@code after},
     * both turned upright by {@code orientation} (the comparison is written without EXIF), labelled "before" and "after".
     */
    public static Mat compose(Mat before, Mat after, int orientation) {
        boolean alpha = before.channels() == 4 || after.channels() == 4;
        try (WorkingImage left = upright(before, after.cols(), after.rows(), orientation, alpha);
             WorkingImage right = upright(after, after.cols(), after.rows(), orientation, alpha)) {
            Layout l = layout(right.width(), right.height());
            Mat canvas = new Mat(l.totalHeight(), l.totalWidth(), alpha ? CV_8UC4 : CV_8UC3,
                    new Scalar(BAND_COLOUR, BAND_COLOUR, BAND_COLOUR, 255));
            try (Rect lr = new Rect(0, l.band(), l.width(), l.height()); Mat dst = new Mat(canvas, lr)) {
                left.mat().copyTo(dst);
            }
            try (Rect rr = new Rect(l.afterX(), l.band(), l.width(), l.height()); Mat dst = new Mat(canvas, rr)) {
                right.mat().copyTo(dst);
            }
            label(canvas, "before", 0, l);
            label(canvas, "after", l.afterX(), l);
            return canvas;
        }
    }

    private static WorkingImage upright(Mat src, int width, int height, int orientation, boolean alpha) {
        Mat sized = src.cols() == width && src.rows() == height ? src.clone() : Resampler.resize(src, width, height);
        int code = switch (sized.channels()) {
            case 1 -> alpha ? COLOR_GRAY2BGRA : COLOR_GRAY2BGR;
            case 3 -> alpha ? COLOR_BGR2BGRA : -1;
            default -> -1;
        };
        if (code >= 0) {
            Mat converted = new Mat();
            cvtColor(sized, converted, code);
            sized.close();
            sized = converted;
        }
        WorkingImage image = new WorkingImage(sized);
        Orientation.apply(image, orientation);
        return image;
    }

    // Hershey fonts are built into OpenCV: the labels need no font file on the machine.
    private static void label(Mat canvas, String text, int x, Layout l) {
        int thickness = Math.max(1, l.band() / 22);
        double scale = 1.0;
        try (IntPointer baseline = new IntPointer(1)) {
            Size unit = getTextSize(text, FONT_HERSHEY_DUPLEX, 1.0, thickness, baseline);
            // text about half the band high, and never wider than 90 % of the half it labels
            scale = Math.min(l.band() * 0.5 / unit.height(), l.width() * 0.9 / unit.width());
            unit.close();
            Size size = getTextSize(text, FONT_HERSHEY_DUPLEX, scale, thickness, baseline);
            int tx = x + (l.width() - size.width()) / 2;
            int ty = (l.band() + size.height()) / 2;
            size.close();
            try (Point at = new Point(tx, ty); Scalar colour = new Scalar(TEXT_COLOUR, TEXT_COLOUR, TEXT_COLOUR, 255)) {
                putText(canvas, text, at, FONT_HERSHEY_DUPLEX, scale, colour, thickness, LINE_AA, false);
            }
        }
    }
}
