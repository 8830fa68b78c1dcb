package dev.imagehub.watermark;

import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;

/** One copy of a watermark (a line of text or a logo), unrotated, that paints itself inside {@code [0,width] x [0,height]}. */
public interface WatermarkStamp {
    double width();

    double height();

    /** Paints the stamp with its top-left corner at the origin of {@code g}'s current transform. */
    void paint(Graphics2D g);

    /** The size of the box around the stamp once rotated by {@code degrees} (clockwise) about its centre. */
    default Rectangle2D rotatedBounds(double degrees) {
        AffineTransform rot = AffineTransform.getRotateInstance(Math.toRadians(degrees), width() / 2, height() / 2);
        return rot.createTransformedShape(new Rectangle2D.Double(0, 0, width(), height())).getBounds2D();
    }

    /** The factor (at most 1) by which the stamp must shrink so that, rotated, it fits inside {@code w x h}. */
    default double fitFactor(double degrees, double w, double h) {
        Rectangle2D b = rotatedBounds(degrees);
        return Math.min(1.0, Math.min(w / b.getWidth(), h / b.getHeight()));
    }
}
