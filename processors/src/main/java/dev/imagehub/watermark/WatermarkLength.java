package dev.imagehub.watermark;

import java.util.Locale;

/**
 * A watermark distance written in configuration as pixels ({@code 24}, {@code 24px}) or as a percentage of a reference
 * length ({@code 3%}), so margins and offsets follow the image size when they should.
 */
public record WatermarkLength(double value, boolean percent) {
    public static final WatermarkLength ZERO = new WatermarkLength(0, false);

    /** Parses {@code 24}, {@code 24px}, {@code -2.5%}; throws IllegalArgumentException with what to write instead. */
    public static WatermarkLength parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        boolean pct = t.endsWith("%");
        if (pct) t = t.substring(0, t.length() - 1).trim();
        else if (t.endsWith("px")) t = t.substring(0, t.length() - 2).trim();
        try {
            double v = Double.parseDouble(t);
            if (Double.isNaN(v) || Double.isInfinite(v) || (pct && Math.abs(v) > 100)) throw new NumberFormatException();
            return new WatermarkLength(v, pct);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a length (write pixels like 24 or 24px, or a percentage from -100% to 100% like 3%)");
        }
    }

    /** The length in whole pixels; percentages are of {@code reference} (an image side). */
    public int pixels(int reference) {
        return (int) Math.round(percent ? value * reference / 100.0 : value);
    }

    @Override
    public String toString() {
        return percent ? value + "%" : value + "px";
    }
}
