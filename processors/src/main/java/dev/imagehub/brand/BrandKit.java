package dev.imagehub.brand;

import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import dev.imagehub.config.ConfigException;
import dev.imagehub.config.ConfigNode;
import dev.imagehub.config.YamlConfig;
import dev.imagehub.image.Rgba;
import dev.imagehub.watermark.WatermarkAssets;

/**
 * The brand kit of {@code config/brand.yaml}: named colours (at least primary, secondary, accent, text), fonts by role
 * (at least heading and body, as shipped TTF/OTF files), fallback fonts for scripts the brand fonts lack, light and dark
 * logos, and the thresholds of the compliance check. Templates, watermarks and variations read colours and fonts
 * through it by role name ({@code primary}, {@code heading}), so changing the brand changes every output.
 *
 * @param name      the brand's name, for reports
 * @param colors    role name to colour, in file order
 * @param fonts     role name to font file (absolute)
 * @param fallbacks fonts tried, in order, for characters the chosen font cannot draw (absolute)
 * @param logoLight the light logo, drawn on dark backgrounds (absolute), or null
 * @param logoDark  the dark logo, drawn on light backgrounds (absolute), or null
 * @param check     the thresholds of the brand compliance check
 * @param source    the file the kit came from (absolute), or null for the built-in default
 */
public record BrandKit(String name, Map<String, Rgba> colors, Map<String, Path> fonts, List<Path> fallbacks, Path logoLight,
                       Path logoDark, Compliance check, Path source) {

    /** Where the kit lives, relative to the hub home. */
    public static final String FILE = "config/brand.yaml";
    public static final List<String> REQUIRED_COLORS = List.of("primary", "secondary", "accent", "text");
    public static final List<String> REQUIRED_FONTS = List.of("heading", "body");
    private static final Pattern ROLE = Pattern.compile("[a-z][a-zA-Z0-9]*");
    // role names that are also colour words would make "color: white" ambiguous
    private static final Set<String> COLOUR_WORDS = Set.of("white", "black", "transparent", "grey", "gray");
    private static final Map<Path, Loaded> CACHE = new ConcurrentHashMap<>();

    private record Loaded(long modified, long size, BrandKit kit) {
    }

    /**
     * The compliance thresholds.
     *
     * @param tolerance CIEDE2000 distance within which a colour counts as a palette colour
     * @param minShare  percent of the checked pixels that must be on the palette (neutrals count when allowed)
     * @param neutrals  whether white, black and greys always count as on-palette
     * @param contrast  the minimum WCAG contrast ratio of normal text (4.5 is AA); large text needs 3.0 under AA
     */
    public record Compliance(double tolerance, double minShare, boolean neutrals, double contrast) {
        public static final Compliance DEFAULT = new Compliance(12, 70, true, 4.5);
    }

    public BrandKit {
        colors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(colors));
        fonts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fonts));
        fallbacks = List.copyOf(fallbacks);
    }

    /** The colour of {@code role}, or null when the brand has no such role. */
    public Rgba color(String role) {
        return colors.get(role);
    }

    /**
     * A colour written in a template, watermark or variation: a role of this brand ({@code primary}, {@code text}) or a
     * literal colour ({@code #1f4e79}, {@code white}). IllegalArgumentException names both possibilities.
     */
    public Rgba resolveColor(String spec) {
        Rgba role = colors.get(spec.trim());
        if (role != null) return role;
        try {
            return Rgba.parse(spec);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + spec + "' is neither a brand colour (" + String.join(", ", colors.keySet())
                    + ") nor a colour (#rrggbb, #rgb, white, black, transparent)");
        }
    }

    /** This kit with some colour roles replaced (a variation's colour scheme); unknown roles are added. */
    public BrandKit withColors(Map<String, Rgba> overrides) {
        Map<String, Rgba> merged = new LinkedHashMap<>(colors);
        merged.putAll(overrides);
        return new BrandKit(name, merged, fonts, fallbacks, logoLight, logoDark, check, source);
    }

    /**
     * The font of {@code spec}: a role of this brand ({@code heading}), a font file relative to {@code home}, or an
     * installed family. IOException says which file is missing or broken.
     */
    public Font font(String spec, Path home) throws IOException {
        Path role = fonts.get(spec.trim());
        if (role != null) return WatermarkAssets.font(role);
        if (WatermarkAssets.isFontFile(spec)) return WatermarkAssets.font(home.resolve(spec));
        Font installed = WatermarkAssets.systemFont(spec);
        if (installed == null) {
            throw new IOException("'" + spec + "' is neither a brand font (" + String.join(", ", fonts.keySet())
                    + "), a .ttf/.otf file, nor an installed font family");
        }
        return installed;
    }

    /** The fallback fonts, loaded, in order. */
    public List<Font> fallbackFonts() throws IOException {
        List<Font> out = new ArrayList<>();
        for (Path p : fallbacks) out.add(WatermarkAssets.font(p));
        return out;
    }

    /** The logo to draw on a background of the given darkness: the light logo on dark ground, else the dark one; may be null. */
    public Path logoFor(boolean darkBackground) {
        Path preferred = darkBackground ? logoLight : logoDark;
        return preferred != null ? preferred : (darkBackground ? logoDark : logoLight);
    }

    /** The kit of {@code home}/config/brand.yaml, read again only when the file changed; the built-in kit when there is none. */
    public static BrandKit load(Path home) {
        Path file = home.resolve(FILE).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) return builtIn(home);
        try {
            long modified = Files.getLastModifiedTime(file).toMillis();
            long size = Files.size(file);
            Loaded cached = CACHE.get(file);
            if (cached != null && cached.modified == modified && cached.size == size) return cached.kit;
            BrandKit kit = parse(YamlConfig.read(file, FILE), home, file);
            CACHE.put(file, new Loaded(modified, size, kit));
            return kit;
        } catch (IOException e) {
            throw new ConfigException(FILE, 0, "", "cannot read the file: " + e.getMessage());
        }
    }

    /** The kit used when config/brand.yaml is absent: the shipped DejaVu fonts and logo, a neutral blue palette. */
    static BrandKit builtIn(Path home) {
        Path fonts = home.resolve("templates").resolve("fonts").toAbsolutePath().normalize();
        Path logo = home.resolve("templates").resolve("logos").resolve("imagehub-logo.png").toAbsolutePath().normalize();
        Map<String, Rgba> colors = new LinkedHashMap<>();
        colors.put("primary", Rgba.parse("#1f4e79"));
        colors.put("secondary", Rgba.parse("#f2a541"));
        colors.put("accent", Rgba.parse("#e4572e"));
        colors.put("text", Rgba.parse("#1b1b1b"));
        colors.put("background", Rgba.parse("#ffffff"));
        Map<String, Path> fontMap = new LinkedHashMap<>();
        fontMap.put("heading", fonts.resolve("DejaVuSans-Bold.ttf"));
        fontMap.put("body", fonts.resolve("DejaVuSans.ttf"));
        Path existingLogo = Files.isRegularFile(logo) ? logo : null;
        return new BrandKit("imagehub", colors, fontMap, List.of(), existingLogo, existingLogo, Compliance.DEFAULT, null);
    }

    static BrandKit parse(ConfigNode root, Path home, Path source) {
        known(root, Set.of("name", "colors", "fonts", "logos", "compliance"));
        String name = root.get("name") == null ? "brand" : root.get("name").text();

        ConfigNode colorsNode = required(root, "colors");
        Map<String, Rgba> colors = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : colorsNode.entries().entrySet()) {
            role(e.getValue(), e.getKey(), "colour");
            try {
                colors.put(e.getKey(), Rgba.parse(e.getValue().text()));
            } catch (IllegalArgumentException x) {
                throw new ConfigException(e.getValue(), x.getMessage());
            }
        }
        for (String r : REQUIRED_COLORS) {
            if (!colors.containsKey(r)) throw new ConfigException(colorsNode, "the brand needs a '" + r + "' colour (required: "
                    + String.join(", ", REQUIRED_COLORS) + ")");
        }

        ConfigNode fontsNode = required(root, "fonts");
        Map<String, Path> fonts = new LinkedHashMap<>();
        List<Path> fallbacks = new ArrayList<>();
        for (Map.Entry<String, ConfigNode> e : fontsNode.entries().entrySet()) {
            if (e.getKey().equals("fallbacks")) {
                for (ConfigNode item : e.getValue().items()) fallbacks.add(fontFile(item, home));
                continue;
            }
            role(e.getValue(), e.getKey(), "font");
            fonts.put(e.getKey(), fontFile(e.getValue(), home));
        }
        for (String r : REQUIRED_FONTS) {
            if (!fonts.containsKey(r)) throw new ConfigException(fontsNode, "the brand needs a '" + r + "' font (required: "
                    + String.join(", ", REQUIRED_FONTS) + ")");
        }

        Path light = null;
        Path dark = null;
        ConfigNode logos = root.get("logos");
        if (logos != null) {
            known(logos, Set.of("light", "dark"));
            light = logos.get("light") == null ? null : logoFile(logos.get("light"), home);
            dark = logos.get("dark") == null ? null : logoFile(logos.get("dark"), home);
        }

        Compliance check = Compliance.DEFAULT;
        ConfigNode c = root.get("compliance");
        if (c != null) {
            known(c, Set.of("tolerance", "minShare", "neutrals", "contrast"));
            check = new Compliance(number(c, "tolerance", check.tolerance(), 0, 100), number(c, "minShare", check.minShare(), 0, 100),
                    c.get("neutrals") == null ? check.neutrals() : bool(c.get("neutrals")), number(c, "contrast", check.contrast(), 1, 21));
        }
        return new BrandKit(name, colors, fonts, fallbacks, light, dark, check, source);
    }

    private static void role(ConfigNode at, String role, String what) {
        if (!ROLE.matcher(role).matches()) {
            throw new ConfigException(at, "'" + role + "' is not a usable " + what + " name: use letters and digits, starting with a "
                    + "lower-case letter (primary, heading, ...)");
        }
        if (COLOUR_WORDS.contains(role)) {
            throw new ConfigException(at, "'" + role + "' cannot name a brand " + what + ": it is also a colour word; call it e.g. 'light'");
        }
    }

    private static Path fontFile(ConfigNode at, Path home) {
        Path file = home.resolve(at.text()).toAbsolutePath().normalize();
        try {
            WatermarkAssets.font(file);
        } catch (IOException e) {
            throw new ConfigException(at, e.getMessage() + " (font paths are relative to the hub home)");
        }
        return file;
    }

    private static Path logoFile(ConfigNode at, Path home) {
        Path file = home.resolve(at.text()).toAbsolutePath().normalize();
        try {
            WatermarkAssets.logo(file);
        } catch (IOException e) {
            throw new ConfigException(at, e.getMessage() + " (logo paths are relative to the hub home)");
        }
        return file;
    }

    private static ConfigNode required(ConfigNode map, String key) {
        ConfigNode n = map.get(key);
        if (n == null) throw new ConfigException(map, "missing '" + key + "'");
        n.entries();
        return n;
    }

    private static void known(ConfigNode map, Set<String> keys) {
        for (Map.Entry<String, ConfigNode> e : map.entries().entrySet()) {
            if (!keys.contains(e.getKey())) {
                throw new ConfigException(e.getValue(), "unknown key '" + e.getKey() + "' (known: " + String.join(", ", new java.util.TreeSet<>(keys)) + ")");
            }
        }
    }

    private static double number(ConfigNode map, String key, double dflt, double min, double max) {
        ConfigNode n = map.get(key);
        if (n == null) return dflt;
        double v;
        try {
            v = Double.parseDouble(n.text());
        } catch (NumberFormatException e) {
            throw new ConfigException(n, "'" + n.text() + "' is not a number");
        }
        if (v < min || v > max) throw new ConfigException(n, String.format(Locale.ROOT, "%s must be between %s and %s", key, fmt(min), fmt(max)));
        return v;
    }

    private static boolean bool(ConfigNode n) {
        return switch (n.text().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new ConfigException(n, "'" + n.text() + "' is not true or false");
        };
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
