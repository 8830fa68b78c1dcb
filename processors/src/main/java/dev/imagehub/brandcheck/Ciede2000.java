package dev.imagehub.brandcheck;

import dev.imagehub.image.Rgba;

/**
 * The CIEDE2000 colour difference (Sharma, Wu and Dalal 2005) and the sRGB to CIELAB (D65) conversion it works on: about 1
 * is the smallest difference people notice side by side, 10 or more reads as another colour.
 */
public final class Ciede2000 {
    private static final double[] LINEAR = new double[256];

    static {
        for (int i = 0; i < 256; i++) {
            double c = i / 255.0;
            LINEAR[i] = c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
        }
    }

    private Ciede2000() {
    }

    /** CIELAB (D65 white) of an sRGB colour: {L, a, b}. */
    public static double[] lab(int r, int g, int b) {
        double rl = LINEAR[r];
        double gl = LINEAR[g];
        double bl = LINEAR[b];
        double x = (0.4124564 * rl + 0.3575761 * gl + 0.1804375 * bl) / 0.95047;
        double y = 0.2126729 * rl + 0.7151522 * gl + 0.0721750 * bl;
        double z = (0.0193339 * rl + 0.1191920 * gl + 0.9503041 * bl) / 1.08883;
        double fx = f(x);
        double fy = f(y);
        double fz = f(z);
        return new double[] {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
    }

    public static double[] lab(Rgba c) {
        return lab(c.r(), c.g(), c.b());
    }

    /** The sRGB colour of a CIELAB one, clipped to the sRGB gamut. */
    public static Rgba rgb(double[] lab) {
        double fy = (lab[0] + 16) / 116;
        double fx = fy + lab[1] / 500;
        double fz = fy - lab[2] / 200;
        double x = finv(fx) * 0.95047;
        double y = finv(fy);
        double z = finv(fz) * 1.08883;
        double r = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z;
        double g = -0.9692660 * x + 1.8760108 * y + 0.0415560 * z;
        double b = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z;
        return new Rgba(gamma(r), gamma(g), gamma(b), 255);
    }

    /** The chroma (C*ab) of a CIELAB colour: near 0 for white, black and greys. */
    public static double chroma(double[] lab) {
        return Math.hypot(lab[1], lab[2]);
    }

    /** ΔE00 between two sRGB colours. */
    public static double distance(Rgba a, Rgba b) {
        return distance(lab(a), lab(b));
    }

    /** ΔE00 between two CIELAB colours, with kL = kC = kH = 1. */
    public static double distance(double[] lab1, double[] lab2) {
        double l1 = lab1[0], a1 = lab1[1], b1 = lab1[2];
        double l2 = lab2[0], a2 = lab2[1], b2 = lab2[2];
        double c1 = Math.hypot(a1, b1);
        double c2 = Math.hypot(a2, b2);
        double cBar7 = Math.pow((c1 + c2) / 2, 7);
        double g = 0.5 * (1 - Math.sqrt(cBar7 / (cBar7 + Math.pow(25, 7))));
        double a1p = (1 + g) * a1;
        double a2p = (1 + g) * a2;
        double c1p = Math.hypot(a1p, b1);
        double c2p = Math.hypot(a2p, b2);
        double h1p = hue(b1, a1p);
        double h2p = hue(b2, a2p);

        double dLp = l2 - l1;
        double dCp = c2p - c1p;
        double dhp;
        if (c1p * c2p == 0) dhp = 0;
        else if (Math.abs(h2p - h1p) <= 180) dhp = h2p - h1p;
        else if (h2p - h1p > 180) dhp = h2p - h1p - 360;
        else dhp = h2p - h1p + 360;
        double dHp = 2 * Math.sqrt(c1p * c2p) * Math.sin(Math.toRadians(dhp / 2));

        double lBarP = (l1 + l2) / 2;
        double cBarP = (c1p + c2p) / 2;
        double hBarP;
        if (c1p * c2p == 0) hBarP = h1p + h2p;
        else if (Math.abs(h1p - h2p) <= 180) hBarP = (h1p + h2p) / 2;
        else if (h1p + h2p < 360) hBarP = (h1p + h2p + 360) / 2;
        else hBarP = (h1p + h2p - 360) / 2;

        double t = 1 - 0.17 * Math.cos(Math.toRadians(hBarP - 30)) + 0.24 * Math.cos(Math.toRadians(2 * hBarP))
                + 0.32 * Math.cos(Math.toRadians(3 * hBarP + 6)) - 0.20 * Math.cos(Math.toRadians(4 * hBarP - 63));
        double dTheta = 30 * Math.exp(-Math.pow((hBarP - 275) / 25, 2));
        double cBarP7 = Math.pow(cBarP, 7);
        double rc = 2 * Math.sqrt(cBarP7 / (cBarP7 + Math.pow(25, 7)));
        double lm = (lBarP - 50) * (lBarP - 50);
        double sl = 1 + 0.015 * lm / Math.sqrt(20 + lm);
        double sc = 1 + 0.045 * cBarP;
        double sh = 1 + 0.015 * cBarP * t;
        double rt = -Math.sin(Math.toRadians(2 * dTheta)) * rc;

        double lTerm = dLp / sl;
        double cTerm = dCp / sc;
        double hTerm = dHp / sh;
        return Math.sqrt(lTerm * lTerm + cTerm * cTerm + hTerm * hTerm + rt * cTerm * hTerm);
    }

    private static double hue(double b, double ap) {
        if (b == 0 && ap == 0) return 0;
        double h = Math.toDegrees(Math.atan2(b, ap));
        return h < 0 ? h + 360 : h;
    }

    private static double f(double t) {
        return t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
    }

    private static double finv(double f) {
        double t = f * f * f;
        return t > 216.0 / 24389 ? t : (116 * f - 16) / (24389.0 / 27);
    }

    private static int gamma(double linear) {
        double c = Math.max(0, Math.min(1, linear));
        double v = c <= 0.0031308 ? 12.92 * c : 1.055 * Math.pow(c, 1 / 2.4) - 0.055;
        return (int) Math.round(v * 255);
    }
}
