package dev.imagehub.watermark;

import dev.imagehub.watermark.WatermarkStamp;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;

/**
 * A line of text as a watermark stamp: the glyph outlines of the text in a font at a pixel size, filled with a colour,
 * optionally with an outline or a drop shadow so it stays readable on both light and dark backgrounds.
 */
public final class WatermarkText implements WatermarkStamp {
    /** How the text is set off from the picture behind it. */
    public enum Effect { NONE, OUTLINE, SHADOW }

    /** Outline width and shadow offset, as a fraction of the font size. */
    private static final double EFFECT_FRACTION = 0.06;
    // unhinted, fractional metrics: outlines then scale exactly with the size, which shrink-to-fit relies on
    private static final FontRenderContext FRC = new FontRenderContext(null, true, true);

    private final Shape glyphs;
    /** The outline's ring, computed once: stroking glyph outlines is costly and a tiled pattern paints many copies. */
    private final Shape rim;
    private final float size;
    private final Color fill;
    private final Effect effect;
    private final Color effectColor;
    private final double pad;
    private final double shadow;
    private final Rectangle2D bounds;

    private WatermarkText(Font font, String text, float size, Color fill, Effect effect, Color effectColor) {
        this.size = size;
        this.glyphs = new TextLayout(text, font.deriveFont(size), FRC).getOutline(null);
        this.bounds = glyphs.getBounds2D();
        this.fill = fill;
        this.effect = effect;
        this.effectColor = effectColor;
        double e = Math.max(1.0, size * EFFECT_FRACTION);
        this.pad = effect == Effect.OUTLINE ? e + 1 : 1;
        this.shadow = effect == Effect.SHADOW ? e : 0;
        // a stroke twice as wide as wanted, drawn under the fill, shows only its outer half
        this.rim = effect == Effect.OUTLINE
                ? new BasicStroke((float) (2 * e), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND).createStrokedShape(glyphs) : null;
    }

    /** The text at {@code size} pixels (em height). */
    public static WatermarkText of(Font font, String text, float size, Color fill, Effect effect, Color effectColor) {
        return new WatermarkText(font, text, size, fill, effect, effectColor);
    }

    /**
     * The text at {@code size} pixels, or smaller if needed so that, rotated by {@code degrees}, it fits inside
     * {@code maxW x maxH}: long text is shrunk, never cut off.
     */
    public static WatermarkText fitted(Font font, String text, float size, Color fill, Effect effect, Color effectColor,
                                       double degrees, double maxW, double maxH) {
        WatermarkText t = of(font, text, size, fill, effect, effectColor);
        // the padding does not scale with the size, so a second pass settles any rounding
        for (int pass = 0; pass < 4; pass++) {
            double f = t.fitFactor(degrees, maxW, maxH);
            if (f >= 1.0) return t;
            t = of(font, text, (float) (t.size * f * 0.995), fill, effect, effectColor);
        }
        return t;
    }

    public float size() { return size; }

    @Override
    public double width() { return bounds.getWidth() + 2 * pad + shadow; }

    @Override
    public double height() { return bounds.getHeight() + 2 * pad + shadow; }

    @Override
    public void paint(Graphics2D g) {
        AffineTransform saved = g.getTransform();
        g.translate(pad - bounds.getX(), pad - bounds.getY());
        if (effect == Effect.SHADOW) {
            AffineTransform beforeShadow = g.getTransform();
            g.translate(shadow, shadow);
            g.setColor(effectColor);
            g.fill(glyphs);
            g.setTransform(beforeShadow);
        } else if (effect == Effect.OUTLINE) {
            g.setColor(effectColor);
            g.fill(rim);
        }
        g.setColor(fill);
        g.fill(glyphs);
        g.setTransform(saved);
    }
}
