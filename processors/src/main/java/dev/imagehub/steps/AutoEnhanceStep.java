package dev.imagehub.steps;

import java.util.Locale;

import org.bytedeco.opencv.opencv_core.Mat;

import dev.imagehub.chain.AbstractStep;
import dev.imagehub.chain.StepContext;
import dev.imagehub.config.Option;
import dev.imagehub.image.enhance.BeforeAfter;
import dev.imagehub.image.enhance.Channels;
import dev.imagehub.image.enhance.Histograms;
import dev.imagehub.image.enhance.Luts;

import static org.bytedeco.opencv.global.opencv_core.addWeighted;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

/**
 * Automatic levels, contrast and saturation: stretches the luma between two percentiles to the full range, adds a
 * gentle S-curve and lifts colour. One tone curve for all channels keeps hues; white balance is a separate step.
 */
public final class AutoEnhanceStep extends AbstractStep<AutoEnhanceStep.Options> {
    /** Never stretch the tonal range more than this, so a nearly flat image (fog, a grey wall) is not torn apart. */
    static final double MAX_STRETCH = 4.0;
    /** Limits the brightness-keeping gamma to 0.6..1.67, so it restores the median without flattening the stretch. */
    static final double MIN_GAMMA = 0.6;

    /** Options of autoEnhance. */
    public record Options(
            @Option(value = "how much of the enhancement is applied, 0 (none) to 100 (all)", defaultValue = "100", min = 0, max = 100) double strength,
            @Option(value = "percent of the darkest and of the brightest pixels allowed to clip to black and white", defaultValue = "0.5", min = 0, max = 10) double clip,
            @Option(value = "extra S-curve contrast, 0 (none) to 100 (strong)", defaultValue = "20", min = 0, max = 100) double contrast,
            @Option(value = "saturation change in percent, -100 (grey) to 100 (double)", defaultValue = "15", min = -100, max = 100) double saturation,
            @Option(value = "also write <name>-compare.<ext>: the original and the result side by side", defaultValue = "false") boolean compare) {
    }

    public AutoEnhanceStep() {
        super("autoEnhance", "automatic levels (clipping percentiles), contrast and saturation", Options.class);
    }

    @Override
    public void apply(StepContext ctx, Options o) {
        BeforeAfter.rememberOriginal(ctx);
        Mat src = ctx.image().mat();
        double s = o.strength() / 100.0;
        int[] range = new int[3];
        try (Mat luma = Channels.luma(src); Mat visible = Channels.visibleMask(src)) {
            double[] hist = Histograms.of(luma, visible);
            range[0] = Histograms.percentile(hist, o.clip() / 100.0);
            range[1] = Histograms.percentile(hist, 1 - o.clip() / 100.0);
            range[2] = Histograms.percentile(hist, 0.5);
        }
        double[] curve = Luts.mix(Luts.identity(), curve(range[0], range[1], range[2], o.contrast() / 100.0), s);
        double saturation = 1 + o.saturation() / 100.0 * s;
        ctx.image().replace(Channels.keepingAlpha(src, colour -> {
            Mat toned = Luts.apply(colour, curve);
            if (colour.channels() == 1 || saturation == 1) return toned;
            Mat out = saturate(toned, saturation);
            toned.close();
            return out;
        }));
        ctx.note(String.format(Locale.ROOT, "levels %d..%d stretched to 0..255, contrast %.0f, saturation %+.0f%%, strength %.0f",
                range[0], range[1], o.contrast(), o.saturation(), o.strength()));
        BeforeAfter.update(ctx, o.compare());
    }

    /**
     * Levels from {@code lo..hi} to 0..255 (at most {@link #MAX_STRETCH} times steeper), an S-curve of {@code contrast}
     * (0..1), then a gamma that puts the median back where it was: range and contrast change, overall brightness does
     * not (that is the exposure step's job), so a backlit scene is not plunged into darkness by its bright sky.
     */
    static double[] curve(int lo, int hi, int median, double contrast) {
        double span = Math.max(hi - lo, 255 / MAX_STRETCH);
        double centre = (lo + hi) / 2.0;
        double start = hi - lo >= span ? lo : Math.max(0, Math.min(255 - span, centre - span / 2));
        double[] out = new double[256];
        for (int i = 0; i < 256; i++) {
            double y = Math.max(0, Math.min(1, (i - start) / span));
            // smooth S through (0,0), (0.5,0.5), (1,1): steeper mid-tones, gentler shadows and highlights
            double s = 0.5 - 0.5 * Math.cos(Math.PI * y);
            out[i] = y + contrast * (s - y);
        }
        double gamma = 1;
        double m = out[Math.max(0, Math.min(255, median))];
        if (median > 0 && median < 255 && m > 0 && m < 1) {
            gamma = Math.max(MIN_GAMMA, Math.min(1 / MIN_GAMMA, Math.log(median / 255.0) / Math.log(m)));
        }
        for (int i = 0; i < 256; i++) out[i] = 255 * Math.pow(out[i], gamma);
        return out;
    }

    /** Pushes colours away from (k > 1) or towards (k < 1) their own grey, in one weighted sum. */
    private static Mat saturate(Mat bgr, double k) {
        Mat out = new Mat();
        try (Mat grey = new Mat(); Mat grey3 = new Mat()) {
            cvtColor(bgr, grey, COLOR_BGR2GRAY);
            cvtColor(grey, grey3, COLOR_GRAY2BGR);
            addWeighted(bgr, k, grey3, 1 - k, 0, out);
        }
        return out;
    }
}
