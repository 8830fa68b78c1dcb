package dev.imagehub.watermark;

import dev.imagehub.watermark.WatermarkBlend;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;

/**
 * Renders watermark stamps into a transparent ARGB layer with Java2D (antialiased): one rotated copy in a layer just
 * big enough for it, or a tiled pattern covering the whole image. The layer is then blended by {@link WatermarkBlend}.
 */
public final class WatermarkLayer {
    private WatermarkLayer() {
    }

    /** One stamp rotated by {@code degrees} (clockwise) in a layer the size of its rotated bounds. */
    public static BufferedImage single(WatermarkStamp stamp, double degrees) {
        Rectangle2D b = stamp.rotatedBounds(degrees);
        BufferedImage layer = new BufferedImage((int) Math.ceil(b.getWidth()), (int) Math.ceil(b.getHeight()), BufferedImage.TYPE_4BYTE_ABGR);
        Graphics2D g = graphics(layer);
        g.translate(-b.getX(), -b.getY());
        g.rotate(Math.toRadians(degrees), stamp.width() / 2, stamp.height() / 2);
        stamp.paint(g);
        g.dispose();
        return layer;
    }

    /**
     * Rows {@code [top, top + rows)} of a pattern covering a {@code width x height} image: copies of the stamp in rows
     * {@code gap} pixels apart, alternate rows shifted by half a step (a brick pattern), the whole grid rotated by
     * {@code degrees} about the image centre so that rotated text runs along diagonal rows. Rendering the pattern band
     * by band keeps the layer small on very large images.
     */
    public static BufferedImage tiled(WatermarkStamp stamp, double degrees, int width, int height, double gap, int top, int rows) {
        BufferedImage layer = new BufferedImage(width, rows, BufferedImage.TYPE_4BYTE_ABGR);
        Graphics2D g = graphics(layer);
        g.translate(0, -top);
        g.rotate(Math.toRadians(degrees), width / 2.0, height / 2.0);
        double stepX = stamp.width() + gap;
        double stepY = stamp.height() + gap;
        // the rotated grid must cover every corner: cover the circle through them
        double radius = Math.hypot(width, height) / 2;
        int gridRows = (int) Math.ceil(radius / stepY) + 1;
        int gridCols = (int) Math.ceil(radius / stepX) + 1;
        Rectangle2D band = new Rectangle2D.Double(0, 0, width, rows); // in layer pixels
        for (int r = -gridRows; r <= gridRows; r++) {
            double shift = (r & 1) == 0 ? 0 : stepX / 2;
            for (int c = -gridCols; c <= gridCols; c++) {
                double x = width / 2.0 + c * stepX + shift - stamp.width() / 2;
                double y = height / 2.0 + r * stepY - stamp.height() / 2;
                g.translate(x, y);
                // copies outside this band are skipped before Java2D rasterises their outlines
                if (g.getTransform().createTransformedShape(new Rectangle2D.Double(0, 0, stamp.width(), stamp.height())).intersects(band)) {
                    stamp.paint(g);
                }
                g.translate(-x, -y);
            }
        }
        g.dispose();
        return layer;
    }

    private static Graphics2D graphics(BufferedImage layer) {
        Graphics2D g = layer.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_ALPHA_INTERPOLATION, RenderingHints.VALUE_ALPHA_INTERPOLATION_QUALITY);
        return g;
    }
}
