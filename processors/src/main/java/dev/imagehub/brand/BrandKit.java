package dev.imagehub.brand;

import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import dev.imagehub.config.ConfigBinder;
import dev.imagehub.config.ConfigException;
import dev.imagehub.config.ConfigNode;
import dev.imagehub.config.Option;
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

    /** What config/brand.yaml holds, bound by the one config binder. */
    record File(@Option(value = "the brand's name, for reports", defaultValue = "brand") String name,
                @Option(value = "role name to colour (#rrggbb); primary, secondary, accent and text are required", required = true) Map<String, Rgba> colors,
                @Option(value = "role name to font file; heading and body are required; fallbacks: a list of fonts for other scripts", required = true)
                Map<String, ConfigNode> fonts,
                @Option("light: the logo for dark ground; dark: the logo for light ground") Logos logos,
                @Option("the thresholds of the brand compliance check") Checks compliance) {
    }

    /** The two logos (paths relative to the hub home). */
    record Logos(@Option("drawn on dark backgrounds") LogoFile light, @Option("drawn on light backgrounds") LogoFile dark) {
    }

    /** The compliance thresholds as written. */
    record Checks(@Option(value = "CIEDE2000 distance that counts as a palette colour", defaultValue = "12", min = 0, max = 100) double tolerance,
                  @Option(value = "percent of pixels that must be on the palette", defaultValue = "70", min = 0, max = 100) double minShare,
                  @Option(value = "white, black and greys always count as on-palette", defaultValue = "true") boolean neutrals,
                  @Option(value = "minimum WCAG contrast of normal text", defaultValue = "4.5", min = 1, max = 21) double contrast) {
    }

    /** A font file, checked by loading it. */
    record FontFile(Path path) {
    }

    /** A logo file, checked by loading it. */
    record LogoFile(Path path) {
    }

    static BrandKit parse(ConfigNode root, Path home, Path source) {
        ConfigBinder binder = ConfigBinder.standard()
                .with(Rgba.class, Rgba::parse)
                .with(FontFile.class, t -> new FontFile(fontFile(t, home)))
                .with(LogoFile.class, t -> new LogoFile(logoFile(t, home)));
        File file = binder.bind(File.class, root);
        // roles and required roles: what a mapping with names of the user's choice cannot say by itself
        List<ConfigException> problems = new ArrayList<>();
        ConfigNode colorsNode = root.get("colors");
        for (String role : file.colors().keySet()) role(colorsNode.get(role), role, "colour", problems);
        for (String r : REQUIRED_COLORS) {
            if (!file.colors().containsKey(r)) {
                problems.add(new ConfigException(colorsNode, "the brand needs a '" + r + "' colour (required: " + String.join(", ", REQUIRED_COLORS) + ")"));
            }
        }
        Map<String, Path> fonts = new LinkedHashMap<>();
        List<Path> fallbacks = new ArrayList<>();
        for (Map.Entry<String, ConfigNode> e : file.fonts().entrySet()) {
            try {
                if (e.getKey().equals("fallbacks")) {
                    for (ConfigNode item : e.getValue().items()) fallbacks.add(font(binder, item));
                    continue;
                }
                if (role(e.getValue(), e.getKey(), "font", problems)) fonts.put(e.getKey(), font(binder, e.getValue()));
            } catch (ConfigException bad) {
                problems.addAll(bad.problems());
            }
        }
        for (String r : REQUIRED_FONTS) {
            if (!fonts.containsKey(r) && !file.fonts().containsKey(r)) {
                problems.add(new ConfigException(root.get("fonts"), "the brand needs a '" + r + "' font (required: " + String.join(", ", REQUIRED_FONTS) + ")"));
            }
        }
        if (problems.size() == 1) throw problems.get(0);
        if (!problems.isEmpty()) throw new ConfigException(problems);
        Logos logos = file.logos() == null ? new Logos(null, null) : file.logos();
        Checks c = file.compliance() == null ? new Checks(12, 70, true, 4.5) : file.compliance();
        return new BrandKit(file.name(), file.colors(), fonts, fallbacks, logos.light() == null ? null : logos.light().path(),
                logos.dark() == null ? null : logos.dark().path(), new Compliance(c.tolerance(), c.minShare(), c.neutrals(), c.contrast()), source);
    }

    // one font entry, read on its own so that its mistake keeps its line
    private static Path font(ConfigBinder binder, ConfigNode at) {
        return binder.read(FontFile.class, at).path();
    }

    // true when the role name is usable; otherwise the mistake is added
    private static boolean role(ConfigNode at, String role, String what, List<ConfigException> problems) {
        if (!ROLE.matcher(role).matches()) {
            problems.add(new ConfigException(at, "'" + role + "' is not a usable " + what + " name: use letters and digits, starting with a "
                    + "lower-case letter (primary, heading, ...)"));
            return false;
        }
        if (COLOUR_WORDS.contains(role)) {
            problems.add(new ConfigException(at, "'" + role + "' cannot name a brand " + what + ": it is also a colour word; call it e.g. 'light'"));
            return false;
        }
        return true;
    }

    private static Path fontFile(String text, Path home) {
        Path file = home.resolve(text.trim()).toAbsolutePath().normalize();
        try {
            WatermarkAssets.font(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage() + " (font paths are relative to the hub home)");
        }
        return file;
    }

    private static Path logoFile(String text, Path home) {
        Path file = home.resolve(text.trim()).toAbsolutePath().normalize();
        try {
            WatermarkAssets.logo(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage() + " (logo paths are relative to the hub home)");
        }
        return file;
    }
}
