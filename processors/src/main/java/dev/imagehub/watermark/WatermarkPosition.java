package dev.imagehub.watermark;

import dev.imagehub.watermark.WatermarkPlacer;

/**
 * Where a watermark goes: one of nine anchors (the image's corners, edge midpoints and centre) or {@link #SMART}, which
 * lets {@link WatermarkPlacer} pick the anchor with the least detail and no face under it.
 */
public enum WatermarkPosition {
    TOP_LEFT(0, 0), TOP_CENTER(0.5, 0), TOP_RIGHT(1, 0),
    CENTER_LEFT(0, 0.5), CENTER(0.5, 0.5), CENTER_RIGHT(1, 0.5),
    BOTTOM_LEFT(0, 1), BOTTOM_CENTER(0.5, 1), BOTTOM_RIGHT(1, 1),
    SMART(-1, -1);

    private final double fx;
    private final double fy;

    WatermarkPosition(double fx, double fy) {
        this.fx = fx;
        this.fy = fy;
    }

    /**
     * Top-left corner of a {@code w x h} layer anchored here in a {@code imageW x imageH} image, {@code margin} pixels
     * from the edges it touches, then shifted by {@code dx, dy}. Centred axes ignore the margin.
     */
    public int[] topLeft(int imageW, int imageH, int w, int h, int margin, int dx, int dy) {
        if (this == SMART) throw new IllegalStateException("resolve smart placement to an anchor first");
        int x = fx == 0.5 ? (int) Math.round((imageW - w) / 2.0) : margin + (int) Math.round((imageW - 2 * margin - w) * fx);
        int y = fy == 0.5 ? (int) Math.round((imageH - h) / 2.0) : margin + (int) Math.round((imageH - 2 * margin - h) * fy);
        return new int[] {x + dx, y + dy};
    }

    /** The name used in configuration (topLeft, bottomRight, ...). */
    public String display() {
        return dev.imagehub.config.OptionBinder.display(name());
    }
}
