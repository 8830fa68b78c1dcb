package dev.imagehub.image.enhance;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Scalar;

import static org.bytedeco.opencv.global.opencv_core.CMP_GE;
import static org.bytedeco.opencv.global.opencv_core.CMP_LT;
import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.bitwise_and;
import static org.bytedeco.opencv.global.opencv_core.compare;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_core.mean;
import static org.bytedeco.opencv.global.opencv_core.pow;
import static org.bytedeco.opencv.global.opencv_core.split;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

/**
 * Estimates the colour of the light in a photo (as B, G, R levels of what should look neutral) for white balance.
 *
 * <p>Measured on the 48 corpus photos with five casts each (docs/enhance.md, bench/white-balance-bench.sh): white patch
 * (per-channel 99th percentile) is blind to a cast once a channel clips; shades of grey (Minkowski mean, p = 6) pulls
 * strongly coloured scenes towards grey. Their geometric mean ({@link Method#AUTO}), applied only as far as
 * {@link #confidence} allows, moved well-balanced originals least (mean Δab 3.3, white patch 7.1, grey world 14.1)
 * while removing real casts almost as often as white patch.
 */
public final class Illuminant {
    /** Longest side of the copy the statistics are taken on: colour casts do not need detail. */
    static final int ANALYSIS_SIDE = 512;
    private static final double CLIPPED = 250;
    private static final double DARK = 8;

    /** How the light's colour is estimated. */
    public enum Method { AUTO, GREY_WORLD, WHITE_PATCH, SHADES_OF_GREY }

    private Illuminant() {
    }

    /**
     * The light's colour as {B, G, R}, from BGR pixels; {@code visible} (may be null) limits it to non-transparent
     * pixels. Returns null when too few usable pixels are left (all clipped, all black).
     */
    public static double[] estimate(Mat bgr, Mat visible, Method method) {
        try (Mat small = Channels.shrunk(bgr, ANALYSIS_SIDE); Mat smallMask = visible == null ? null : Channels.shrunk(visible, ANALYSIS_SIDE);
             Mat usable = usable(small, smallMask)) {
            if (countNonZero(usable) < Math.max(16, small.cols() * small.rows() / 100)) return null;
            return switch (method) {
                case GREY_WORLD -> minkowski(small, usable, 1);
                case SHADES_OF_GREY -> minkowski(small, usable, 6);
                case WHITE_PATCH -> whitePatch(small, smallMask);
                case AUTO -> geometricMean(whitePatch(small, smallMask), minkowski(small, usable, 6));
            };
        }
    }

    /**
     * How sure {@code method} can be of its estimate, 0..1. For {@link Method#AUTO}, two things must hold. White patch
     * and shades of grey must agree (within {@link #AGREE} degrees full confidence, none beyond {@link #DISAGREE}): when
     * they do not, the picture's own colours (a sunset, a green forest) rather than the light pull one of them. And the
     * light must be a colour real light has, by one estimate or the other: near the Planckian locus (within {@link #ON_LOCUS} full confidence, none
     * beyond {@link #OFF_LOCUS}); a green or magenta "light" is far more often a frame filled with a green board or a
     * purple wall. The named methods are trusted as asked.
     */
    public static Confidence confidence(Mat bgr, Mat visible, Method method) {
        if (method != Method.AUTO) return Confidence.FULL;
        try (Mat small = Channels.shrunk(bgr, ANALYSIS_SIDE); Mat smallMask = visible == null ? null : Channels.shrunk(visible, ANALYSIS_SIDE);
             Mat usable = usable(small, smallMask)) {
            if (countNonZero(usable) < Math.max(16, small.cols() * small.rows() / 100)) return new Confidence(0, 0);
            double[] patch = whitePatch(small, smallMask);
            double[] shades = minkowski(small, usable, 6);
            double agreement = fade(angle(patch, shades), AGREE, DISAGREE);
            // either estimate may be the real light's: white patch is pulled off the locus by a clipped sun, shades of grey
            // by a dominant colour
            double offLocus = Math.min(PlanckianLocus.distance(patch), PlanckianLocus.distance(shades));
            double plausible = fade(offLocus, ON_LOCUS, OFF_LOCUS);
            return new Confidence(agreement, plausible);
        }
    }

    /**
     * How far white patch and shades of grey agree, and how plausible the light is as real light (each 0..1).
     */
    public record Confidence(double agreement, double plausibility) {
        static final Confidence FULL = new Confidence(1, 1);

        /** Both together: the share of the correction that is applied. */
        public double value() {
            return agreement * plausibility;
        }

        /** Why the light's colour is uncertain, for the log: the weaker of the two reasons. */
        public String doubt() {
            return agreement <= plausibility ? "white patch and shades of grey disagree"
                    : "no real light has that colour: more likely the scene's own (a green board, a purple wall)";
        }
    }

    // 1 up to full, 0 from none on, linear in between
    private static double fade(double value, double full, double none) {
        return Math.max(0, Math.min(1, (none - value) / (none - full)));
    }

    /** Estimates that agree within this many degrees are fully trusted. */
    public static final double AGREE = 3.0;
    /** Estimates that disagree by this many degrees or more are not trusted at all. */
    public static final double DISAGREE = 10.0;
    /** A light this close to the Planckian locus (log-chromaticity) is as plausible as daylight or tungsten. */
    public static final double ON_LOCUS = 0.15;
    /** A light this far from the locus or further is taken for the scene's colour, not a cast. */
    public static final double OFF_LOCUS = 0.40;

    /** The angle in degrees between two colours as vectors: how different their hue and saturation are, not brightness. */
    public static double angle(double[] a, double[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int c = 0; c < 3; c++) {
            dot += a[c] * b[c];
            na += a[c] * a[c];
            nb += b[c] * b[c];
        }
        return Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, dot / Math.sqrt(na * nb)))));
    }

    /**
     * Per-channel gains {B, G, R} that make {@code light} neutral while keeping its luma, faded in by {@code strength}
     * (0..1) and limited to {@code maxGain} either way so that a wrong estimate cannot ruin a photo.
     */
    public static double[] gains(double[] light, double strength, double maxGain) {
        double luma = 0.114 * light[0] + 0.587 * light[1] + 0.299 * light[2];
        double[] g = new double[3];
        for (int c = 0; c < 3; c++) {
            double full = luma / Math.max(1e-6, light[c]);
            full = Math.max(1 / maxGain, Math.min(maxGain, full));
            g[c] = Math.pow(full, strength);
        }
        return g;
    }

    // neither clipped (the true colour is unknown there) nor nearly black (noise, no colour), and visible
    private static Mat usable(Mat small, Mat mask) {
        Mat usable = new Mat();
        try (Mat grey = new Mat(); MatVector ch = new MatVector(); Mat maxc = new Mat(); Mat low = new Mat();
             Mat hiLimit = new Mat(1, 1, CV_8U, new Scalar(CLIPPED)); Mat loLimit = new Mat(1, 1, CV_8U, new Scalar(DARK))) {
            split(small, ch);
            org.bytedeco.opencv.global.opencv_core.max(ch.get(0), ch.get(1), maxc);
            org.bytedeco.opencv.global.opencv_core.max(maxc, ch.get(2), maxc);
            compare(maxc, hiLimit, usable, CMP_LT);
            cvtColor(small, grey, COLOR_BGR2GRAY);
            compare(grey, loLimit, low, CMP_GE);
            bitwise_and(usable, low, usable);
            if (mask != null) bitwise_and(usable, mask, usable);
        }
        return usable;
    }

    private static double[] minkowski(Mat small, Mat usable, double p) {
        try (Mat f = new Mat(); Mat powered = new Mat()) {
            small.convertTo(f, CV_32F, 1 / 255.0, 0);
            pow(f, p, powered);
            Scalar m = mean(powered, usable);
            double[] light = {Math.pow(m.get(0), 1 / p), Math.pow(m.get(1), 1 / p), Math.pow(m.get(2), 1 / p)};
            m.close();
            return light;
        }
    }

    private static double[] whitePatch(Mat small, Mat mask) {
        double[] light = new double[3];
        try (MatVector ch = new MatVector()) {
            split(small, ch);
            for (int c = 0; c < 3; c++) {
                light[c] = Math.max(1, Histograms.percentile(Histograms.of(ch.get(c), mask), 0.99)) / 255.0;
            }
        }
        return light;
    }

    private static double[] geometricMean(double[] a, double[] b) {
        double na = Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
        double nb = Math.sqrt(b[0] * b[0] + b[1] * b[1] + b[2] * b[2]);
        double[] out = new double[3];
        for (int c = 0; c < 3; c++) out[c] = Math.sqrt(a[c] / na * b[c] / nb);
        return out;
    }
}
