package dev.imagehub.layout;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.imagehub.brand.BrandKit;
import dev.imagehub.config.ConfigException;
import dev.imagehub.config.ConfigNode;
import dev.imagehub.config.YamlConfig;
import dev.imagehub.watermark.WatermarkAssets;
import dev.imagehub.layout.Layout.Background;
import dev.imagehub.layout.Layout.Box;
import dev.imagehub.layout.Layout.Slot;

/**
 * Reads one {@code layout.yaml} into a {@link Layout}, checking everything a render would trip over (unknown keys,
 * boxes outside the canvas, colours and fonts the brand cannot resolve, missing assets, duplicate slot names) so a
 * mistake stops the hub at start-up with file, line and key.
 */
final class LayoutParser {
    static final Set<String> ALIGN = Set.of("left", "center", "right");
    static final Set<String> VALIGN = Set.of("top", "middle", "bottom");
    static final Set<String> GRAVITY = Set.of("center", "top", "bottom", "left", "right", "topLeft", "topRight", "bottomLeft", "bottomRight");
    static final Set<String> VARIANT = Set.of("auto", "light", "dark");
    private static final Pattern SIZE = Pattern.compile("\\s*(\\d{1,5})\\s*[xX]\\s*(\\d{1,5})\\s*");
    private static final int MAX_SIDE = 10_000;

    private final BrandKit brand;
    private final Path home;
    private final Path folder;
    private int width;
    private int height;

    LayoutParser(BrandKit brand, Path home, Path folder) {
        this.brand = brand;
        this.home = home;
        this.folder = folder;
    }

    /** A layout and its sample texts (for previews and the contact sheet). */
    record Parsed(Layout layout, Map<String, String> sample) {
    }

    static Parsed read(Path file, String displayName, String name, BrandKit brand, Path home) {
        ConfigNode root = YamlConfig.read(file, displayName);
        LayoutParser parser = new LayoutParser(brand, home, file.getParent().toAbsolutePath().normalize());
        Layout layout = parser.layout(root, name);
        return new Parsed(layout, sample(root.get("sample"), layout));
    }

    private static Map<String, String> sample(ConfigNode n, Layout layout) {
        if (n == null) return Map.of();
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : n.entries().entrySet()) {
            if (layout.slot(e.getKey()) == null) {
                throw new ConfigException(e.getValue(), "sample names slot '" + e.getKey() + "', which this layout does not have");
            }
            out.put(e.getKey(), e.getValue().text());
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    Layout layout(ConfigNode root, String name) {
        known(root, Set.of("description", "size", "background", "slots", "sample"));
        String description = root.get("description") == null ? "" : root.get("description").text();
        ConfigNode sizeNode = required(root, "size");
        int[] size = size(sizeNode);
        width = size[0];
        height = size[1];
        Background background = root.get("background") == null ? new Layout.Solid(brand.colors().containsKey("background") ? "background" : "white")
                : background(root.get("background"));
        ConfigNode slotsNode = required(root, "slots");
        List<Slot> slots = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigNode item : slotsNode.items()) {
            Slot s = slot(item);
            if (s.name() != null && !names.add(s.name())) {
                throw new ConfigException(item, "a slot named '" + s.name() + "' already exists in this layout; slot names must be unique");
            }
            slots.add(s);
        }
        if (slots.isEmpty()) throw new ConfigException(slotsNode, "a layout needs at least one slot");
        for (Slot s : slots) {
            if (s instanceof Layout.ShapeSlot sh && sh.with() != null && !names.contains(sh.with())) {
                throw new ConfigException(sh.at().get("with"), "'with' names slot '" + sh.with() + "', which this layout does not have (slots: "
                        + String.join(", ", new TreeSet<>(names)) + ")");
            }
        }
        return new Layout(name, description, width, height, background, slots, folder);
    }

    /** Parses a {@code WxH} size; IllegalArgumentException says what is wrong. */
    static int[] parseSize(String text) {
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) throw new IllegalArgumentException("'" + text + "' is not a size like 1080x1080");
        int w = Integer.parseInt(m.group(1));
        int h = Integer.parseInt(m.group(2));
        if (w < 16 || h < 16 || w > MAX_SIDE || h > MAX_SIDE) {
            throw new IllegalArgumentException("'" + text + "': each side must be between 16 and " + MAX_SIDE + " pixels");
        }
        return new int[] {w, h};
    }

    private static int[] size(ConfigNode n) {
        try {
            return parseSize(n.text());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(n, e.getMessage());
        }
    }

    Background background(ConfigNode n) {
        if (n.isScalar()) return new Layout.Solid(color(n));
        known(n, Set.of("color", "gradient", "blur", "darken", "radius", "image"));
        int kinds = (n.get("color") != null && n.get("blur") == null ? 1 : 0) + (n.get("gradient") != null ? 1 : 0) + (n.get("blur") != null ? 1 : 0)
                + (n.get("image") != null ? 1 : 0);
        if (kinds != 1) {
            throw new ConfigException(n, "a background is one of { color: primary }, { gradient: { from: primary, to: secondary, angle: 135 } }, "
                    + "{ blur: image, darken: 35, color: primary } (color: used when the chain gives no picture) or { image: paper.png, darken: 0 } "
                    + "(a picture of the layout's folder)");
        }
        if (n.get("image") != null) {
            ConfigNode fileNode = n.get("image");
            Path file = folder.resolve(fileNode.text()).toAbsolutePath().normalize();
            if (!file.startsWith(folder)) throw new ConfigException(fileNode, "image must lie inside the layout's folder " + folder);
            try {
                WatermarkAssets.logo(file);
            } catch (IOException e) {
                throw new ConfigException(fileNode, e.getMessage() + " (image is relative to the layout's folder)");
            }
            if (n.get("radius") != null) throw new ConfigException(n.get("radius"), "radius belongs to a blurred background ({ blur: image, radius: 40 })");
            return new Layout.Picture(file, number(n, "darken", 0, 0, 100));
        }
        if (n.get("gradient") != null) return gradient(n.get("gradient"));
        if (n.get("blur") != null) {
            if (!n.get("blur").text().equals("image")) throw new ConfigException(n.get("blur"), "blur takes the chain's picture: write blur: image");
            String fallback = n.get("color") == null ? "primary" : color(n.get("color"));
            return new Layout.Blur(number(n, "radius", 40, 1, 200), number(n, "darken", 0, 0, 100), fallback);
        }
        if (n.get("darken") != null || n.get("radius") != null) {
            throw new ConfigException(n, "darken and radius belong to a blurred background ({ blur: image, darken: 35 })");
        }
        return new Layout.Solid(color(n.get("color")));
    }

    Layout.Gradient gradient(ConfigNode g) {
        known(g, Set.of("from", "to", "angle"));
        return new Layout.Gradient(color(required(g, "from")), color(required(g, "to")), number(g, "angle", 90, -360, 360));
    }

    Slot slot(ConfigNode item) {
        if (!item.isMap() || item.entries().size() != 1) {
            throw new ConfigException(item, "each slot is one type with its settings: - text: { name: headline, box: [60, 790, 960, 170], ... } "
                    + "(types: image, shape, text, logo)");
        }
        Map.Entry<String, ConfigNode> only = item.entries().entrySet().iterator().next();
        return typed(only.getKey(), only.getValue(), item);
    }

    private Slot typed(String type, ConfigNode n, ConfigNode item) {
        n.entries();
        return switch (type) {
            case "image" -> image(n);
            case "shape" -> shape(n);
            case "text" -> text(n);
            case "logo" -> logo(n);
            default -> throw new ConfigException(item, "unknown slot type '" + type + "' (types: image, shape, text, logo)");
        };
    }

    Layout.ImageSlot image(ConfigNode n) {
        known(n, Set.of("name", "box", "fit", "gravity", "radius", "opacity", "file", "source"));
        String name = name(n, true);
        Box box = box(required(n, "box"));
        Layout.Fit fit = Layout.Fit.SMART;
        ConfigNode f = n.get("fit");
        if (f != null) {
            fit = switch (f.text()) {
                case "fit" -> Layout.Fit.FIT;
                case "fill" -> Layout.Fit.FILL;
                case "smart" -> Layout.Fit.SMART;
                default -> throw new ConfigException(f, "fit is fit (whole picture inside the box), fill (cover, cropped at gravity) or smart "
                        + "(cover, cropped around the focus point, faces or detail); was '" + f.text() + "'");
            };
        }
        String gravity = word(n, "gravity", "center", GRAVITY);
        Path file = null;
        ConfigNode fileNode = n.get("file");
        if (fileNode != null) {
            file = folder.resolve(fileNode.text()).toAbsolutePath().normalize();
            if (!file.startsWith(folder)) throw new ConfigException(fileNode, "file must lie inside the layout's folder " + folder);
            try {
                WatermarkAssets.logo(file);
            } catch (IOException e) {
                throw new ConfigException(fileNode, e.getMessage() + " (file is relative to the layout's folder)");
            }
        }
        boolean main = false;
        ConfigNode source = n.get("source");
        if (source != null) {
            if (!source.text().equals("image")) throw new ConfigException(source, "source: image marks the slot that receives the chain's picture");
            if (file != null) throw new ConfigException(source, "a slot with a file cannot also receive the chain's picture (source: image)");
            main = true;
        }
        return new Layout.ImageSlot(name, box, fit, gravity, number(n, "radius", 0, 0, MAX_SIDE), number(n, "opacity", 100, 0, 100), file, main, n);
    }

    Layout.ShapeSlot shape(ConfigNode n) {
        known(n, Set.of("name", "box", "color", "gradient", "opacity", "radius", "with"));
        String name = name(n, false);
        Box box = box(required(n, "box"));
        if ((n.get("color") == null) == (n.get("gradient") == null)) {
            throw new ConfigException(n, "a shape has either color: (a brand role or #rrggbb) or gradient: { from, to, angle }");
        }
        String color = n.get("color") == null ? null : color(n.get("color"));
        Layout.Gradient gradient = n.get("gradient") == null ? null : gradient(n.get("gradient"));
        String with = n.get("with") == null ? null : n.get("with").text();
        return new Layout.ShapeSlot(name, box, color, gradient, number(n, "opacity", 100, 0, 100), number(n, "radius", 0, 0, MAX_SIDE), with, n);
    }

    Layout.TextSlot text(ConfigNode n) {
        known(n, Set.of("name", "box", "font", "size", "minSize", "color", "align", "valign", "maxLines", "lineHeight", "case", "required",
                "default", "overflow"));
        String name = name(n, true);
        Box box = box(required(n, "box"));
        ConfigNode fontNode = n.get("font");
        String font = fontNode == null ? "body" : fontNode.text();
        try {
            brand.font(font, home);
        } catch (IOException e) {
            throw new ConfigException(fontNode == null ? n : fontNode, e.getMessage());
        }
        float size = (float) number(n, "size", 48, 4, 2000);
        float minSize = (float) number(n, "minSize", Math.min(size, Math.max(8, Math.round(size * 0.4))), 4, 2000);
        if (minSize > size) throw new ConfigException(n.get("minSize"), "minSize (" + fmt(minSize) + ") is larger than size (" + fmt(size) + ")");
        String color = n.get("color") == null ? color("text") : color(n.get("color"));
        double lineHeight = number(n, "lineHeight", 1.2, 0.7, 3);
        int maxLines = (int) number(n, "maxLines", 3, 1, 50);
        if (maxLines != number(n, "maxLines", 3, 1, 50)) throw new ConfigException(n.get("maxLines"), "maxLines is a whole number");
        Layout.Case textCase = switch (word(n, "case", "none", Set.of("none", "upper"))) {
            case "upper" -> Layout.Case.UPPER;
            default -> Layout.Case.NONE;
        };
        boolean required = bool(n, "required", true);
        String fallback = n.get("default") == null ? null : n.get("default").text();
        Layout.Overflow overflow = n.get("overflow") == null ? null
                : word(n, "overflow", "ellipsis", Set.of("ellipsis", "fail")).equals("fail") ? Layout.Overflow.FAIL : Layout.Overflow.ELLIPSIS;
        return new Layout.TextSlot(name, box, font, size, minSize, color, word(n, "align", "left", ALIGN), word(n, "valign", "top", VALIGN),
                maxLines, lineHeight, textCase, required, fallback, overflow, n);
    }

    Layout.LogoSlot logo(ConfigNode n) {
        known(n, Set.of("name", "box", "variant", "align", "opacity"));
        return new Layout.LogoSlot(name(n, true), box(required(n, "box")), word(n, "variant", "auto", VARIANT), word(n, "align", "center", ALIGN),
                number(n, "opacity", 100, 0, 100), n);
    }

    private static String name(ConfigNode n, boolean required) {
        ConfigNode at = n.get("name");
        if (at == null) {
            if (required) throw new ConfigException(n, "this slot needs a name: values and overrides address it by name");
            return null;
        }
        String name = at.text();
        if (!name.matches("[a-zA-Z][a-zA-Z0-9_-]*")) throw new ConfigException(at, "'" + name + "' is not a usable slot name (letters, digits, - and _)");
        return name;
    }

    private Box box(ConfigNode n) {
        List<Integer> v = new ArrayList<>();
        List<ConfigNode> items = n.isList() ? n.items() : null;
        if (items == null || items.size() != 4) throw new ConfigException(n, "box is [x, y, width, height] in design pixels");
        for (ConfigNode i : items) {
            try {
                v.add(Integer.parseInt(i.text().trim()));
            } catch (NumberFormatException e) {
                throw new ConfigException(i, "'" + i.text() + "' is not a whole number of pixels (box is [x, y, width, height])");
            }
        }
        Box box = new Box(v.get(0), v.get(1), v.get(2), v.get(3));
        if (box.width() <= 0 || box.height() <= 0) throw new ConfigException(n, "the box's width and height must be more than 0");
        if (box.x() < 0 || box.y() < 0 || box.x() + box.width() > width || box.y() + box.height() > height) {
            throw new ConfigException(n, "the box [" + box.x() + ", " + box.y() + ", " + box.width() + ", " + box.height() + "] reaches outside the "
                    + width + "x" + height + " canvas");
        }
        return box;
    }

    private String color(ConfigNode n) {
        try {
            brand.resolveColor(n.text());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(n, e.getMessage());
        }
        return n.text().trim();
    }

    private String color(String role) {
        return brand.colors().containsKey(role) ? role : "black";
    }

    static ConfigNode required(ConfigNode map, String key) {
        ConfigNode n = map.get(key);
        if (n == null) throw new ConfigException(map, "missing '" + key + "'");
        return n;
    }

    static void known(ConfigNode map, Set<String> keys) {
        for (Map.Entry<String, ConfigNode> e : map.entries().entrySet()) {
            if (!keys.contains(e.getKey())) {
                throw new ConfigException(e.getValue(), "unknown key '" + e.getKey() + "' (known here: " + String.join(", ", new TreeSet<>(keys)) + ")");
            }
        }
    }

    private static String word(ConfigNode map, String key, String dflt, Set<String> allowed) {
        ConfigNode n = map.get(key);
        if (n == null) return dflt;
        if (!allowed.contains(n.text())) {
            throw new ConfigException(n, key + " is one of " + String.join(", ", new TreeSet<>(allowed)) + "; was '" + n.text() + "'");
        }
        return n.text();
    }

    private static double number(ConfigNode map, String key, double dflt, double min, double max) {
        ConfigNode n = map.get(key);
        if (n == null) return dflt;
        double v;
        try {
            v = Double.parseDouble(n.text().trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(n, "'" + n.text() + "' is not a number");
        }
        if (Double.isNaN(v) || v < min || v > max) throw new ConfigException(n, key + " must be between " + fmt(min) + " and " + fmt(max) + ", was " + n.text());
        return v;
    }

    private static boolean bool(ConfigNode map, String key, boolean dflt) {
        ConfigNode n = map.get(key);
        if (n == null) return dflt;
        return switch (n.text().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new ConfigException(n, "'" + n.text() + "' is not true or false");
        };
    }

    static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    /**
     * The slot {@code slot} with some settings replaced ({@code {"fit": "fill"}}), checked like layout.yaml; mistakes
     * are ConfigExceptions naming the override.
     */
    Slot override(Slot slot, Map<String, String> settings, int canvasW, int canvasH) {
        width = canvasW;
        height = canvasH;
        StringBuilder yaml = new StringBuilder();
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String v = e.getValue() == null ? "" : e.getValue().trim();
            boolean flow = v.startsWith("[") || v.startsWith("{");
            yaml.append(e.getKey()).append(": ").append(flow ? v : '"' + v.replace("\\", "\\\\").replace("\"", "\\\"") + '"').append('\n');
        }
        ConfigNode over = YamlConfig.parse(yaml.toString(), "the override of slot '" + slot.name() + "'");
        if (over.get("name") != null) throw new ConfigException(over.get("name"), "an override cannot rename slot '" + slot.name() + "'");
        return typed(slot.type(), over.withDefaults(slot.at()), over);
    }
}
