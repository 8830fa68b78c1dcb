package dev.imagehub.image;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The manual focal point of a photo, from its sidecar ({@code photo.jpg.json}: {@code {"focus": [x, y]}}). Values
 * are pixels of the image as displayed (after EXIF orientation, at its original size), or fractions of its width and
 * height when both are between 0 and 1 ({@code [0.25, 0.4]}): a point at pixel (1, 1) and the corner fraction (1, 1)
 * would otherwise be ambiguous, and fractions win because no one places a subject on the first pixel.
 */
public record FocusPoint(double x, double y, boolean fractions) {
    public static final String KEY = "focus";

    /** The focus point in {@code sidecar}, or null when it has none; a malformed one is refused with the reason. */
    public static FocusPoint fromSidecar(Map<String, Object> sidecar, String fileName) {
        Object value = sidecar.get(KEY);
        if (value == null) return null;
        if (!(value instanceof List<?> list) || list.size() != 2 || !(list.get(0) instanceof Number nx)
                || !(list.get(1) instanceof Number ny)) {
            throw new IllegalArgumentException("the sidecar " + fileName + ".json has \"focus\": " + value
                    + "; it must be two numbers [x, y], in pixels or as fractions 0..1 of the width and height");
        }
        double x = nx.doubleValue();
        double y = ny.doubleValue();
        if (x < 0 || y < 0 || Double.isNaN(x) || Double.isNaN(y) || Double.isInfinite(x) || Double.isInfinite(y)) {
            throw new IllegalArgumentException("the sidecar " + fileName + ".json has \"focus\": " + value
                    + "; coordinates cannot be negative");
        }
        return new FocusPoint(x, y, x <= 1 && y <= 1);
    }

    /** The point in displayed source pixels of a {@code width x height} source; fails when it lies outside. */
    public double[] inSource(int width, int height, String fileName) {
        double sx = fractions ? x * width : x;
        double sy = fractions ? y * height : y;
        if (sx > width || sy > height) {
            throw new IllegalArgumentException("the focus point " + this + " in " + fileName + ".json lies outside the image ("
                    + width + "x" + height + " as displayed); give pixels of the displayed image or fractions 0..1");
        }
        return new double[] {sx, sy};
    }

    @Override
    public String toString() {
        return fractions ? String.format(Locale.ROOT, "[%.3f, %.3f]", x, y) : String.format(Locale.ROOT, "[%.0f, %.0f]", x, y);
    }
}
