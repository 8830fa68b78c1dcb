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
import dev.imagehub.config.ConfigBinder;
import dev.imagehub.config.ConfigException;
import dev.imagehub.config.ConfigNode;
import dev.imagehub.config.Option;
import dev.imagehub.config.OptionBinder;
import dev.imagehub.config.YamlConfig;
import dev.imagehub.layout.Layout.Background;
import dev.imagehub.layout.Layout.Box;
import dev.imagehub.layout.Layout.Slot;
import dev.imagehub.watermark.WatermarkAssets;

/**
 * Reads one {@code layout.yaml} into a {@link Layout} with the one config binder: the file is the {@link File} record,
 * each slot a one-key mapping ({@code - text: {...}}) bound to its type's record. Everything a render would trip over
 * (unknown keys, boxes outside the canvas, colours and fonts the brand cannot resolve, missing assets, duplicate slot
 * names) is reported at start-up, every mistake of the file at once, with file, line and key.
 */
final class LayoutParser {
    private static final Pattern SIZE = Pattern.compile("\\s*(\\d{1,5})\\s*[xX]\\s*(\\d{1,5})\\s*");
    private static final int MAX_SIDE = 10_000;
    private static final String NAME = "[a-zA-Z][a-zA-Z0-9_-]*";

    /** Where a picture is anchored when it is cropped to cover its box. */
    enum Gravity { CENTER, TOP, BOTTOM, LEFT, RIGHT, TOP_LEFT, TOP_RIGHT, BOTTOM_LEFT, BOTTOM_RIGHT }

    /** Horizontal alignment. */
    enum Align { LEFT, CENTER, RIGHT }

    /** Vertical alignment. */
    enum VAlign { TOP, MIDDLE, BOTTOM }

    /** Which logo a logo slot draws. */
    enum Variant { AUTO, LIGHT, DARK }

    /** A canvas size written WxH. */
    record Size(int width, int height) {
    }

    /** A colour as written: a brand role or a literal colour, checked against the brand. */
    record Color(String text) {
    }

    /** A font as written: a brand role, a font file or an installed family, checked by loading it. */
    record Font(String text) {
    }

    /** A picture of the layout's folder, checked to lie inside it and to load. */
    record Asset(Path path) {
    }

    /** layout.yaml as written. */
    record File(@Option("one line for ./hub templates") String description,
                @Option(value = "the canvas in design pixels, e.g. 1080x1080", required = true) Size size,
                @Option("a colour, or { gradient: ... }, { blur: image, ... }, { image: file.png, ... }") ConfigNode background,
                @Option(value = "the slots, drawn in order: - image|shape|text|logo: { ... }", required = true) List<ConfigNode> slots,
                @Option("sample texts by slot name, for previews and the template sheet") Map<String, String> sample) {
        File {
            if (slots.isEmpty()) throw ConfigBinder.at("slots", "a layout needs at least one slot");
        }
    }

    /** One slot: exactly one of its four types. */
    record SlotEntry(@Option("a picture") ImageSpec image, @Option("a filled rectangle") ShapeSpec shape,
                     @Option("a text box") TextSpec text, @Option("the brand logo") LogoSpec logo) {
        SlotEntry {
            int kinds = (image != null ? 1 : 0) + (shape != null ? 1 : 0) + (text != null ? 1 : 0) + (logo != null ? 1 : 0);
            if (kinds != 1) {
                throw new IllegalArgumentException("each slot is one type with its settings: - text: { name: headline, box: [60, 790, 960, 170], "
                        + "... } (types: image, shape, text, logo)");
            }
        }
    }

    /** The background when written as a mapping. */
    record BackgroundSpec(@Option("a solid colour; with blur: the colour used when the chain gives no picture") Color color,
                          @Option("{ from, to, angle }") GradientSpec gradient,
                          @Option("blur: image takes the chain's picture, blurred") String blur,
                          @Option(value = "percent darker", min = 0, max = 100) Double darken,
                          @Option(value = "blur radius", min = 1, max = 200) Double radius,
                          @Option("a picture of the layout's folder") Asset image) {
        BackgroundSpec {
            int kinds = (color != null && blur == null ? 1 : 0) + (gradient != null ? 1 : 0) + (blur != null ? 1 : 0) + (image != null ? 1 : 0);
            if (kinds != 1) {
                throw new IllegalArgumentException("a background is one of { color: primary }, { gradient: { from: primary, to: secondary, angle: 135 } }, "
                        + "{ blur: image, darken: 35, color: primary } (color: used when the chain gives no picture) or { image: paper.png, darken: 0 } "
                        + "(a picture of the layout's folder)");
            }
            if (image != null && radius != null) throw ConfigBinder.at("radius", "radius belongs to a blurred background ({ blur: image, radius: 40 })");
            if (blur != null && !blur.equals("image")) throw ConfigBinder.at("blur", "blur takes the chain's picture: write blur: image");
            if (blur == null && image == null && gradient == null && (darken != null || radius != null)) {
                throw new IllegalArgumentException("darken and radius belong to a blurred background ({ blur: image, darken: 35 })");
            }
        }
    }

    /** A gradient from one colour to another. */
    record GradientSpec(@Option(value = "first colour", required = true) Color from, @Option(value = "last colour", required = true) Color to,
                        @Option(value = "direction in degrees", defaultValue = "90", min = -360, max = 360) double angle) {
    }

    /** An image slot as written. */
    record ImageSpec(@Option(value = "values and overrides address it by name", required = true) String name,
                     @Option(value = "[x, y, width, height] in design pixels", required = true) List<Integer> box,
                     @Option(value = "fit, fill or smart", defaultValue = "smart") Layout.Fit fit,
                     @Option(value = "for fill: where the crop is anchored", defaultValue = "center") Gravity gravity,
                     @Option(value = "corner radius", defaultValue = "0", min = 0, max = MAX_SIDE) double radius,
                     @Option(value = "percent", defaultValue = "100", min = 0, max = 100) double opacity,
                     @Option("a picture of the layout's folder") Asset file,
                     @Option("source: image marks the slot that receives the chain's picture") String source) {
        ImageSpec {
            checkName(name);
            checkBox(box);
            if (source != null && !source.equals("image")) throw ConfigBinder.at("source", "source: image marks the slot that receives the chain's picture");
            if (source != null && file != null) {
                throw ConfigBinder.at("source", "a slot with a file cannot also receive the chain's picture (source: image)");
            }
        }
    }

    /** A shape slot as written. */
    record ShapeSpec(@Option("optional: shapes are addressed by overrides only when named") String name,
                     @Option(value = "[x, y, width, height] in design pixels", required = true) List<Integer> box,
                     @Option("a brand role or #rrggbb") Color color,
                     @Option("{ from, to, angle }") GradientSpec gradient,
                     @Option(value = "percent", defaultValue = "100", min = 0, max = 100) double opacity,
                     @Option(value = "corner radius", defaultValue = "0", min = 0, max = MAX_SIDE) double radius,
                     @Option("the slot whose value must be present for the shape to show") String with) {
        ShapeSpec {
            if (name != null) checkName(name);
            checkBox(box);
            if ((color == null) == (gradient == null)) {
                throw new IllegalArgumentException("a shape has either color: (a brand role or #rrggbb) or gradient: { from, to, angle }");
            }
        }
    }

    /** A text slot as written. */
    record TextSpec(@Option(value = "values and overrides address it by name", required = true) String name,
                    @Option(value = "[x, y, width, height] in design pixels", required = true) List<Integer> box,
                    @Option(value = "a brand font role, a .ttf/.otf file or an installed family", defaultValue = "body") Font font,
                    @Option(value = "font size in design pixels", defaultValue = "48", min = 4, max = 2000) double size,
                    @Option(value = "the smallest size shrink-to-fit may use (default 40 % of size)", min = 4, max = 2000) Double minSize,
                    @Option("a brand role or #rrggbb (default: the brand's text colour)") Color color,
                    @Option(value = "left, center or right", defaultValue = "left") Align align,
                    @Option(value = "top, middle or bottom", defaultValue = "top") VAlign valign,
                    @Option(value = "at most this many lines", defaultValue = "3", min = 1, max = 50) int maxLines,
                    @Option(value = "line distance as a multiple of the size", defaultValue = "1.2", min = 0.7, max = 3) double lineHeight,
                    @Option(value = "none or upper", key = "case", defaultValue = "none") Layout.Case textCase,
                    @Option(value = "whether the text must have a value", defaultValue = "true") boolean required,
                    @Option(value = "the text used when none is given", key = "default") String fallback,
                    @Option("ellipsis or fail, when the text does not fit at minSize") Layout.Overflow overflow) {
        TextSpec {
            checkName(name);
            checkBox(box);
            if (minSize != null && minSize > size) {
                throw ConfigBinder.at("minSize", "minSize (" + fmt(minSize) + ") is larger than size (" + fmt(size) + ")");
            }
        }
    }

    /** A logo slot as written. */
    record LogoSpec(@Option(value = "values and overrides address it by name", required = true) String name,
                    @Option(value = "[x, y, width, height] in design pixels", required = true) List<Integer> box,
                    @Option(value = "auto (light logo on dark ground), light or dark", defaultValue = "auto") Variant variant,
                    @Option(value = "left, center or right", defaultValue = "center") Align align,
                    @Option(value = "percent", defaultValue = "100", min = 0, max = 100) double opacity) {
        LogoSpec {
            checkName(name);
            checkBox(box);
        }
    }

    private final BrandKit brand;
    private final Path home;
    private final Path folder;
    private final ConfigBinder binder;

    LayoutParser(BrandKit brand, Path home, Path folder) {
        this.brand = brand;
        this.home = home;
        this.folder = folder;
        this.binder = ConfigBinder.standard()
                .with(Size.class, t -> {
                    int[] s = parseSize(t);
                    return new Size(s[0], s[1]);
                })
                .with(Color.class, this::color)
                .with(Font.class, this::font)
                .with(Asset.class, this::asset);
    }

    /** A layout and its sample texts (for previews and the contact sheet). */
    record Parsed(Layout layout, Map<String, String> sample) {
    }

    static Parsed read(Path file, String displayName, String name, BrandKit brand, Path home) {
        ConfigNode root = YamlConfig.read(file, displayName);
        LayoutParser parser = new LayoutParser(brand, home, file.getParent().toAbsolutePath().normalize());
        return parser.parse(root, name);
    }

    Parsed parse(ConfigNode root, String name) {
        // the file, its background and each slot are bound apart, so that every mistake of the file is reported at once
        List<ConfigException> problems = new ArrayList<>();
        File file = null;
        try {
            file = binder.bind(File.class, root);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        ConfigNode backgroundNode = root.isMap() ? root.get("background") : null;
        Background background = null;
        try {
            background = background(backgroundNode);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        // the canvas, when the size could be read; boxes are checked against it
        int width = file == null ? Integer.MAX_VALUE : file.size().width();
        int height = file == null ? Integer.MAX_VALUE : file.size().height();
        ConfigNode slotsNode = root.isMap() ? root.get("slots") : null;
        List<ConfigNode> items = file != null ? file.slots() : slotsNode != null && slotsNode.isList() ? slotsNode.items() : List.of();
        // what one slot cannot tell alone: boxes inside the canvas, names used twice, 'with' naming a slot
        List<Slot> slots = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigNode item : items) {
            SlotEntry entry;
            try {
                entry = binder.bind(SlotEntry.class, item);
            } catch (ConfigException e) {
                problems.addAll(e.problems());
                continue;
            }
            ConfigNode at = item.entries().values().iterator().next();
            Slot s = slot(entry, at, width, height, problems);
            if (s == null) continue;
            if (s.name() != null && !names.add(s.name())) {
                problems.add(new ConfigException(item, "a slot named '" + s.name() + "' already exists in this layout; slot names must be unique"));
            }
            slots.add(s);
        }
        for (Slot s : slots) {
            if (s instanceof Layout.ShapeSlot sh && sh.with() != null && !names.contains(sh.with())) {
                problems.add(new ConfigException(sh.at().get("with"), "'with' names slot '" + sh.with() + "', which this layout does not have (slots: "
                        + String.join(", ", new TreeSet<>(names)) + ")"));
            }
        }
        if (file != null) {
            for (Map.Entry<String, String> e : file.sample().entrySet()) {
                if (!names.contains(e.getKey())) {
                    problems.add(new ConfigException(root.get("sample").get(e.getKey()), "sample names slot '" + e.getKey() + "', which this layout does not have"));
                }
            }
        }
        if (problems.size() == 1) throw problems.get(0);
        if (!problems.isEmpty()) throw new ConfigException(problems);
        Layout layout = new Layout(name, file.description() == null ? "" : file.description(), width, height, background, slots, folder);
        return new Parsed(layout, file.sample());
    }

    private Background background(ConfigNode n) {
        if (ConfigBinder.blank(n)) return new Layout.Solid(brand.colors().containsKey("background") ? "background" : "white");
        if (n.isScalar()) return new Layout.Solid(binder.read(Color.class, n).text());
        BackgroundSpec b = binder.bind(BackgroundSpec.class, n);
        if (b.image() != null) return new Layout.Picture(b.image().path(), b.darken() == null ? 0 : b.darken());
        if (b.gradient() != null) return gradient(b.gradient());
        if (b.blur() != null) {
            return new Layout.Blur(b.radius() == null ? 40 : b.radius(), b.darken() == null ? 0 : b.darken(),
                    b.color() == null ? "primary" : b.color().text());
        }
        return new Layout.Solid(b.color().text());
    }

    private static Layout.Gradient gradient(GradientSpec g) {
        return new Layout.Gradient(g.from().text(), g.to().text(), g.angle());
    }

    // null when the slot's box does not fit the canvas (the mistake is added)
    private Slot slot(SlotEntry e, ConfigNode at, int width, int height, List<ConfigException> problems) {
        List<Integer> b = e.image() != null ? e.image().box() : e.shape() != null ? e.shape().box() : e.text() != null ? e.text().box() : e.logo().box();
        Box box = new Box(b.get(0), b.get(1), b.get(2), b.get(3));
        if (box.x() < 0 || box.y() < 0 || box.x() + box.width() > width || box.y() + box.height() > height) {
            problems.add(new ConfigException(at.get("box"), "the box [" + box.x() + ", " + box.y() + ", " + box.width() + ", " + box.height()
                    + "] reaches outside the " + width + "x" + height + " canvas"));
            return null;
        }
        if (e.image() != null) {
            ImageSpec s = e.image();
            return new Layout.ImageSlot(s.name(), box, s.fit(), OptionBinder.display(s.gravity().name()), s.radius(), s.opacity(),
                    s.file() == null ? null : s.file().path(), s.source() != null, at);
        }
        if (e.shape() != null) {
            ShapeSpec s = e.shape();
            return new Layout.ShapeSlot(s.name(), box, s.color() == null ? null : s.color().text(), s.gradient() == null ? null : gradient(s.gradient()),
                    s.opacity(), s.radius(), s.with(), at);
        }
        if (e.text() != null) {
            TextSpec s = e.text();
            float size = (float) s.size();
            float minSize = s.minSize() != null ? s.minSize().floatValue() : Math.min(size, Math.max(8, Math.round(size * 0.4f)));
            String color = s.color() != null ? s.color().text() : brand.colors().containsKey("text") ? "text" : "black";
            return new Layout.TextSlot(s.name(), box, s.font().text(), size, minSize, color, lower(s.align()), lower(s.valign()), s.maxLines(),
                    s.lineHeight(), s.textCase(), s.required(), s.fallback(), s.overflow(), at);
        }
        LogoSpec s = e.logo();
        return new Layout.LogoSlot(s.name(), box, lower(s.variant()), lower(s.align()), s.opacity(), at);
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
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

    private static void checkName(String name) {
        if (!name.matches(NAME)) throw ConfigBinder.at("name", "'" + name + "' is not a usable slot name (letters, digits, - and _)");
    }

    private static void checkBox(List<Integer> box) {
        if (box.size() != 4 || box.contains(null)) throw ConfigBinder.at("box", "box is [x, y, width, height] in design pixels");
        if (box.get(2) <= 0 || box.get(3) <= 0) throw ConfigBinder.at("box", "the box's width and height must be more than 0");
    }

    private Color color(String text) {
        brand.resolveColor(text);
        return new Color(text.trim());
    }

    private Font font(String text) {
        try {
            brand.font(text, home);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        return new Font(text);
    }

    private Asset asset(String text) {
        Path file = folder.resolve(text.trim()).toAbsolutePath().normalize();
        if (!file.startsWith(folder)) throw new IllegalArgumentException("the file must lie inside the layout's folder " + folder);
        try {
            WatermarkAssets.logo(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage() + " (paths are relative to the layout's folder)");
        }
        return new Asset(file);
    }

    static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    /**
     * The slot {@code slot} with some settings replaced ({@code {"fit": "fill"}}), checked like layout.yaml; mistakes
     * are ConfigExceptions naming the override.
     */
    Slot override(Slot slot, Map<String, String> settings, int canvasW, int canvasH) {
        StringBuilder yaml = new StringBuilder();
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String v = e.getValue() == null ? "" : e.getValue().trim();
            boolean flow = v.startsWith("[") || v.startsWith("{");
            yaml.append(e.getKey()).append(": ").append(flow ? v : '"' + v.replace("\\", "\\\\").replace("\"", "\\\"") + '"').append('\n');
        }
        ConfigNode over = YamlConfig.parse(yaml.toString(), "the override of slot '" + slot.name() + "'");
        if (over.get("name") != null) throw new ConfigException(over.get("name"), "an override cannot rename slot '" + slot.name() + "'");
        ConfigNode merged = over.withDefaults(slot.at());
        SlotEntry entry = binder.bind(SlotEntry.class, ConfigNode.single(over, slot.type(), merged));
        List<ConfigException> problems = new ArrayList<>();
        Slot s = slot(entry, merged, canvasW, canvasH, problems);
        if (!problems.isEmpty()) throw problems.get(0);
        return s;
    }
}
