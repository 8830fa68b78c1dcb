package dev.imagehub.layout;

import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.awt.font.TextAttribute;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.AttributedString;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import dev.imagehub.brand.BrandKit;
import dev.imagehub.watermark.WatermarkAssets;

/**
 * Picks a font for every character: the slot's font, then the brand's fallbacks, then the other shipped fonts of
 * {@code templates/fonts}, then installed fonts that can draw it; so a Latin brand font still shows Cyrillic, Greek,
 * Arabic and Hebrew with the shipped DejaVu, and CJK when an installed font has the glyphs. A character no font can
 * draw is refused by name (U+0378) instead of being drawn as an empty box.
 */
final class FontChain {
    // logical fonts map to whatever the platform has; a physical font either has the glyph or not
    private static final Set<String> LOGICAL = Set.of("dialog", "dialoginput", "serif", "sansserif", "monospaced");
    private static volatile List<Font> installed;

    private final Font primary;
    private final List<Font> fonts;

    private FontChain(Font primary, List<Font> fonts) {
        this.primary = primary;
        this.fonts = fonts;
    }

    /** The chain for a slot whose font is {@code spec} (brand role, file or family). */
    static FontChain of(String spec, BrandKit brand, Path home) throws IOException {
        Font primary = brand.font(spec, home);
        Set<Font> chain = new LinkedHashSet<>();
        chain.add(primary);
        chain.addAll(brand.fallbackFonts());
        Path shipped = home.resolve("templates").resolve("fonts");
        if (Files.isDirectory(shipped)) {
            try (Stream<Path> files = Files.list(shipped)) {
                for (Path f : files.filter(p -> WatermarkAssets.isFontFile(p.getFileName().toString())).sorted().toList()) {
                    chain.add(WatermarkAssets.font(f));
                }
            }
        }
        return new FontChain(primary, new ArrayList<>(chain));
    }

    /** The chain for labels drawn in {@code primary}: then the shipped fonts of {@code home}, then installed ones. */
    static FontChain around(Font primary, Path home) throws IOException {
        Set<Font> chain = new LinkedHashSet<>();
        chain.add(primary);
        Path shipped = home.resolve("templates").resolve("fonts");
        if (Files.isDirectory(shipped)) {
            try (Stream<Path> files = Files.list(shipped)) {
                for (Path f : files.filter(p -> WatermarkAssets.isFontFile(p.getFileName().toString())).sorted().toList()) {
                    chain.add(WatermarkAssets.font(f));
                }
            }
        }
        return new FontChain(primary, new ArrayList<>(chain));
    }

    Font primary() {
        return primary;
    }

    /** Whether the primary font is a bold face (WCAG counts bold text as large from a smaller size). */
    boolean bold() {
        return primary.isBold() || primary.getFontName(Locale.ROOT).toLowerCase(Locale.ROOT).contains("bold");
    }

    /**
     * {@code text} with a font of {@code size} pixels on every character. IllegalArgumentException names the
     * characters that no font can draw.
     */
    AttributedString attributed(String text, float size) {
        AttributedString out = new AttributedString(text);
        if (text.isEmpty()) return out;
        Font[] chosen = choose(text);
        int runStart = 0;
        for (int i = 1; i <= text.length(); i++) {
            if (i == text.length() || chosen[i] != chosen[runStart]) {
                out.addAttribute(TextAttribute.FONT, chosen[runStart].deriveFont(size), runStart, i);
                runStart = i;
            }
        }
        return out;
    }

    /** The font of each char of {@code text} (both halves of a surrogate pair get the same). */
    private Font[] choose(String text) {
        Font[] chosen = new Font[text.length()];
        List<String> missing = new ArrayList<>();
        Font previous = null;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int n = Character.charCount(cp);
            Font f;
            if (neutral(cp) && previous != null) {
                f = previous;
            } else if (primary.canDisplay(cp)) {
                f = primary;
            } else if (previous != null && previous.canDisplay(cp)) {
                f = previous;
            } else {
                f = find(cp);
            }
            if (f == null) {
                if (neutral(cp)) {
                    f = primary;
                } else {
                    String name = String.format(Locale.ROOT, "U+%04X", cp);
                    if (!missing.contains(name)) missing.add(name);
                    f = primary;
                }
            }
            for (int k = 0; k < n; k++) chosen[i + k] = f;
            previous = f;
            i += n;
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("no font can draw " + String.join(", ", missing.subList(0, Math.min(8, missing.size())))
                    + (missing.size() > 8 ? " and " + (missing.size() - 8) + " more" : "") + " (tried " + primary.getFontName(Locale.ROOT)
                    + ", the brand's fallbacks, the fonts of templates/fonts and the installed fonts); add a font that has them to the brand's "
                    + "fallbacks in config/brand.yaml, or remove them from the text");
        }
        return chosen;
    }

    private Font find(int cp) {
        for (Font f : fonts) {
            if (f.canDisplay(cp)) return f;
        }
        for (Font f : installed()) {
            if (f.canDisplay(cp)) return f;
        }
        return null;
    }

    // spaces, joiners and marks follow the character before them, so runs stay in one font
    private static boolean neutral(int cp) {
        int type = Character.getType(cp);
        return Character.isWhitespace(cp) || type == Character.FORMAT || type == Character.NON_SPACING_MARK
                || type == Character.ENCLOSING_MARK || type == Character.COMBINING_SPACING_MARK || type == Character.CONTROL;
    }

    private static List<Font> installed() {
        List<Font> list = installed;
        if (list == null) {
            List<Font> found = new ArrayList<>();
            for (Font f : GraphicsEnvironment.getLocalGraphicsEnvironment().getAllFonts()) {
                if (!LOGICAL.contains(f.getFamily(Locale.ROOT).toLowerCase(Locale.ROOT))) found.add(f);
            }
            list = List.copyOf(found);
            installed = list;
        }
        return list;
    }
}
