package dev.imagehub.image;

import java.util.Locale;

/** A colour written in configuration as {@code #rgb}, {@code #rrggbb}, {@code #rrggbbaa} or a name (white, black, transparent). */
public record Rgba(int r, int g, int b, int a) {
    public static final Rgba WHITE = new Rgba(255, 255, 255, 255);

    public static Rgba parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "white": return WHITE;
            case "black": return new Rgba(0, 0, 0, 255);
            case "transparent": return new Rgba(255, 255, 255, 0);
            case "grey", "gray": return new Rgba(128, 128, 128, 255);
            default: break;
        }
        if (t.startsWith("#")) t = t.substring(1);
        try {
            if (t.length() == 3) {
                return new Rgba(hex(t, 0, 1) * 17, hex(t, 1, 1) * 17, hex(t, 2, 1) * 17, 255);
            }
            if (t.length() == 6 || t.length() == 8) {
                return new Rgba(hex(t, 0, 2), hex(t, 2, 2), hex(t, 4, 2), t.length() == 8 ? hex(t, 6, 2) : 255);
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new IllegalArgumentException("'" + text + "' is not a colour (write #rrggbb, #rgb, white, black or transparent)");
    }

    private static int hex(String s, int off, int len) {
        return Integer.parseInt(s.substring(off, off + len), 16);
    }

    @Override
    public String toString() {
        return a == 255 ? String.format("#%02x%02x%02x", r, g, b) : String.format("#%02x%02x%02x%02x", r, g, b, a);
    }
}
