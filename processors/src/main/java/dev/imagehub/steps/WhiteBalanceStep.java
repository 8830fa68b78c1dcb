package dev.imagehub.steps;

import java.util.Locale;

import org.bytedeco.opencv.opencv_core.Mat;

import dev.imagehub.config.Option;
import dev.imagehub.config.OptionBinder;
import dev.imagehub.image.enhance.Channels;
import dev.imagehub.image.enhance.Illuminant;
import dev.imagehub.image.enhance.Luts;
import dev.imagehub.image.enhance.PlanckianLocus;

/**
 * Automatic white balance: estimates the colour of the light (see {@link Illuminant}) and scales the channels so that
 * it becomes neutral, keeping the brightness. A grey image has nothing to balance and passes unchanged.
 */
public final class WhiteBalanceStep extends PixelStep<WhiteBalanceStep.Options> {
    /** No channel is scaled by more than this (or less than its inverse): a wrong estimate stays a mild one. */
    static final double MAX_GAIN = 1.6;
    /** A light within this many degrees of neutral has no cast worth correcting. */
    static final double MIN_CAST = 2.0;

    /** Options of whiteBalance. */
    public record Options(
            @Option(value = "how the light's colour is found: auto (white patch and shades of grey combined), greyWorld, whitePatch, shadesOfGrey", defaultValue = "auto") Illuminant.Method method,
            @Option(value = "how much of the correction is applied, 0 (none) to 100 (fully neutral)", defaultValue = "100", min = 0, max = 100) double strength,
            @Option(value = "also write <name>-compare.<ext>: the original and the result side by side", defaultValue = "false") boolean compare) {
    }

    public WhiteBalanceStep() {
        super("whiteBalance", "automatic white balance: removes colour casts (auto, grey world, white patch, shades of grey)", Options.class);
    }

    @Override
    public Filtered filter(Mat src, Options o) {
        Mat out = src;
        String note;
        if (src.channels() == 1) {
            note = "grey image: nothing to balance";
        } else {
            double[] light;
            Illuminant.Confidence confidence;
            try (Mat visible = Channels.visibleMask(src); Mat bgr = src.channels() == 4 ? colourOf(src) : null) {
                light = Illuminant.estimate(bgr != null ? bgr : src, visible, o.method());
                confidence = light == null ? null : Illuminant.confidence(bgr != null ? bgr : src, visible, o.method());
            }
            double cast = light == null ? 0 : Illuminant.angle(light, new double[] {1, 1, 1});
            if (light == null) {
                note = "too few pixels that are neither clipped nor black to judge the light: unchanged";
            } else if (cast < MIN_CAST) {
                note = String.format(Locale.ROOT, "no cast to correct (%.1f°): unchanged", cast);
            } else if (confidence.value() == 0) {
                note = String.format(Locale.ROOT, "a cast of %.1f°, but the light's colour is uncertain (%s): the scene's own colours "
                        + "are kept, unchanged", cast, confidence.doubt());
            } else {
                double[] g = Illuminant.gains(light, o.strength() / 100.0 * confidence.value(), MAX_GAIN);
                double[] blue = scaled(g[0]);
                double[] green = scaled(g[1]);
                double[] red = scaled(g[2]);
                out = Channels.keepingAlpha(src, bgr -> Luts.apply(bgr, blue, green, red));
                note = String.format(Locale.ROOT, "%s: a cast of %.1f° (light near %d K), confidence %.0f %%%s: gains B %.3f G %.3f R %.3f",
                        OptionBinder.display(o.method().name()), cast, PlanckianLocus.temperature(light), confidence.value() * 100,
                        confidence.value() < 1 ? " (" + confidence.doubt() + ")" : "", g[0], g[1], g[2]);
            }
        }
        return new Filtered(out, note);
    }

    @Override
    protected boolean wantsComparison(Options o) {
        return o.compare();
    }

    private static Mat colourOf(Mat bgra) {
        Mat bgr = new Mat();
        org.bytedeco.opencv.global.opencv_imgproc.cvtColor(bgra, bgr, org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2BGR);
        return bgr;
    }

    private static double[] scaled(double gain) {
        double[] t = new double[256];
        for (int i = 0; i < 256; i++) t[i] = i * gain;
        return t;
    }
}
