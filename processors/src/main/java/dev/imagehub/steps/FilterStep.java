package dev.imagehub.steps;

import java.util.Locale;

import org.bytedeco.opencv.opencv_core.Mat;

import dev.imagehub.config.ConfigException;
import dev.imagehub.config.ConfigNode;
import dev.imagehub.config.Option;
import dev.imagehub.config.OptionBinder;
import dev.imagehub.image.enhance.Channels;
import dev.imagehub.image.enhance.Luts;

import static org.bytedeco.opencv.global.opencv_core.addWeighted;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

/**
 * Colour looks: greyscale, sepia (brown-toned monochrome), vintage (faded, matte blacks, warm highlights), warm and
 * cool. Each is a few tone curves applied by look-up table, faded in by {@code strength}.
 */
public final class FilterStep extends PixelStep<FilterStep.Options> {

    /** The looks. */
    public enum Look { GREYSCALE, SEPIA, VINTAGE, WARM, COOL }

    /** Options of filter. */
    public record Options(
            @Option("the look: greyscale, sepia, vintage, warm or cool") Look name,
            @Option(value = "how much of the look is applied, 0 (none) to 100 (all)", defaultValue = "100", min = 0, max = 100) double strength,
            @Option(value = "also write <name>-compare.<ext>: the original and the result side by side", defaultValue = "false") boolean compare) {
    }

    public FilterStep() {
        super("filter", "colour looks: greyscale, sepia, vintage, warm, cool", Options.class);
    }

    @Override
    public void validate(Options o, ConfigNode at) {
        if (o.name() == null) {
            throw new ConfigException(at, "step 'filter' needs name: one of " + OptionBinder.enumNames(Look.class));
        }
    }

    @Override
    public Filtered filter(Mat src, Options o) {
        Mat out = src;
        String note;
        double s = o.strength() / 100.0;
        if (s > 0) {
            out = Channels.keepingAlpha(src, colour -> look(colour, o.name(), s));
        }
        note = String.format(Locale.ROOT, "%s at strength %.0f", OptionBinder.display(o.name().name()), o.strength());
        return new Filtered(out, note);
    }

    @Override
    protected boolean wantsComparison(Options o) {
        return o.compare();
    }

    /** {@code look} at strength {@code s} (0..1) on grey or BGR pixels; a new matrix, or {@code colour} if unchanged. */
    static Mat look(Mat colour, Look look, double s) {
        return switch (look) {
            case GREYSCALE -> greyscale(colour, s);
            case SEPIA -> sepia(colour, s);
            case VINTAGE -> vintage(colour, s);
            case WARM -> temperature(colour, s);
            case COOL -> temperature(colour, -s);
        };
    }

    private static Mat greyscale(Mat colour, double s) {
        if (colour.channels() == 1) return colour;
        Mat grey = Channels.luma(colour);
        if (s >= 1) return grey; // a true one-channel image: smaller files, and every viewer shows it grey
        Mat out = new Mat();
        try (Mat grey3 = new Mat()) {
            cvtColor(grey, grey3, COLOR_GRAY2BGR);
            addWeighted(colour, 1 - s, grey3, s, 0, out);
        }
        grey.close();
        return out;
    }

    // monochrome toned brown: red lifted, blue lowered in the mid-tones, black and white stay black and white
    private static Mat sepia(Mat colour, double s) {
        try (Mat grey = Channels.luma(colour); Mat grey3 = new Mat(); Mat toned = new Mat()) {
            cvtColor(grey, grey3, COLOR_GRAY2BGR);
            try (Mat t = Luts.apply(grey3, power(1.35), power(0.90), power(0.70))) {
                t.copyTo(toned);
            }
            return blend(colour, toned, s);
        }
    }

    // faded print: partly desaturated, blacks lifted, whites lowered, highlights yellowed (blue lowered most)
    private static Mat vintage(Mat colour, double s) {
        try (Mat bgr = Channels.bgr(colour); Mat grey = Channels.luma(colour); Mat grey3 = new Mat(); Mat muted = new Mat()) {
            cvtColor(grey, grey3, COLOR_GRAY2BGR);
            double keep = 1 - 0.35 * s;
            addWeighted(bgr, keep, grey3, 1 - keep, 0, muted);
            double[] id = Luts.identity();
            return Luts.apply(muted, Luts.mix(id, range(35, 205, 1.10), s), Luts.mix(id, range(25, 235, 1.0), s),
                    Luts.mix(id, range(30, 245, 0.95), s));
        }
    }

    // warm (t > 0) raises red and lowers blue in the mid-tones; cool (t < 0) the reverse
    private static Mat temperature(Mat colour, double t) {
        try (Mat bgr = Channels.bgr(colour)) {
            double k = 1 + 0.18 * Math.abs(t);
            double blue = t > 0 ? k : 1 / k;
            double red = t > 0 ? 1 / k : k;
            double green = t > 0 ? 1 / (1 + 0.04 * t) : 1;
            return Luts.apply(bgr, power(blue), power(green), power(red));
        }
    }

    private static Mat blend(Mat colour, Mat toned, double s) {
        Mat out = new Mat();
        if (s >= 1) {
            toned.copyTo(out);
            return out;
        }
        try (Mat bgr = Channels.bgr(colour)) {
            addWeighted(bgr, 1 - s, toned, s, 0, out);
        }
        return out;
    }

    /** 255 * (x/255)^gamma: below 1 lifts the mid-tones, above 1 lowers them, black and white stay. */
    private static double[] power(double gamma) {
        double[] t = new double[256];
        for (int i = 0; i < 256; i++) t[i] = 255 * Math.pow(i / 255.0, gamma);
        return t;
    }

    /** A curve from {@code lo} (for black) to {@code hi} (for white) with mid-tone {@code gamma}. */
    private static double[] range(double lo, double hi, double gamma) {
        double[] t = new double[256];
        for (int i = 0; i < 256; i++) t[i] = lo + (hi - lo) * Math.pow(i / 255.0, gamma);
        return t;
    }
}
