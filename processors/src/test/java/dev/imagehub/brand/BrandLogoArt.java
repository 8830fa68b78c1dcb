package dev.imagehub.brand;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import dev.imagehub.watermark.WatermarkAssets;

/**
 * Draws the shipped brand logos {@code templates/logos/imagehub-logo-light.png} (for dark ground) and
 * {@code imagehub-logo-dark.png} (for light ground) with Java2D, in the shipped brand colours and DejaVu Sans Bold.
 * Run from the repository root: {@code java ... dev.imagehub.brand.BrandLogoArt}. Both share one shape, so the
 * brand check's logo finder recognises either by the same outline.
 */
public final class BrandLogoArt {
    static final int W = 640;
    static final int H = 144;

    private BrandLogoArt() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        Path logos = root.resolve("templates/logos");
        Font bold = WatermarkAssets.font(root.resolve("templates/fonts/DejaVuSans-Bold.ttf"));
        // on dark ground: a warm off-white badge with a deep-blue picture mark and an off-white wordmark
        ImageIO.write(draw(bold, new Color(0xF7F4EE), new Color(0x1F4E79), new Color(0xF2A541), new Color(0xF7F4EE)), "png",
                logos.resolve("imagehub-logo-light.png").toFile());
        // on light ground: a deep-blue badge with an off-white mark and a near-black wordmark
        ImageIO.write(draw(bold, new Color(0x1F4E79), new Color(0xF7F4EE), new Color(0xF2A541), new Color(0x1B1B1B)), "png",
                logos.resolve("imagehub-logo-dark.png").toFile());
    }

    static BufferedImage draw(Font bold, Color badge, Color mark, Color sun, Color word) {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setColor(badge);
        g.fill(new RoundRectangle2D.Double(4, 4, 136, 136, 34, 34));
        // two mountains and a sun: the picture mark of the hub
        Path2D.Double hills = new Path2D.Double();
        hills.moveTo(20, 120);
        hills.lineTo(58, 58);
        hills.lineTo(82, 96);
        hills.lineTo(96, 76);
        hills.lineTo(124, 120);
        hills.closePath();
        g.setColor(mark);
        g.fill(hills);
        g.setColor(sun);
        g.fill(new Ellipse2D.Double(92, 22, 28, 28));
        g.setStroke(new BasicStroke(1));
        g.setColor(word);
        // the largest size at which the wordmark fits beside the badge
        float size = 86f;
        while (g.getFontMetrics(bold.deriveFont(size)).stringWidth("imagehub") > W - 164 - 8) size -= 1f;
        g.setFont(bold.deriveFont(size));
        g.drawString("imagehub", 164, 100);
        g.dispose();
        return img;
    }
}
