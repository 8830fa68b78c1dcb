package dev.imagehub.brandcheck;

import dev.imagehub.image.Contrast;

import java.awt.image.BufferedImage;
import java.util.Arrays;

import dev.imagehub.image.Rgba;
import dev.imagehub.layout.RenderedLayout;

/**
 * The contrast of a drawn text against what is actually behind it, from the final pixels: inside the text's inked box,
 * pixels near the text colour (and a two-pixel rim around them, where anti-aliasing blends) are the text; of the rest,
 * the 5th and 95th percentile luminances stand for the darkest and lightest ground, and the worse of the two WCAG
 * ratios against the text colour is the text's contrast.
 */
public final class TextContrast {
    // RGB distance within which a pixel counts as drawn in the text colour
    private static final double NEAR_TEXT = 48;
    private static final int RIM = 2;

    /**
     * The measurement of one text.
     *
     * @param ratio    the worst WCAG contrast between the text colour and its ground
     * @param required the minimum for this text's size and weight
     * @param groundLuminance the luminance of the ground that gave {@code ratio}
     */
    public record Result(String slot, double ratio, double required, double groundLuminance) {
        public boolean passed() {
            return ratio + 1e-9 >= required;
        }
    }

    private TextContrast() {
    }

    /** Measures {@code text} in {@code image} (whose pixels are the layout's canvas); {@code normalMinimum} is the brand's AA level. */
    public static Result measure(BufferedImage image, RenderedLayout.Text text, double normalMinimum) {
        RenderedLayout.Box b = text.inked().width() > 0 && text.inked().height() > 0 ? text.inked() : text.box();
        int x0 = Math.max(0, b.x());
        int y0 = Math.max(0, b.y());
        int x1 = Math.min(image.getWidth(), b.x() + b.width());
        int y1 = Math.min(image.getHeight(), b.y() + b.height());
        double required = Contrast.required(text.fontSize(), text.bold(), normalMinimum);
        Rgba c = text.color();
        double textLum = Contrast.luminance(c);
        if (x1 <= x0 || y1 <= y0) return new Result(text.slot(), 1, required, textLum);
        int w = x1 - x0;
        int h = y1 - y0;
        boolean[] ink = new boolean[w * h];
        int[] rgb = image.getRGB(x0, y0, w, h, null, 0, w);
        for (int i = 0; i < rgb.length; i++) {
            int p = rgb[i];
            double dr = ((p >> 16) & 255) - c.r();
            double dg = ((p >> 8) & 255) - c.g();
            double db = (p & 255) - c.b();
            ink[i] = Math.sqrt(dr * dr + dg * dg + db * db) <= NEAR_TEXT;
        }
        // the rim around the glyphs holds blended pixels, neither text nor ground
        boolean[] text_ = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (!ink[y * w + x]) continue;
                for (int yy = Math.max(0, y - RIM); yy <= Math.min(h - 1, y + RIM); yy++) {
                    for (int xx = Math.max(0, x - RIM); xx <= Math.min(w - 1, x + RIM); xx++) text_[yy * w + xx] = true;
                }
            }
        }
        double[] lum = new double[w * h];
        int n = 0;
        for (int i = 0; i < rgb.length; i++) {
            if (!text_[i]) lum[n++] = Contrast.luminance((rgb[i] >> 16) & 255, (rgb[i] >> 8) & 255, rgb[i] & 255);
        }
        if (n < rgb.length / 20) {
            // the whole box looks like the text colour: the text cannot be told from its ground
            n = 0;
            for (int p : rgb) lum[n++] = Contrast.luminance((p >> 16) & 255, (p >> 8) & 255, p & 255);
        }
        double[] ground = Arrays.copyOf(lum, n);
        Arrays.sort(ground);
        double low = ground[(int) Math.floor((n - 1) * 0.05)];
        double high = ground[(int) Math.ceil((n - 1) * 0.95)];
        double rLow = Contrast.ratio(textLum, low);
        double rHigh = Contrast.ratio(textLum, high);
        return rLow <= rHigh ? new Result(text.slot(), rLow, required, low) : new Result(text.slot(), rHigh, required, high);
    }
}
