package dev.imagehub.variants;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import dev.imagehub.brand.BrandKit;
import dev.imagehub.config.ConfigBinder;
import dev.imagehub.config.ConfigException;
import dev.imagehub.config.ConfigNode;
import dev.imagehub.config.Option;
import dev.imagehub.layout.Layout;
import dev.imagehub.layout.LayoutCatalog;
import dev.imagehub.wavespeed.ModelChooser;

/**
 * A variation spec, checked: the axes (T templates, H headlines, S colour schemes, C crops, B backgrounds), the fixed
 * slot values and the sampling. Bound by the {@link ConfigBinder} from the step's options, so start-up (YAML, with lines)
 * and run time (the options as the hub rewrote them, a file's sidecar) share one reader; mistakes are
 * {@link ConfigException}s naming the file, line and key.
 */
public record VariantSpec(List<Layout> templates, String headlineSlot, List<String> headlines, Map<String, String> values,
                          List<Scheme> schemes, List<Crop> crops, List<Backdrop> backgrounds, Integer sample, Long seed, int limit) {

    public static final int DEFAULT_LIMIT = 200;
    private static final ConfigBinder BINDER = ConfigBinder.standard();
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,39}");
    static final Set<String> GRAVITY = Set.of("center", "top", "bottom", "left", "right", "topLeft", "topRight", "bottomLeft", "bottomRight");

    /** A colour scheme: brand roles replaced by roles or literal colours ({@code { background: "#111111", text: light }}). */
    public record Scheme(String name, Map<String, String> colors) {
        /** The brand with this scheme's colours; roles on the right are those of the unchanged brand. */
        public BrandKit apply(BrandKit brand) {
            Map<String, dev.imagehub.image.Rgba> over = new LinkedHashMap<>();
            colors.forEach((role, spec) -> over.put(role, brand.resolveColor(spec)));
            return over.isEmpty() ? brand : brand.withColors(over);
        }

        /** The overridden roles as resolved colours, for the manifest: {@code background=#111111; text=#F7F4EE}. */
        public String describe(BrandKit brand) {
            if (colors.isEmpty()) return "brand colours";
            List<String> parts = new ArrayList<>();
            colors.forEach((role, spec) -> parts.add(role + "=" + hex(brand.resolveColor(spec))));
            return String.join("; ", parts);
        }
    }

    /**
     * How the photo fills the layout's image slot: {@code fit} (fit, fill, smart; null keeps the layout's), {@code gravity}
     * for fill, {@code focus} as fractions (smart crops around it), {@code zoom} >= 1 (a closer crop around the focus
     * or gravity).
     */
    public record Crop(String name, Layout.Fit fit, String gravity, double[] focus, double zoom) {
        public String describe() {
            List<String> parts = new ArrayList<>();
            if (fit != null) parts.add("fit=" + fit.name().toLowerCase(Locale.ROOT));
            if (gravity != null) parts.add("gravity=" + gravity);
            if (focus != null) parts.add(String.format(Locale.ROOT, "focus=%.2f,%.2f", focus[0], focus[1]));
            if (zoom != 1) parts.add(String.format(Locale.ROOT, "zoom=%s", num(zoom)));
            return parts.isEmpty() ? "layout default" : String.join("; ", parts);
        }
    }

    /** What a background is. */
    public enum Kind { COLOR, GRADIENT, BLUR, IMAGE, AI }

    /**
     * A background ({@code kind} null: the layout's own): the layout's ground as a colour, gradient or the blurred photo, or {@code ai}: the photo's own
     * background replaced through WaveSpeed by a prompt (the result fills the layout's photo slot).
     */
    public record Backdrop(String name, Kind kind, String color, String from, String to, double angle, double radius, double darken,
                           String prompt, String model, String mode, Path file) {
        /** The layout background this draws, or null for an AI background (which changes the photo instead). */
        public Layout.Background layoutBackground() {
            if (kind == null) return null;
            return switch (kind) {
                case COLOR -> new Layout.Solid(color);
                case GRADIENT -> new Layout.Gradient(from, to, angle);
                case BLUR -> new Layout.Blur(radius, darken, color == null ? "primary" : color);
                case IMAGE -> new Layout.Picture(file, darken);
                case AI -> null;
            };
        }

        public String describe(BrandKit brand) {
            if (kind == null) return "layout default";
            return switch (kind) {
                case COLOR -> "color=" + color + (isRole(brand, color) ? " (" + hex(brand.resolveColor(color)) + ")" : "");
                case GRADIENT -> "gradient=" + from + "->" + to + "; angle=" + num(angle);
                case BLUR -> "blur=image; radius=" + num(radius) + "; darken=" + num(darken);
                case IMAGE -> "image=" + file.getFileName() + "; darken=" + num(darken);
                case AI -> "ai=" + prompt;
            };
        }
    }

    /** The product of the axes: how many variants the full spec makes. */
    public long product() {
        return (long) templates.size() * Math.max(1, headlines.size()) * schemes.size() * crops.size() * backgrounds.size();
    }

    /** The axes as {@code 2 templates x 3 headlines x ...}, for messages. */
    public String axes() {
        List<String> parts = new ArrayList<>();
        parts.add(templates.size() + (templates.size() == 1 ? " template" : " templates"));
        if (!headlines.isEmpty()) parts.add(headlines.size() + (headlines.size() == 1 ? " headline" : " headlines"));
        parts.add(schemes.size() + (schemes.size() == 1 ? " scheme" : " schemes"));
        parts.add(crops.size() + (crops.size() == 1 ? " crop" : " crops"));
        parts.add(backgrounds.size() + (backgrounds.size() == 1 ? " background" : " backgrounds"));
        return String.join(" x ", parts);
    }

    /** The AI backgrounds of the spec, in order. */
    public List<Backdrop> aiBackgrounds() {
        return backgrounds.stream().filter(b -> b.kind() == Kind.AI).toList();
    }

    /** The slot a headline goes into in {@code layout}: the spec's headlineSlot, else "headline", else the first text slot. */
    public String headlineSlot(Layout layout) {
        if (headlineSlot != null) return headlineSlot;
        if (layout.slot("headline") instanceof Layout.TextSlot) return "headline";
        return layout.slots().stream().filter(s -> s instanceof Layout.TextSlot).map(Layout.Slot::name).findFirst().orElse(null);
    }

    /**
     * Binds and checks a spec: its shape through the {@link ConfigBinder} (keys, types, bounds, every mistake at once),
     * then the names against {@code catalog} (layouts, slots) and {@code brand} (colour roles), each mistake a
     * {@link ConfigException} at its file, line and key. {@code spec} is a step's options (YAML at start-up) or the
     * same options as the hub rewrote them (run time, no lines).
     */
    public static VariantSpec parse(ConfigNode spec, LayoutCatalog catalog, BrandKit brand, Path home) {
        Written w = BINDER.bind(Written.class, spec);
        List<ConfigException> problems = new ArrayList<>();
        List<Layout> templates = templates(w, spec, catalog, problems);
        String headlineSlot = w.headlineSlot() == null ? null : w.headlineSlot().trim();
        for (Layout l : templates) {
            if (headlineSlot != null && !(l.slot(headlineSlot) instanceof Layout.TextSlot)) {
                problems.add(new ConfigException(where(spec, "headlineSlot"), "layout '" + l.name() + "' has no text slot '" + headlineSlot
                        + "' (text slots: " + String.join(", ", textSlots(l)) + ")"));
            } else if (headlineSlot == null && textSlots(l).isEmpty()) {
                problems.add(new ConfigException(where(spec, w.template() != null ? "template" : "templates"),
                        "layout '" + l.name() + "' has no text slot for the headlines"));
            }
        }
        Map<String, String> values = values(w.values(), templates, problems);
        List<Scheme> schemes = w.schemes().map(axis -> schemes(axis, spec, brand, problems)).orElse(List.of(new Scheme("", Map.of())));
        List<Crop> crops = w.crops().map(axis -> crops(axis, spec, templates, problems)).orElse(List.of(new Crop("", null, null, null, 1)));
        List<Backdrop> backgrounds = w.backgrounds().map(axis -> backgrounds(axis, spec, brand, home, problems))
                .orElse(List.of(new Backdrop("", null, null, null, null, 0, 0, 0, null, null, null, null)));
        if (problems.size() == 1) throw problems.get(0);
        if (!problems.isEmpty()) throw new ConfigException(problems);
        VariantSpec out = new VariantSpec(templates, headlineSlot, w.headlines().map(VariantSpec::texts).orElse(List.of()), values,
                schemes, crops, backgrounds, w.sample(), w.seed(), w.limit());
        out.checkCount(spec, "sample");
        return out;
    }

    /**
     * This spec with the per-file overrides of a sidecar ({@code headlines}, {@code values}, {@code sample}, or a slot's
     * name as a key); a mistake is a ConfigException naming {@code <fileName>.json} and the key.
     */
    public VariantSpec withSidecar(Map<String, Object> sidecar, String fileName) {
        ConfigNode node = ConfigNode.of(sidecar, fileName + ".json");
        Overrides o = BINDER.bind(Overrides.class, node);
        List<ConfigException> problems = new ArrayList<>();
        Map<String, String> v = new LinkedHashMap<>(values);
        v.putAll(values(o.values(), templates, problems));
        if (problems.size() == 1) throw problems.get(0);
        if (!problems.isEmpty()) throw new ConfigException(problems);
        // other steps read other keys of the same sidecar (focus, caption): only a slot's name is a value here
        o.others().forEach((key, value) -> {
            if (templates.stream().anyMatch(l -> l.slot(key) != null)) v.put(key, valueText(value));
        });
        VariantSpec out = new VariantSpec(templates, headlineSlot, o.headlines().map(VariantSpec::texts).orElse(headlines), v, schemes, crops,
                backgrounds, o.sample() != null ? o.sample() : sample, seed, limit);
        out.checkCount(node, "sample");
        return out;
    }

    private void checkCount(ConfigNode spec, String at) {
        long product = product();
        if (sample != null && sample > product) {
            throw new ConfigException(where(spec, at), "sample: " + sample + " is more than the " + product + " variants the axes make (" + axes()
                    + "); lower sample or add values to an axis");
        }
        long rendered = sample != null ? sample : product;
        if (rendered > limit) {
            throw new ConfigException(where(spec, sample != null ? at : "limit"), (sample != null ? "sample: " + sample : axes() + " = " + product + " variants")
                    + " is more than the limit of " + limit + "; give sample: N to render a part of them, drop values from an axis, or raise limit");
        }
    }

    // ---- the spec as written: shapes the binder checks (keys, types, bounds); an absent axis is an empty Optional

    record Written(String template, Optional<List<String>> templates, String headlineSlot, Optional<ConfigNode> headlines,
                   Map<String, ConfigNode> values, Optional<Map<String, Map<String, String>>> schemes, Optional<Map<String, WrittenCrop>> crops,
                   Optional<Map<String, WrittenBackground>> backgrounds,
                   @Option(value = "render N of the combinations", min = 1) Integer sample,
                   Long seed,
                   @Option(value = "refuse more variants than this", defaultValue = "200", min = 1, max = 100_000) int limit) {
        Written {
            if ((template != null) == templates.isPresent()) {
                throw ConfigBinder.at(template != null ? "templates" : "template", template != null ? "give either template or templates (the T axis), not both"
                        : "give the layout: template: instagram-post, or templates: [instagram-post, instagram-story]");
            }
            if (template != null && template.isBlank()) throw ConfigBinder.at("template", "template needs a value");
            if (templates.isPresent() && templates.get().isEmpty()) throw ConfigBinder.at("templates", "templates is empty: give at least one layout");
            headlines.ifPresent(h -> texts(h));
            notEmpty(schemes, "schemes", "{ brand: {}, dark: { background: \"#111111\", text: light } }");
            notEmpty(crops, "crops", "{ wide: { fit: fill }, tight: { fit: smart, zoom: 1.5 } }");
            notEmpty(backgrounds, "backgrounds", "{ brand: { color: primary }, sunset: { gradient: { from: accent, to: secondary } } }");
        }

        private static void notEmpty(Optional<? extends Map<String, ?>> axis, String key, String example) {
            if (axis.isPresent() && axis.get().isEmpty()) {
                throw ConfigBinder.at(key, key + " is empty: give at least one, e.g. " + key + ": " + example + ", or leave the key out");
            }
            axis.ifPresent(m -> m.keySet().forEach(name -> {
                if (!NAME.matcher(name).matches()) {
                    throw ConfigBinder.at(key, "names are letters, digits, - and _ (they go into the manifest and the sheet's labels); was '" + name + "'");
                }
            }));
        }
    }

    /** A crop as written: how the photo fills the layout's photo slot. */
    record WrittenCrop(Layout.Fit fit, String gravity,
                       @Option(value = "[x, y] as fractions of the photo", min = 0, max = 1) List<Double> focus,
                       @Option(value = "a closer crop", defaultValue = "1", min = 1, max = 10) double zoom) {
        WrittenCrop {
            if (gravity != null && !GRAVITY.contains(gravity.trim())) {
                throw ConfigBinder.at("gravity", "gravity is one of " + String.join(", ", new TreeSet<>(GRAVITY)) + "; was '" + gravity + "'");
            }
            if (!focus.isEmpty() && focus.size() != 2) throw ConfigBinder.at("focus", "focus is [x, y] as fractions of the photo: [0.5, 0.3]");
            if (!focus.isEmpty() && gravity != null) throw new IllegalArgumentException("give gravity or focus, not both");
            Layout.Fit implied = fit != null ? fit : gravity != null ? Layout.Fit.FILL : !focus.isEmpty() ? Layout.Fit.SMART : null;
            if (gravity != null && implied != Layout.Fit.FILL) {
                throw ConfigBinder.at("gravity", "gravity steers fit: fill; with fit: " + implied.name().toLowerCase(Locale.ROOT) + " it does nothing");
            }
            if (!focus.isEmpty() && implied != Layout.Fit.SMART) {
                throw ConfigBinder.at("focus", "focus steers fit: smart; with fit: " + implied.name().toLowerCase(Locale.ROOT) + " it does nothing");
            }
        }
    }

    /** A background as written: exactly one of color, gradient, blur, image and ai, with the settings of that kind. */
    record WrittenBackground(String color, WrittenGradient gradient, String blur,
                             @Option(value = "darkens a blurred or picture background, percent", min = 0, max = 100) Double darken,
                             @Option(value = "blur radius", min = 1, max = 200) Double radius,
                             String ai, String model, ModelChooser.Mode mode, String image) {
        static final String FORM = "a background is one of { color: primary }, { gradient: { from: primary, to: accent, angle: 90 } }, { blur: image, darken: 35 }, "
                + "{ image: library/paper.jpg, darken: 0 } or { ai: \"on a sunny beach\", model: ..., mode: budget }";

        WrittenBackground {
            int kinds = (gradient != null ? 1 : 0) + (blur != null ? 1 : 0) + (ai != null ? 1 : 0) + (image != null ? 1 : 0) + (color != null && blur == null ? 1 : 0);
            if (kinds != 1) throw new IllegalArgumentException(FORM);
            if ((model != null || mode != null) && ai == null) {
                throw new IllegalArgumentException("model and mode belong to an AI background ({ ai: \"on a sunny beach\", mode: budget })");
            }
            if (darken != null && blur == null && image == null || radius != null && blur == null) {
                throw new IllegalArgumentException("darken belongs to a blurred or picture background, radius to a blurred one ({ blur: image, darken: 35, radius: 40 })");
            }
            if (blur != null && !blur.trim().equals("image") && !blur.trim().equals("true")) throw ConfigBinder.at("blur", "blur takes the photo: write blur: image");
            if (ai != null && ai.isBlank()) throw ConfigBinder.at("ai", "ai needs the prompt: ai: \"on a sunny beach\"");
        }
    }

    /** A gradient background as written. */
    record WrittenGradient(@Option(value = "first colour", required = true) String from, @Option(value = "second colour", required = true) String to,
                           @Option(value = "direction in degrees", defaultValue = "90", min = -360, max = 360) double angle) {
    }

    /** What a file's sidecar may change; its other keys belong to other steps, or name a slot. */
    record Overrides(Optional<ConfigNode> headlines, Map<String, ConfigNode> values,
                     @Option(value = "render N of the combinations", min = 1) Integer sample,
                     @Option(value = "the other keys", rest = true) Map<String, ConfigNode> others) {
        Overrides {
            headlines.ifPresent(h -> texts(h));
        }
    }

    // ---- the names checked against the layouts and the brand

    private static List<Layout> templates(Written w, ConfigNode spec, LayoutCatalog catalog, List<ConfigException> problems) {
        String key = w.template() != null ? "template" : "templates";
        List<String> names = w.template() != null ? List.of(w.template().trim()) : w.templates().get();
        List<Layout> out = new ArrayList<>();
        for (String n : names) {
            String name = n.contains("/") ? n.substring(n.lastIndexOf('/') + 1) : n;
            Layout l = catalog.get(name);
            if (l == null) {
                problems.add(new ConfigException(where(spec, key), "no layout '" + name + "' in " + LayoutCatalog.FOLDER + " (layouts: "
                        + (catalog.names().isEmpty() ? "none" : String.join(", ", catalog.names())) + ")"));
            } else if (out.contains(l)) {
                problems.add(new ConfigException(where(spec, key), "layout '" + name + "' is listed twice"));
            } else {
                out.add(l);
            }
        }
        return out;
    }

    private static Map<String, String> values(Map<String, ConfigNode> written, List<Layout> templates, List<ConfigException> problems) {
        Map<String, String> out = new LinkedHashMap<>();
        written.forEach((slot, value) -> {
            if (!templates.isEmpty() && templates.stream().noneMatch(l -> l.slot(slot) != null)) {
                problems.add(new ConfigException(value, "no slot '" + slot + "' in " + names(templates) + " (slots: "
                        + String.join(", ", templates.stream().flatMap(l -> l.slots().stream()).map(Layout.Slot::name)
                                .filter(x -> x != null).distinct().toList()) + ")"));
            }
            out.put(slot, valueText(value));
        });
        return out;
    }

    private static List<Scheme> schemes(Map<String, Map<String, String>> axis, ConfigNode spec, BrandKit brand, List<ConfigException> problems) {
        List<Scheme> out = new ArrayList<>();
        axis.forEach((name, roles) -> {
            Map<String, String> colors = new LinkedHashMap<>();
            roles.forEach((role, color) -> {
                ConfigNode at = where(spec, "schemes." + name + "." + role);
                if (brand.color(role) == null) {
                    problems.add(new ConfigException(at, "'" + role + "' is not a colour role of the brand (roles in config/brand.yaml: "
                            + String.join(", ", brand.colors().keySet()) + ")"));
                } else if (color(color, at, brand, problems)) {
                    colors.put(role, color.trim());
                }
            });
            out.add(new Scheme(name, Collections.unmodifiableMap(colors)));
        });
        return out;
    }

    private static List<Crop> crops(Map<String, WrittenCrop> axis, ConfigNode spec, List<Layout> templates, List<ConfigException> problems) {
        for (Layout l : templates) {
            if (l.mainImage() == null) {
                problems.add(new ConfigException(where(spec, "crops"), "layout '" + l.name() + "' has no photo slot to crop; remove crops or that layout"));
            }
        }
        List<Crop> out = new ArrayList<>();
        axis.forEach((name, c) -> {
            WrittenCrop crop = c != null ? c : new WrittenCrop(null, null, List.of(), 1);
            String gravity = crop.gravity() == null ? null : crop.gravity().trim();
            double[] focus = crop.focus().isEmpty() ? null : new double[] {crop.focus().get(0), crop.focus().get(1)};
            Layout.Fit fit = crop.fit() != null ? crop.fit() : gravity != null ? Layout.Fit.FILL : focus != null ? Layout.Fit.SMART : null;
            out.add(new Crop(name, fit, gravity, focus, crop.zoom()));
        });
        return out;
    }

    private static List<Backdrop> backgrounds(Map<String, WrittenBackground> axis, ConfigNode spec, BrandKit brand, Path home,
                                              List<ConfigException> problems) {
        List<Backdrop> out = new ArrayList<>();
        axis.forEach((name, b) -> {
            String at = "backgrounds." + name;
            if (b == null) {
                problems.add(new ConfigException(where(spec, at), WrittenBackground.FORM));
            } else if (b.image() != null) {
                Path file = picture(b.image().trim(), where(spec, at + ".image"), home, problems);
                out.add(new Backdrop(name, Kind.IMAGE, null, null, null, 0, 0, b.darken() != null ? b.darken() : 0, null, null, null, file));
            } else if (b.ai() != null) {
                out.add(new Backdrop(name, Kind.AI, null, null, null, 0, 0, 0, b.ai().trim(), b.model() == null ? null : b.model().trim(),
                        b.mode() == null ? null : b.mode().word(), null));
            } else if (b.gradient() != null) {
                WrittenGradient g = b.gradient();
                color(g.from(), where(spec, at + ".gradient.from"), brand, problems);
                color(g.to(), where(spec, at + ".gradient.to"), brand, problems);
                out.add(new Backdrop(name, Kind.GRADIENT, null, g.from().trim(), g.to().trim(), g.angle(), 0, 0, null, null, null, null));
            } else if (b.blur() != null) {
                if (b.color() != null) color(b.color(), where(spec, at + ".color"), brand, problems);
                out.add(new Backdrop(name, Kind.BLUR, b.color() == null ? null : b.color().trim(), null, null, 0,
                        b.radius() != null ? b.radius() : 40, b.darken() != null ? b.darken() : 35, null, null, null, null));
            } else {
                color(b.color(), where(spec, at + ".color"), brand, problems);
                out.add(new Backdrop(name, Kind.COLOR, b.color().trim(), null, null, 0, 0, 0, null, null, null, null));
            }
        });
        return out;
    }

    private static Path picture(String path, ConfigNode at, Path home, List<ConfigException> problems) {
        Path file = home.resolve(path).toAbsolutePath().normalize();
        if (!file.startsWith(home.toAbsolutePath().normalize())) {
            problems.add(new ConfigException(at, "the picture " + path + " lies outside the hub folder; give a path under it (library/paper.jpg)"));
            return file;
        }
        try {
            dev.imagehub.watermark.WatermarkAssets.logo(file);
        } catch (java.io.IOException x) {
            problems.add(new ConfigException(at, x.getMessage() + " (paths are relative to the hub folder)"));
        }
        return file;
    }

    private static boolean color(String spec, ConfigNode at, BrandKit brand, List<ConfigException> problems) {
        try {
            brand.resolveColor(spec.trim());
            return true;
        } catch (IllegalArgumentException x) {
            problems.add(new ConfigException(at, x.getMessage()));
            return false;
        }
    }

    // a headline list, or one headline as a single value; commas belong to the text
    private static List<String> texts(ConfigNode node) {
        List<ConfigNode> items = node.isList() ? node.items() : List.of(node);
        if (items.isEmpty()) throw ConfigBinder.at("headlines", "headlines is empty: give at least one value, or leave the key out");
        List<String> out = new ArrayList<>();
        for (ConfigNode n : items) {
            if (!n.isScalar()) throw ConfigBinder.at("headlines", "headlines is a list of texts: headlines: [\"first\", \"second\"]");
            if (n.text().isBlank()) throw ConfigBinder.at("headlines", "headlines has an empty entry");
            out.add(n.text());
        }
        return List.copyOf(out);
    }

    private static String valueText(ConfigNode v) {
        if (v.isList()) return String.join("\n", v.items().stream().map(n -> n.isScalar() ? n.text() : String.valueOf(n.toPlain())).toList());
        return v.isScalar() ? v.text() : String.valueOf(v.toPlain());
    }

    // the deepest node on the dotted path that exists, so a mistake names the line it is on
    private static ConfigNode where(ConfigNode spec, String path) {
        ConfigNode at = spec;
        for (String key : path.split("\\.")) {
            if (!at.isMap() || at.get(key) == null) break;
            at = at.get(key);
        }
        return at;
    }

    private static List<String> textSlots(Layout l) {
        return l.slots().stream().filter(s -> s instanceof Layout.TextSlot).map(Layout.Slot::name).toList();
    }

    private static String names(List<Layout> templates) {
        return templates.size() == 1 ? "layout '" + templates.get(0).name() + "'" : "any of the layouts " + String.join(", ", templates.stream().map(Layout::name).toList());
    }

    private static boolean isRole(BrandKit brand, String spec) {
        return brand.color(spec) != null;
    }

    static String hex(dev.imagehub.image.Rgba c) {
        return c.a() == 255 ? String.format(Locale.ROOT, "#%02X%02X%02X", c.r(), c.g(), c.b())
                : String.format(Locale.ROOT, "#%02X%02X%02X%02X", c.r(), c.g(), c.b(), c.a());
    }

    static String num(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
