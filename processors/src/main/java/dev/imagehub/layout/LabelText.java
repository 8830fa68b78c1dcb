package dev.imagehub.layout;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.font.TextLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.text.AttributedString;

/**
 * One line of label text under a contact-sheet picture, drawn with the same per-character font fallback as templates
 * (so a card named in Chinese or Arabic is labelled legibly, not with empty boxes), cut with an ellipsis to a width.
 */
public final class LabelText {
    private LabelText() {
    }

    /**
     * Draws {@code text} in {@code font} (falling back per character to the shipped fonts of {@code home}, then to
     * installed ones), cut to {@code maxWidth} and centred on {@code centreX} at {@code baseline}. Characters no font
     * has are drawn as the platform draws them rather than failing the sheet.
     */
    public static void drawCentred(Graphics2D g, String text, Font font, Path home, float centreX, float baseline, float maxWidth) {
        FontChain chain;
        try {
            chain = FontChain.around(font, home);
        } catch (IOException e) {
            chain = null;   // a damaged shipped font only costs the label its fallbacks
        }
        String shown = text;
        while (width(g, shown, font, chain) > maxWidth && shown.length() > 2) {
            shown = shown.substring(0, shown.length() - 2) + "…";
        }
        AttributedString s = attributed(shown, font, chain);
        if (s == null) {
            g.setFont(font);
            g.drawString(shown, centreX - g.getFontMetrics().stringWidth(shown) / 2f, baseline);
            return;
        }
        float w = width(g, shown, font, chain);
        g.drawString(s.getIterator(), centreX - w / 2, baseline);
    }

    private static float width(Graphics2D g, String text, Font font, FontChain chain) {
        AttributedString s = attributed(text, font, chain);
        if (s == null || text.isEmpty()) return g.getFontMetrics(font).stringWidth(text);
        return (float) new TextLayout(s.getIterator(), g.getFontRenderContext()).getAdvance();
    }

    // null when some character has no font at all: the caller then draws plainly
    private static AttributedString attributed(String text, Font font, FontChain chain) {
        if (chain == null || text.isEmpty()) return null;
        try {
            return chain.attributed(text, font.getSize2D());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
