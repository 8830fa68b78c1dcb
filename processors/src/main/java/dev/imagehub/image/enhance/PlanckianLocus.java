package dev.imagehub.image.enhance;

/**
 * Where real light sources lie: the colours of a glowing black body from candle-warm to overcast-blue (CIE Planckian
 * locus, Kim et al.'s cubic approximation, 1700-20000 K). Daylight, tungsten, flash and most LEDs lie on or near it,
 * between amber and blue; hardly any light is green or magenta. An estimated "light" far off the locus is more likely
 * the colour of the scene itself (a green board, a purple wall) than a cast, so white balance trusts it less.
 *
 * <p>Distances are in log-chromaticity of linear sRGB, (ln R/G, ln B/G): a cast of the same visible strength is
 * about the same distance anywhere on the locus.
 */
public final class PlanckianLocus {
    private static final int FROM = 1700;
    private static final int TO = 20000;
    private static final int STEP = 50;
    /** (ln R/G, ln B/G) of the locus from {@link #FROM} to {@link #TO} kelvin. */
    private static final double[][] POINTS = points();

    private PlanckianLocus() {
    }

    /** The distance of a light, given as gamma-encoded sRGB {B, G, R} levels (any scale), from the nearest point of the locus. */
    public static double distance(double[] bgr) {
        return nearest(bgr)[0];
    }

    /** The colour temperature, in kelvin, of the point of the locus nearest to a light given as encoded {B, G, R}. */
    public static int temperature(double[] bgr) {
        return (int) nearest(bgr)[1];
    }

    // {distance, kelvin} of the nearest point of the polyline
    private static double[] nearest(double[] bgr) {
        double[] p = logChroma(linear(bgr[2]), linear(bgr[1]), linear(bgr[0]));
        double best = Double.MAX_VALUE;
        double kelvin = FROM;
        for (int i = 0; i + 1 < POINTS.length; i++) {
            double[] a = POINTS[i];
            double[] b = POINTS[i + 1];
            double dx = b[0] - a[0], dy = b[1] - a[1];
            double t = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)));
            double d = Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
            if (d < best) {
                best = d;
                kelvin = FROM + (i + t) * STEP;
            }
        }
        return new double[] {best, Math.round(kelvin / 100.0) * 100.0};
    }

    private static double[][] points() {
        int n = (TO - FROM) / STEP + 1;
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            double t = FROM + (double) i * STEP;
            double x = t <= 4000
                    ? -0.2661239e9 / (t * t * t) - 0.2343589e6 / (t * t) + 0.8776956e3 / t + 0.179910
                    : -3.0258469e9 / (t * t * t) + 2.1070379e6 / (t * t) + 0.2226347e3 / t + 0.240390;
            double y = t <= 2222 ? -1.1063814 * x * x * x - 1.34811020 * x * x + 2.18555832 * x - 0.20219683
                    : t <= 4000 ? -0.9549476 * x * x * x - 1.37418593 * x * x + 2.09137015 * x - 0.16748867
                    : 3.0817580 * x * x * x - 5.87338670 * x * x + 3.75112997 * x - 0.37001483;
            // xyY (Y = 1) to XYZ to linear sRGB (D65)
            double bigX = x / y, bigZ = (1 - x - y) / y;
            double r = 3.2404542 * bigX - 1.5371385 - 0.4985314 * bigZ;
            double g = -0.9692660 * bigX + 1.8760108 + 0.0415560 * bigZ;
            double b = 0.0556434 * bigX - 0.2040259 + 1.0572252 * bigZ;
            out[i] = logChroma(Math.max(1e-4, r), Math.max(1e-4, g), Math.max(1e-4, b));
        }
        return out;
    }

    private static double[] logChroma(double r, double g, double b) {
        return new double[] {Math.log(r / g), Math.log(b / g)};
    }

    // the sRGB transfer function, for a level on any scale up to about 1
    private static double linear(double encoded) {
        double v = Math.max(1e-4, encoded);
        return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }
}
