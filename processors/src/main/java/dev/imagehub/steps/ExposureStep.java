package dev.imagehub.steps;

import java.util.Locale;

import org.bytedeco.opencv.opencv_core.Mat;

import dev.imagehub.config.ConfigException;
import dev.imagehub.config.ConfigNode;
import dev.imagehub.config.Option;
import dev.imagehub.image.enhance.Channels;
import dev.imagehub.image.enhance.Histograms;
import dev.imagehub.image.enhance.Luts;

/**
 * Exposure correction in stops, as a camera would apply it: the pixels are brought to linear light, multiplied by
 * 2^ev and encoded again, with a soft shoulder so that brightened highlights roll off instead of clipping flat.
 * {@code auto: true} picks the stops that bring the mean brightness to a mid-grey target.
 */
public final class ExposureStep extends PixelStep<ExposureStep.Options> {
    /** Linear level above which brightened values are compressed towards white instead of clipping. */
    static final double SHOULDER = 0.8;

    /** Options of exposure. */
    public record Options(
            @Option(value = "exposure change in stops (EV): +1 doubles the light, -1 halves it", defaultValue = "0", min = -5, max = 5) double ev,
            @Option(value = "choose the stops that bring the mean brightness to 'target'", defaultValue = "false") boolean auto,
            @Option(value = "mean brightness (0-255, sRGB) that auto aims for; 118 is 18 % grey", defaultValue = "118", min = 10, max = 245) double target,
            @Option(value = "largest change auto may make, in stops either way", defaultValue = "2", min = 0, max = 5) double maxEv,
            @Option(value = "how much of the change is applied, 0 (none) to 100 (all)", defaultValue = "100", min = 0, max = 100) double strength,
            @Option(value = "also write <name>-compare.<ext>: the original and the result side by side", defaultValue = "false") boolean compare) {
    }

    public ExposureStep() {
        super("exposure", "exposure correction in stops (EV), or auto to a mid-grey mean", Options.class);
    }

    @Override
    public void validate(Options o, ConfigNode at) {
        if (o.auto() && o.ev() != 0) {
            throw new ConfigException(at, "step 'exposure': give either ev or auto: true, not both");
        }
        if (!o.auto() && o.ev() == 0) {
            throw new ConfigException(at, "step 'exposure' needs ev (stops, e.g. 0.5 or -1) or auto: true");
        }
    }

    @Override
    public Filtered filter(Mat src, Options o) {
        Mat out = src;
        String note;
        double ev = o.ev();
        String how = "";
        if (o.auto()) {
            double mean;
            try (Mat luma = Channels.luma(src); Mat visible = Channels.visibleMask(src)) {
                mean = Histograms.mean(Histograms.of(luma, visible));
            }
            ev = autoEv(mean, o.target(), o.maxEv());
            how = String.format(Locale.ROOT, "auto (mean %.0f, target %.0f): ", mean, o.target());
        }
        double applied = ev * o.strength() / 100.0;
        double[] curve = curve(applied);
        out = Channels.keepingAlpha(src, colour -> Luts.apply(colour, curve));
        note = String.format(Locale.ROOT, "%s%+.2f EV", how, applied);
        return new Filtered(out, note);
    }

    @Override
    protected boolean wantsComparison(Options o) {
        return o.compare();
    }

    /** Stops that move a mean of {@code mean} (sRGB 0..255) to {@code target}, within +-{@code maxEv}. */
    static double autoEv(double mean, double target, double maxEv) {
        double from = Luts.toLinear(Math.max(1, mean) / 255);
        double to = Luts.toLinear(target / 255);
        double ev = Math.log(to / from) / Math.log(2);
        return Math.max(-maxEv, Math.min(maxEv, ev));
    }

    /** The tone curve of {@code ev} stops on sRGB values. */
    static double[] curve(double ev) {
        double gain = Math.pow(2, ev);
        double[] out = new double[256];
        for (int i = 0; i < 256; i++) {
            double linear = Luts.toLinear(i / 255.0) * gain;
            if (gain > 1 && linear > SHOULDER) {
                // exponential roll-off: same slope as the straight line at the shoulder, approaching white
                linear = SHOULDER + (1 - SHOULDER) * (1 - Math.exp(-(linear - SHOULDER) / (1 - SHOULDER)));
            }
            out[i] = 255 * Luts.toSrgb(Math.min(1, linear));
        }
        return out;
    }
}
