package dev.imagehub.intake;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/**
 * Output file names that are safe everywhere: no path separators, control characters or leading dashes and dots,
 * Unicode letters kept, and short enough (in UTF-8 bytes) to leave room for a "-2" suffix and an extension.
 */
public final class SafeNames {
    private static final int MAX_STEM_BYTES = 150;

    private SafeNames() {
    }

    /** The name without its last extension ("photo.final.jpg" gives "photo.final"). */
    public static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    /** A safe stem derived from {@code name}; never empty. */
    public static String safeStem(String name) {
        String s = Normalizer.normalize(name, Normalizer.Form.NFC);
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp == 0x7F || cp == '/' || cp == '\\' || cp == ':' || cp == '*' || cp == '?' || cp == '"'
                    || cp == '<' || cp == '>' || cp == '|' || Character.getType(cp) == Character.FORMAT) {
                sb.append('_');
            } else {
                sb.appendCodePoint(cp);
            }
        });
        String out = trimLeading(sb.toString());
        out = truncateUtf8(out, MAX_STEM_BYTES).strip();
        return out.isEmpty() ? "image" : out;
    }

    // "- -rf" must not become " -rf": strip spaces, dashes and dots until none leads
    private static String trimLeading(String s) {
        String out = s.strip();
        while (!out.isEmpty() && (out.charAt(0) == '-' || out.charAt(0) == '.' || Character.isWhitespace(out.charAt(0)))) {
            out = out.substring(1);
        }
        return out.strip();
    }

    /** {@code stem-n.ext} for the n-th candidate (n = 1 gives {@code stem.ext}). */
    public static String candidate(String stem, String extension, int n) {
        String base = n == 1 ? stem : stem + "-" + n;
        return extension == null || extension.isEmpty() ? base : base + "." + extension;
    }

    static String truncateUtf8(String s, int maxBytes) {
        if (s.getBytes(StandardCharsets.UTF_8).length <= maxBytes) return s;
        StringBuilder sb = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + n > maxBytes) break;
            sb.appendCodePoint(cp);
            bytes += n;
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    /** Splits "name.ext" into the extension (without dot), or "" when there is none. */
    public static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 && dot < fileName.length() - 1 ? fileName.substring(dot + 1) : "";
    }
}
