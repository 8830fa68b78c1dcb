package dev.imagehub.image;

/** WCAG 2.x relative luminance and contrast ratio, and the AA thresholds for normal and large text. */
public final class Contrast {
    /** AA for normal text. */
    public static final double AA_NORMAL = 4.5;
    /** AA for large text: at least 24 px regular or 18.66 px bold (18 pt / 14 pt). */
    public static final double AA_LARGE = 3.0;

    private Contrast() {
    }

    /** Relative luminance of an sRGB colour, 0 (black) to 1 (white). */
    public static double luminance(Rgba c) {
        return luminance(c.r(), c.g(), c.b());
    }

    public static double luminance(int r, int g, int b) {
        return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
    }

    /** The contrast ratio of two luminances, 1 to 21. */
    public static double ratio(double luminanceA, double luminanceB) {
        double hi = Math.max(luminanceA, luminanceB);
        double lo = Math.min(luminanceA, luminanceB);
        return (hi + 0.05) / (lo + 0.05);
    }

    public static double ratio(Rgba a, Rgba b) {
        return ratio(luminance(a), luminance(b));
    }

    /** True when text of this pixel size (and weight) counts as large under WCAG. */
    public static boolean isLarge(double pixelSize, boolean bold) {
        return pixelSize >= 24 || (bold && pixelSize >= 18.66);
    }

    /**
     * The minimum for text of this size and weight, given the brand's minimum for normal text: large text gets two
     * thirds of it, as WCAG does (AA: 4.5 and 3.0).
     */
    public static double required(double pixelSize, boolean bold, double normalMinimum) {
        return isLarge(pixelSize, bold) ? normalMinimum * AA_LARGE / AA_NORMAL : normalMinimum;
    }

    private static double linear(int channel) {
        double c = channel / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
}
