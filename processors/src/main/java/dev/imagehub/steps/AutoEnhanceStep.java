package dev.imagehub.steps;

import java.util.Locale;

import org.bytedeco.opencv.opencv_core.Mat;

import dev.imagehub.config.Option;
import dev.imagehub.image.enhance.Channels;
import dev.imagehub.image.enhance.Clipping;
import dev.imagehub.image.enhance.Histograms;
import dev.imagehub.image.enhance.Luts;
import dev.imagehub.image.enhance.ToneAndColour;

import static org.bytedeco.opencv.global.opencv_core.extractChannel;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2Lab;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

/**
 * Automatic levels, contrast and saturation the way a careful photographer would apply them: on lightness only
 * (CIELAB L*), so neutral surfaces stay neutral and hues do not move; towards the full range only as far as the scene's
 * key allows (a foggy or snowy scene keeps its light shadows, a dusk or night scene its dim highlights); with soft toe
 * and shoulder instead of clipping; the median kept (brightness is the exposure step's job); and a saturation lift
 * that spares near-neutral colours. If the result would still clip more than a small share of pixels that were not
 * clipped before, it is applied more gently. Figures on the whole corpus: docs/enhance.md.
 */
public final class AutoEnhanceStep extends PixelStep<AutoEnhanceStep.Options> {
    /** How far levels move the ends towards 0 and 255 at most: half the gap, shared between the ends by the scene's key. */
    static final double REACH = 0.5;
    /** Never stretch the tonal range more than this, so a flat scene (fog, a grey wall) is not torn apart. */
    static final double MAX_STRETCH = 1.3;
    /** The brightness-keeping gamma stays within 0.7..1.43, so it restores the median without undoing the levels. */
    static final double MIN_GAMMA = 0.7;
    /** Share of pixels that may become clipped (a channel at 0 or 255) that were not clipped before. */
    static final double MAX_NEW_CLIPPING = 0.002;
    private static final int ANALYSIS_SIDE = 640;

    /** Options of autoEnhance. */
    public record Options(
            @Option(value = "how much of the enhancement is applied, 0 (none) to 100 (all)", defaultValue = "100", min = 0, max = 100) double strength,
            @Option(value = "percent of the darkest and of the brightest pixels that set the levels (they are compressed, not clipped)", defaultValue = "0.5", min = 0, max = 10) double clip,
            @Option(value = "extra S-curve contrast around the median, 0 (none) to 100 (strong)", defaultValue = "10", min = 0, max = 100) double contrast,
            @Option(value = "saturation change in percent for clear colours, -100 (grey) to 100 (double); near-greys are never changed", defaultValue = "10", min = -100, max = 100) double saturation,
            @Option(value = "also write <name>-compare.<ext>: the original and the result side by side", defaultValue = "false") boolean compare) {
    }

    public AutoEnhanceStep() {
        super("autoEnhance", "automatic levels, contrast and saturation on lightness only: neutrals stay neutral, the scene's key is kept", Options.class);
    }

    @Override
    public Filtered filter(Mat src, Options o) {
        Mat out = src;
        String note;
        int[] range;
        double strength = o.strength() / 100.0;
        double[] curve;
        double saturation;
        int tries = 0;
        try (Mat small = Channels.shrunk(src, ANALYSIS_SIDE); Mat visible = Channels.visibleMask(small); Mat colour = Channels.colourOnly(small)) {
            range = levels(colour, visible, o.clip());
            // plan on the small copy; if it would clip too much that was not clipped, halve the strength (twice at most)
            while (true) {
                curve = curve(range[0], range[1], range[2], o.contrast() / 100.0, strength);
                saturation = 1 + o.saturation() / 100.0 * strength;
                if (colour.channels() == 1 || tries == 2) break;
                double newlyClipped;
                try (Mat trial = ToneAndColour.apply(colour, curve, saturation)) {
                    newlyClipped = Clipping.newlyClipped(colour, trial, visible);
                }
                if (newlyClipped <= MAX_NEW_CLIPPING) break;
                strength /= 2;
                tries++;
            }
        }
        double[] finalCurve = curve;
        double finalSaturation = saturation;
        out = Channels.keepingAlpha(src, c -> c.channels() == 1 ? Luts.apply(c, finalCurve)
                : ToneAndColour.apply(c, finalCurve, finalSaturation));
        note = String.format(Locale.ROOT, "lightness %d..%d (median %d) to %d..%d, contrast %.0f, saturation %+.0f%% on clear colours, "
                        + "strength %.0f%s", range[0], range[1], range[2], Math.round(finalCurve[range[0]]), Math.round(finalCurve[range[1]]),
                o.contrast(), (finalSaturation - 1) * 100, strength * 100, tries > 0 ? " (gentler: it would have clipped)" : "");
        return new Filtered(out, note);
    }

    @Override
    protected boolean wantsComparison(Options o) {
        return o.compare();
    }

    // lightness percentiles {lo, hi, median} of the visible pixels (L* of CIELAB, 0..255)
    private static int[] levels(Mat colour, Mat visible, double clip) {
        try (Mat lightness = lightness(colour)) {
            double[] hist = Histograms.of(lightness, visible);
            return new int[] {Histograms.percentile(hist, clip / 100.0), Histograms.percentile(hist, 1 - clip / 100.0),
                    Histograms.percentile(hist, 0.5)};
        }
    }

    private static Mat lightness(Mat colour) {
        Mat l = new Mat();
        if (colour.channels() == 1) {
            colour.copyTo(l);
            return l;
        }
        try (Mat lab = new Mat()) {
            cvtColor(colour, lab, COLOR_BGR2Lab);
            extractChannel(lab, l, 0);
        }
        return l;
    }

    /**
     * The lightness curve: levels that move {@code lo} and {@code hi} towards 0 and 255 by a share of the gap that depends
     * on the scene's key (a bright, high-key scene moves its dark end little; a dark one its bright end), no steeper than
     * {@link #MAX_STRETCH}, joined to 0 and 255 by straight toe and shoulder (nothing is clipped by the levels); an
     * S-curve of {@code contrast} (0..1) pivoting on the median; then a gamma that puts the median back.
     */
    static double[] curve(int lo, int hi, int median, double contrast, double strength) {
        double key = Math.max(0.05, Math.min(0.95, median / 255.0));
        double newLo = lo * (1 - REACH * (1 - key) * strength);
        double newHi = hi + (255 - hi) * REACH * key * strength;
        if (hi > lo && (newHi - newLo) / (hi - lo) > MAX_STRETCH) {
            // too steep: the same middle, a narrower range
            double mid = (newLo + newHi) / 2;
            double half = (hi - lo) * MAX_STRETCH / 2;
            newLo = Math.max(0, mid - half);
            newHi = Math.min(255, mid + half);
        }
        double[] out = new double[256];
        for (int i = 0; i < 256; i++) {
            double y;
            if (hi <= lo) y = i;
            else if (i < lo) y = lo == 0 ? newLo : i * newLo / lo;
            else if (i > hi) y = hi == 255 ? newHi : newHi + (i - hi) * (255 - newHi) / (255 - hi);
            else y = newLo + (i - lo) * (newHi - newLo) / (hi - lo);
            out[i] = y / 255.0;
        }
        double pivot = Math.max(0.05, Math.min(0.95, out[Math.max(0, Math.min(255, median))]));
        double c = contrast * strength;
        for (int i = 0; i < 256; i++) {
            double u = out[i];
            // steeper around the pivot by (1 + c), flatter towards black and white; endpoints fixed, monotonic
            out[i] = u < pivot ? pivot * Math.pow(u / pivot, 1 + c) : 1 - (1 - pivot) * Math.pow((1 - u) / (1 - pivot), 1 + c);
        }
        double gamma = 1;
        double m = out[Math.max(0, Math.min(255, median))];
        if (median > 0 && median < 255 && m > 0 && m < 1) {
            gamma = Math.max(MIN_GAMMA, Math.min(1 / MIN_GAMMA, Math.log(median / 255.0) / Math.log(m)));
        }
        for (int i = 0; i < 256; i++) out[i] = 255 * Math.pow(out[i], gamma);
        return out;
    }
}
