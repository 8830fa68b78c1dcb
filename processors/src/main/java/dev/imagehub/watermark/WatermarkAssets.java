package dev.imagehub.watermark;

import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.imageio.ImageIO;

/**
 * Loads the fonts and logos that watermarks draw, once per file version: a file is read again only when its size or
 * modification time changed, and a file that disappeared after start-up is reported rather than served from memory.
 */
public final class WatermarkAssets {
    private static final Map<Path, Loaded<Font>> FONTS = new ConcurrentHashMap<>();
    private static final Map<Path, Loaded<BufferedImage>> LOGOS = new ConcurrentHashMap<>();

    private record Loaded<T>(long modified, long size, T value) {
    }

    private WatermarkAssets() {
    }

    /** True when a font option names a file (has a path separator or a font file extension) rather than a family. */
    public static boolean isFontFile(String spec) {
        String s = spec.toLowerCase(Locale.ROOT);
        return s.contains("/") || s.contains("\\") || s.endsWith(".ttf") || s.endsWith(".otf") || s.endsWith(".ttc");
    }

    /** The TrueType/OpenType font in {@code file}; IOException says why it cannot be used. */
    public static Font font(Path file) throws IOException {
        return load(FONTS, file, "font", f -> {
            try {
                return Font.createFont(Font.TRUETYPE_FONT, f.toFile());
            } catch (FontFormatException e) {
                throw new IOException("the font file " + f + " is not a TrueType or OpenType font (" + e.getMessage() + ")");
            }
        });
    }

    /** An installed font family (case-insensitive), or null when no such family is installed. */
    public static Font systemFont(String family) {
        String wanted = family.trim();
        for (String name : GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames(Locale.ROOT)) {
            if (name.equalsIgnoreCase(wanted)) return new Font(name, Font.PLAIN, 1);
        }
        return null;
    }

    /** Some installed families, for error messages. */
    public static List<String> someFamilies(int max) {
        return Arrays.stream(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames(Locale.ROOT)).limit(max).toList();
    }

    /** The picture in {@code file} (PNG with alpha, or any format ImageIO reads); IOException says why it cannot be used. */
    public static BufferedImage logo(Path file) throws IOException {
        return load(LOGOS, file, "logo", f -> {
            BufferedImage img;
            try {
                img = ImageIO.read(f.toFile());
            } catch (IOException e) {
                throw new IOException("the logo file " + f + " cannot be decoded (" + e.getMessage() + ")");
            }
            if (img == null) throw new IOException("the logo file " + f + " is not an image that can be read (use a PNG)");
            return img;
        });
    }

    private interface Reader<T> {
        T read(Path file) throws IOException;
    }

    private static <T> T load(Map<Path, Loaded<T>> cache, Path file, String what, Reader<T> reader) throws IOException {
        Path key = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(key)) throw new IOException("the " + what + " file " + key + " does not exist");
        if (!Files.isReadable(key)) throw new IOException("the " + what + " file " + key + " cannot be read (check its permissions)");
        BasicFileAttributes attrs = Files.readAttributes(key, BasicFileAttributes.class);
        long modified = attrs.lastModifiedTime().toMillis();
        Loaded<T> cached = cache.get(key);
        if (cached != null && cached.modified() == modified && cached.size() == attrs.size()) return cached.value();
        T value = reader.read(key);
        cache.put(key, new Loaded<>(modified, attrs.size(), value));
        return value;
    }
}
