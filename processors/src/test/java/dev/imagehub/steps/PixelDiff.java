package dev.imagehub.steps;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;

/** Where and how much two same-sized images differ: per pixel, the largest difference of the R, G, B (and A) values. */
final class PixelDiff {
    private final int width;
    private final int height;
    private final int[] diff;

    PixelDiff(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            throw new AssertionError("sizes differ: " + a.getWidth() + "x" + a.getHeight() + " vs " + b.getWidth() + "x" + b.getHeight());
        }
        width = a.getWidth();
        height = a.getHeight();
        diff = new int[width * height];
        int[] pa = a.getRGB(0, 0, width, height, null, 0, width);
        int[] pb = b.getRGB(0, 0, width, height, null, 0, width);
        for (int i = 0; i < diff.length; i++) {
            int d = 0;
            for (int shift = 0; shift <= 24; shift += 8) d = Math.max(d, Math.abs(((pa[i] >>> shift) & 0xFF) - ((pb[i] >>> shift) & 0xFF)));
            diff[i] = d;
        }
    }

    int at(int x, int y) { return diff[y * width + x]; }

    /** The smallest rectangle holding every pixel that differs by more than {@code threshold}, or null. */
    Rectangle changedBounds(int threshold) {
        int x0 = width, y0 = height, x1 = -1, y1 = -1;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (at(x, y) > threshold) {
                    x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
                }
            }
        }
        return x1 < 0 ? null : new Rectangle(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
    }

    /** Sum of the differences inside {@code r} (clipped to the image). */
    long sum(Rectangle r) {
        Rectangle c = r.intersection(new Rectangle(0, 0, width, height));
        long s = 0;
        for (int y = c.y; y < c.y + c.height; y++) for (int x = c.x; x < c.x + c.width; x++) s += at(x, y);
        return s;
    }

    long sum() { return sum(new Rectangle(0, 0, width, height)); }

    /** Fraction of the pixels inside {@code r} that differ by more than {@code threshold}. */
    double changedFraction(Rectangle r, int threshold) {
        Rectangle c = r.intersection(new Rectangle(0, 0, width, height));
        long n = 0;
        for (int y = c.y; y < c.y + c.height; y++) for (int x = c.x; x < c.x + c.width; x++) if (at(x, y) > threshold) n++;
        return (double) n / ((long) c.width * c.height);
    }

    /** The largest difference outside {@code r}. */
    int maxOutside(Rectangle r) {
        int m = 0;
        for (int y = 0; y < height; y++) for (int x = 0; x < width; x++) if (!r.contains(x, y)) m = Math.max(m, at(x, y));
        return m;
    }
}
