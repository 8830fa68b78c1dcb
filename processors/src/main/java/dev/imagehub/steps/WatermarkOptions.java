package dev.imagehub.steps;

import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import dev.imagehub.brand.BrandKit;
import dev.imagehub.chain.ChainConfig;
import dev.imagehub.config.ConfigException;
import dev.imagehub.config.ConfigNode;
import dev.imagehub.config.YamlConfig;
import dev.imagehub.image.Rgba;
import dev.imagehub.watermark.WatermarkAssets;
import dev.imagehub.watermark.WatermarkLength;
import dev.imagehub.watermark.WatermarkText;

/**
 * Start-up checks of the watermark step: merges a named template from {@code config/watermarks.yaml}, loads the font
 * and logo it names (so a missing file stops the hub with file, line and key), and resolves their paths against the
 * hub home so that later runs do not depend on the working directory.
 */
final class WatermarkOptions {
    /** The value of option 'logo' that asks for the brand's logo (as does a watermark with neither text nor logo). */
    static final String BRAND = "brand";
    private WatermarkOptions() {
    }

    static ConfigNode expand(ConfigNode options, ChainConfig config) {
        ConfigNode merged = withTemplate(options, config);
        BrandKit brand = BrandKit.load(config.home());
        // brand roles (color: primary) become literal colours here, so a run does not read brand.yaml again
        for (String key : new String[] {"color", "effectColor"}) {
            ConfigNode c = merged.get(key);
            if (c == null) continue;
            Rgba resolved;
            try {
                resolved = brand.resolveColor(c.text());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(c, "option '" + key + "' of step 'watermark': " + e.getMessage() + " (brand colours are set in "
                        + BrandKit.FILE + ")");
            }
            merged = replace(merged, key, resolved.toString());
        }
        for (String key : new String[] {"margin", "offsetX", "offsetY"}) {
            ConfigNode l = merged.get(key);
            if (l != null) check(l, key, () -> WatermarkLength.parse(l.text()));
        }
        Path home = config.home();
        ConfigNode logo = merged.get("logo");
        boolean pair = merged.get("logoOnDark") != null || merged.get("logoOnLight") != null;
        if (logo != null && logo.text().equals(BRAND) && merged.get("text") != null) {
            throw new ConfigException(logo, "step 'watermark': give either text or logo, not both (use two watermark steps to draw both)");
        }
        if (merged.get("text") == null && !pair && (logo == null || logo.text().equals(BRAND))) {
            // no text and no logo file: the brand's logo, light or dark by the ground beneath
            ConfigNode at = logo == null ? merged : logo;
            if (brand.logoLight() == null && brand.logoDark() == null) {
                throw new ConfigException(at, "step 'watermark' draws the brand logo when it has no text and no logo, but " + BrandKit.FILE
                        + " names no logos; add logos: { light: ..., dark: ... } there, or give the step a text or a logo");
            }
            merged = merged.without("logo");
            merged = replace(merged, "logoOnDark", brand.logoFor(true).toString());
            merged = replace(merged, "logoOnLight", brand.logoFor(false).toString());
            return merged;
        }
        for (String key : new String[] {"logoOnDark", "logoOnLight"}) {
            ConfigNode l = merged.get(key);
            if (l == null) continue;
            Path file = home.resolve(l.text());
            try {
                WatermarkAssets.logo(file);
            } catch (IOException e) {
                throw new ConfigException(l, "option '" + key + "' of step 'watermark': " + e.getMessage() + " (paths are relative to the hub home)");
            }
            merged = replace(merged, key, file.toAbsolutePath().normalize().toString());
        }
        if (logo != null) {
            Path file = home.resolve(logo.text());
            try {
                WatermarkAssets.logo(file);
            } catch (IOException e) {
                throw new ConfigException(logo, "option 'logo' of step 'watermark': " + e.getMessage() + " (paths are relative to the hub home)");
            }
            merged = replace(merged, "logo", file.toAbsolutePath().normalize().toString());
        }
        ConfigNode text = merged.get("text");
        if (text != null) {
            ConfigNode fontNode = merged.get("font");
            // an unset font is the brand's body font (DejaVu Sans when the hub has no brand.yaml); a role name picks a brand font
            Path brandFont = fontNode == null ? brand.fonts().get("body") : brand.fonts().get(fontNode.text().trim());
            String spec = fontNode == null ? WatermarkStep.DEFAULT_FONT : fontNode.text();
            ConfigNode at = fontNode == null ? merged : fontNode;
            Font font;
            if (brandFont != null) {
                try {
                    font = WatermarkAssets.font(brandFont);
                } catch (IOException e) {
                    throw new ConfigException(at, "option 'font' of step 'watermark': " + e.getMessage() + " (the brand font of " + BrandKit.FILE + ")");
                }
                merged = replace(merged, "font", brandFont.toString());
            } else if (WatermarkAssets.isFontFile(spec)) {
                Path file = home.resolve(spec).toAbsolutePath().normalize();
                try {
                    font = WatermarkAssets.font(file);
                } catch (IOException e) {
                    throw new ConfigException(at, "option 'font' of step 'watermark': " + e.getMessage()
                            + (fontNode == null ? " (the default font; set option 'font' to another .ttf or an installed family)" : " (paths are relative to the hub home)"));
                }
                merged = replace(merged, "font", file.toString());
            } else {
                font = WatermarkAssets.systemFont(spec);
                if (font == null) {
                    throw new ConfigException(at, "option 'font' of step 'watermark': '" + spec + "' is neither a brand font ("
                            + String.join(", ", brand.fonts().keySet()) + ") nor an installed font family (installed, e.g.: "
                            + String.join(", ", WatermarkAssets.someFamilies(8)) + "); or give a .ttf file relative to the hub home");
                }
            }
            int missing = font.canDisplayUpTo(text.text());
            if (missing >= 0) {
                int cp = text.text().codePointAt(missing);
                throw new ConfigException(text, String.format(Locale.ROOT, "option 'text' of step 'watermark': the font %s has no glyph for '%s' (U+%04X); "
                        + "choose a font that covers it with option 'font'", font.getFontName(Locale.ROOT), new String(Character.toChars(cp)), cp));
            }
        }
        return merged;
    }

    static void validate(WatermarkStep.Options o, ConfigNode at) {
        boolean pair = o.logoOnDark() != null || o.logoOnLight() != null;
        if (pair && (o.text() != null || o.logo() != null)) {
            throw new ConfigException(at, "step 'watermark': options 'logoOnDark' and 'logoOnLight' choose a logo by the ground beneath; "
                    + "give them instead of text or logo, not with them");
        }
        if (pair && (o.size() != null || o.font() != null || o.effect() != WatermarkText.Effect.NONE)) {
            throw new ConfigException(at, "step 'watermark': options 'size', 'font' and 'effect' apply to text; size a logo with option 'width'");
        }
        if (pair) {
            if (o.tile() && o.position() != null) {
                throw new ConfigException(at, "step 'watermark': a tiled watermark covers the whole image, so option 'position' does not apply");
            }
            return;
        }
        if (o.text() != null && o.logo() != null) {
            throw new ConfigException(at, "step 'watermark': give either text or logo, not both (use two watermark steps to draw both)");
        }
        if (o.text() != null && o.text().isBlank()) throw new ConfigException(at, "step 'watermark': option 'text' is empty");
        if (o.text() != null && o.width() != null) {
            throw new ConfigException(at, "step 'watermark': option 'width' sizes logos; size text with option 'size'");
        }
        if (o.logo() != null && (o.size() != null || o.font() != null || o.effect() != WatermarkText.Effect.NONE)) {
            throw new ConfigException(at, "step 'watermark': options 'size', 'font' and 'effect' apply to text; size a logo with option 'width'");
        }
        if (o.tile() && o.position() != null) {
            throw new ConfigException(at, "step 'watermark': a tiled watermark covers the whole image, so option 'position' does not apply");
        }
    }

    private static ConfigNode withTemplate(ConfigNode options, ChainConfig config) {
        ConfigNode name = options.get("template");
        if (name == null) return options;
        ConfigNode template = config.named(ChainConfig.WATERMARKS, name.text());
        if (template == null) {
            throw new ConfigException(name, "step 'watermark': unknown template '" + name.text() + "' (templates in config/watermarks.yaml: "
                    + (config.names(ChainConfig.WATERMARKS).isEmpty() ? "none" : String.join(", ", config.names(ChainConfig.WATERMARKS))) + ")");
        }
        if (template.get("template") != null) throw new ConfigException(template.get("template"), "a watermark template cannot name another template");
        // a chain that gives text overrides a logo template and the other way round: the two are one choice
        ConfigNode base = template;
        if (options.get("text") != null) base = base.without("logo").without("width").without("logoOnDark").without("logoOnLight");
        if (options.get("logo") != null) base = base.without("text").without("font").without("size").without("effect").without("logoOnDark").without("logoOnLight");
        if (options.get("logoOnDark") != null || options.get("logoOnLight") != null) {
            base = base.without("text").without("font").without("size").without("effect").without("logo");
        }
        return options.withDefaults(base);
    }

    private static void check(ConfigNode at, String key, Runnable parse) {
        try {
            parse.run();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(at, "option '" + key + "' of step 'watermark': " + e.getMessage());
        }
    }

    // ConfigNode has no public factory for a changed value; a one-line YAML document gives a node of the same shape
    private static ConfigNode replace(ConfigNode map, String key, String value) {
        String quoted = '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        ConfigNode single = YamlConfig.parse(key + ": " + quoted, map.file());
        return map.without(key).withDefaults(single);
    }
}
