package dev.imagehub.variants;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.imagehub.brand.BrandKit;
import dev.imagehub.layout.Layout;
import dev.imagehub.layout.LayoutCatalog;

/**
 * A variation spec, checked: the axes (T templates, H headlines, S colour schemes, C crops, B backgrounds), the fixed
 * slot values and the sampling. Parsed from a plain tree (maps, lists, strings) so start-up (YAML, with lines) and run
 * time (the options as the hub rewrote them) share one parser; mistakes are {@link SpecException}s naming the key.
 */
public record VariantSpec(List<Layout> templates, String headlineSlot, List<String> headlines, Map<String, String> values,
                          List<Scheme> schemes, List<Crop> crops, List<Backdrop> backgrounds, Integer sample, Long seed, int limit) {

    public static final int DEFAULT_LIMIT = 200;
    static final Set<String> KEYS = Set.of("template", "templates", "headlineSlot", "headlines", "values", "schemes", "crops",
            "backgrounds", "sample", "seed", "limit");
    static final Set<String> GRAVITY = Set.of("center", "top", "bottom", "left", "right", "topLeft", "topRight", "bottomLeft", "bottomRight");

    /** A mistake in the spec at {@code path} (dotted keys: {@code schemes.dark.text}). */
    public static final class SpecException extends IllegalArgumentException {
        private final String path;

        public SpecException(String path, String message) {
            super(message);
            this.path = path;
        }

        public String path() {
            return path;
        }
    }

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
                           String prompt, String model, String mode, java.nio.file.Path file) {
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
     * Checks and parses {@code tree} (maps, lists and strings; numbers as their text). Templates come from
     * {@code catalog}, colours are checked against {@code brand}.
     */
    public static VariantSpec parse(Map<String, Object> tree, LayoutCatalog catalog, BrandKit brand, java.nio.file.Path home) {
        List<Layout> templates = templates(tree, catalog);
        String headlineSlot = text(tree, "headlineSlot");
        if (headlineSlot != null) {
            for (Layout l : templates) {
                Layout.Slot s = l.slot(headlineSlot);
                if (!(s instanceof Layout.TextSlot)) {
                    throw new SpecException("headlineSlot", "layout '" + l.name() + "' has no text slot '" + headlineSlot + "' (text slots: "
                            + String.join(", ", textSlots(l)) + ")");
                }
            }
        } else {
            for (Layout l : templates) {
                if (textSlots(l).isEmpty()) throw new SpecException("template", "layout '" + l.name() + "' has no text slot for the headlines");
            }
        }
        List<String> headlines = tree.containsKey("headlines") ? strings(tree.get("headlines"), "headlines") : List.of();
        Map<String, String> values = values(tree.get("values"), templates);
        List<Scheme> schemes = schemes(tree.get("schemes"), brand);
        List<Crop> crops = crops(tree.get("crops"), templates);
        List<Backdrop> backgrounds = backgrounds(tree.get("backgrounds"), brand, home);
        Integer sample = tree.containsKey("sample") ? (int) number(tree.get("sample"), "sample", 1, Integer.MAX_VALUE) : null;
        Long seed = tree.containsKey("seed") ? parseLong(tree.get("seed")) : null;
        int limit = tree.containsKey("limit") ? (int) number(tree.get("limit"), "limit", 1, 100_000) : DEFAULT_LIMIT;
        VariantSpec spec = new VariantSpec(templates, headlineSlot, headlines, values, schemes, crops, backgrounds, sample, seed, limit);
        spec.checkCount("sample");
        return spec;
    }

    /** This spec with the per-file overrides of a sidecar ({@code headlines}, {@code values}, {@code sample}). */
    public VariantSpec withSidecar(Map<String, Object> sidecar, String fileName) {
        List<String> h = headlines;
        Map<String, String> v = new LinkedHashMap<>(values);
        Integer s = sample;
        try {
            if (sidecar.containsKey("headlines")) h = strings(plain(sidecar.get("headlines")), "headlines");
            if (sidecar.get("values") instanceof Map<?, ?> map) {
                Map<String, Object> m = new LinkedHashMap<>();
                map.forEach((k, x) -> m.put(String.valueOf(k), plain(x)));
                v.putAll(values(m, templates));
            }
            for (Map.Entry<String, Object> e : sidecar.entrySet()) {
                if (KEYS.contains(e.getKey()) || e.getKey().equals("values")) continue;
                if (templates.stream().anyMatch(l -> l.slot(e.getKey()) != null)) v.put(e.getKey(), valueText(plain(e.getValue())));
            }
            if (sidecar.containsKey("sample")) s = (int) number(plain(sidecar.get("sample")), "sample", 1, Integer.MAX_VALUE);
            VariantSpec out = new VariantSpec(templates, headlineSlot, h, v, schemes, crops, backgrounds, s, seed, limit);
            out.checkCount("sample");
            return out;
        } catch (SpecException e) {
            throw new IllegalArgumentException("variants: the sidecar " + fileName + ".json, \"" + e.path() + "\": " + e.getMessage(), e);
        }
    }

    private void checkCount(String at) {
        long product = product();
        if (sample != null && sample > product) {
            throw new SpecException(at, "sample: " + sample + " is more than the " + product + " variants the axes make (" + axes()
                    + "); lower sample or add values to an axis");
        }
        long rendered = sample != null ? sample : product;
        if (rendered > limit) {
            throw new SpecException(sample != null ? at : "limit", (sample != null ? "sample: " + sample : axes() + " = " + product + " variants")
                    + " is more than the limit of " + limit + "; give sample: N to render a part of them, drop values from an axis, or raise limit");
        }
    }

    private static List<Layout> templates(Map<String, Object> tree, LayoutCatalog catalog) {
        boolean one = tree.containsKey("template");
        boolean many = tree.containsKey("templates");
        if (one == many) {
            throw new SpecException(one ? "templates" : "template", one ? "give either template or templates (the T axis), not both"
                    : "give the layout: template: instagram-post, or templates: [instagram-post, instagram-story] (layouts: "
                    + String.join(", ", catalog.names()) + ")");
        }
        String key = one ? "template" : "templates";
        List<String> names = one ? List.of(requireText(tree.get(key), key)) : strings(tree.get(key), key);
        List<Layout> out = new ArrayList<>();
        for (String n : names) {
            String name = n.contains("/") ? n.substring(n.lastIndexOf('/') + 1) : n;
            Layout l = catalog.get(name);
            if (l == null) {
                throw new SpecException(key, "no layout '" + name + "' in " + LayoutCatalog.FOLDER + " (layouts: "
                        + (catalog.names().isEmpty() ? "none" : String.join(", ", catalog.names())) + ")");
            }
            if (out.contains(l)) throw new SpecException(key, "layout '" + name + "' is listed twice");
            out.add(l);
        }
        return out;
    }

    private static Map<String, String> values(Object node, List<Layout> templates) {
        if (node == null) return Map.of();
        if (!(node instanceof Map<?, ?> map)) throw new SpecException("values", "values is a mapping: { subline: \"...\", logo: none }");
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String slot = String.valueOf(e.getKey());
            if (templates.stream().noneMatch(l -> l.slot(slot) != null)) {
                throw new SpecException("values." + slot, "no slot '" + slot + "' in " + names(templates) + " (slots: "
                        + String.join(", ", templates.stream().flatMap(l -> l.slots().stream()).map(Layout.Slot::name)
                                .filter(x -> x != null).distinct().toList()) + ")");
            }
            out.put(slot, valueText(e.getValue()));
        }
        return out;
    }

    private static List<Scheme> schemes(Object node, BrandKit brand) {
        if (node == null) return List.of(new Scheme("", Map.of()));
        Map<String, Object> axis = axis(node, "schemes", "{ brand: {}, dark: { background: \"#111111\", text: light } }");
        List<Scheme> out = new ArrayList<>();
        for (Map.Entry<String, Object> e : axis.entrySet()) {
            String at = "schemes." + e.getKey();
            Map<String, String> colors = new LinkedHashMap<>();
            Object v = e.getValue();
            if (!(v instanceof Map<?, ?> roles) && !(v instanceof String s && s.isEmpty())) {
                throw new SpecException(at, "a scheme maps brand roles to colours: { primary: accent, background: \"#111111\" }; {} keeps the brand's");
            }
            if (v instanceof Map<?, ?> roles) {
                for (Map.Entry<?, ?> r : roles.entrySet()) {
                    String role = String.valueOf(r.getKey());
                    String where = at + "." + role;
                    if (brand.color(role) == null) {
                        throw new SpecException(where, "'" + role + "' is not a colour role of the brand (roles in config/brand.yaml: "
                                + String.join(", ", brand.colors().keySet()) + ")");
                    }
                    String spec = requireText(r.getValue(), where);
                    try {
                        brand.resolveColor(spec);
                    } catch (IllegalArgumentException x) {
                        throw new SpecException(where, x.getMessage());
                    }
                    colors.put(role, spec);
                }
            }
            out.add(new Scheme(e.getKey(), java.util.Collections.unmodifiableMap(colors)));
        }
        return out;
    }

    private static List<Crop> crops(Object node, List<Layout> templates) {
        if (node == null) return List.of(new Crop("", null, null, null, 1));
        for (Layout l : templates) {
            if (l.mainImage() == null) {
                throw new SpecException("crops", "layout '" + l.name() + "' has no photo slot to crop; remove crops or that layout");
            }
        }
        Map<String, Object> axis = axis(node, "crops", "{ wide: { fit: fill }, tight: { fit: smart, zoom: 1.5 } }");
        List<Crop> out = new ArrayList<>();
        for (Map.Entry<String, Object> e : axis.entrySet()) {
            String at = "crops." + e.getKey();
            Map<String, Object> m = settings(e.getValue(), at, Set.of("fit", "gravity", "focus", "zoom"),
                    "a crop is { fit: fit|fill|smart, gravity: top, focus: [0.5, 0.3], zoom: 1.5 }");
            Layout.Fit fit = null;
            if (m.containsKey("fit")) {
                String f = requireText(m.get("fit"), at + ".fit");
                try {
                    fit = Layout.Fit.valueOf(f.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException x) {
                    throw new SpecException(at + ".fit", "fit is fit (the whole photo), fill (cover, cut at gravity) or smart (cover, cut around the focus); was '" + f + "'");
                }
            }
            String gravity = null;
            if (m.containsKey("gravity")) {
                gravity = requireText(m.get("gravity"), at + ".gravity");
                if (!GRAVITY.contains(gravity)) {
                    throw new SpecException(at + ".gravity", "gravity is one of " + String.join(", ", new java.util.TreeSet<>(GRAVITY)) + "; was '" + gravity + "'");
                }
            }
            double[] focus = null;
            if (m.containsKey("focus")) {
                List<String> xy = strings(m.get("focus"), at + ".focus");
                if (xy.size() != 2) throw new SpecException(at + ".focus", "focus is [x, y] as fractions of the photo: [0.5, 0.3]");
                focus = new double[] {fraction(xy.get(0), at + ".focus"), fraction(xy.get(1), at + ".focus")};
            }
            double zoom = m.containsKey("zoom") ? number(m.get("zoom"), at + ".zoom", 1, 10) : 1;
            if (focus != null && gravity != null) throw new SpecException(at, "give gravity or focus, not both");
            if (gravity != null && fit == null) fit = Layout.Fit.FILL;
            if (focus != null && fit == null) fit = Layout.Fit.SMART;
            if (gravity != null && fit != Layout.Fit.FILL) throw new SpecException(at + ".gravity", "gravity steers fit: fill; with fit: " + fit.name().toLowerCase(Locale.ROOT) + " it does nothing");
            if (focus != null && fit != Layout.Fit.SMART) throw new SpecException(at + ".focus", "focus steers fit: smart; with fit: " + fit.name().toLowerCase(Locale.ROOT) + " it does nothing");
            out.add(new Crop(e.getKey(), fit, gravity, focus, zoom));
        }
        return out;
    }

    private static List<Backdrop> backgrounds(Object node, BrandKit brand, java.nio.file.Path home) {
        if (node == null) return List.of(new Backdrop("", null, null, null, null, 0, 0, 0, null, null, null, null));
        Map<String, Object> axis = axis(node, "backgrounds", "{ brand: { color: primary }, sunset: { gradient: { from: accent, to: secondary } }, beach: { ai: \"on a sunny beach\" } }");
        List<Backdrop> out = new ArrayList<>();
        for (Map.Entry<String, Object> e : axis.entrySet()) {
            String at = "backgrounds." + e.getKey();
            String form = "a background is one of { color: primary }, { gradient: { from: primary, to: accent, angle: 90 } }, { blur: image, darken: 35 }, "
                    + "{ image: library/paper.jpg, darken: 0 } or { ai: \"on a sunny beach\", model: ..., mode: budget }";
            Map<String, Object> m = settings(e.getValue(), at, Set.of("color", "gradient", "blur", "darken", "radius", "ai", "model", "mode", "image"), form);
            int kinds = (m.containsKey("gradient") ? 1 : 0) + (m.containsKey("blur") ? 1 : 0) + (m.containsKey("ai") ? 1 : 0)
                    + (m.containsKey("image") ? 1 : 0) + (m.containsKey("color") && !m.containsKey("blur") ? 1 : 0);
            if (kinds != 1) throw new SpecException(at, form);
            if ((m.containsKey("model") || m.containsKey("mode")) && !m.containsKey("ai")) {
                throw new SpecException(at, "model and mode belong to an AI background ({ ai: \"on a sunny beach\", mode: budget })");
            }
            if ((m.containsKey("darken") && !m.containsKey("blur") && !m.containsKey("image")) || (m.containsKey("radius") && !m.containsKey("blur"))) {
                throw new SpecException(at, "darken belongs to a blurred or picture background, radius to a blurred one ({ blur: image, darken: 35, radius: 40 })");
            }
            if (m.containsKey("image")) {
                String path = requireText(m.get("image"), at + ".image");
                java.nio.file.Path file = home.resolve(path).toAbsolutePath().normalize();
                if (!file.startsWith(home.toAbsolutePath().normalize())) {
                    throw new SpecException(at + ".image", "the picture " + path + " lies outside the hub folder; give a path under it (library/paper.jpg)");
                }
                try {
                    dev.imagehub.watermark.WatermarkAssets.logo(file);
                } catch (java.io.IOException x) {
                    throw new SpecException(at + ".image", x.getMessage() + " (paths are relative to the hub folder)");
                }
                out.add(new Backdrop(e.getKey(), Kind.IMAGE, null, null, null, 0, 0,
                        m.containsKey("darken") ? number(m.get("darken"), at + ".darken", 0, 100) : 0, null, null, null, file));
            } else if (m.containsKey("ai")) {
                String prompt = requireText(m.get("ai"), at + ".ai");
                String mode = m.containsKey("mode") ? requireText(m.get("mode"), at + ".mode") : null;
                if (mode != null) {
                    try {
                        dev.imagehub.wavespeed.ModelChooser.Mode.of(mode);
                    } catch (IllegalArgumentException x) {
                        throw new SpecException(at + ".mode", x.getMessage());
                    }
                }
                out.add(new Backdrop(e.getKey(), Kind.AI, null, null, null, 0, 0, 0, prompt,
                        m.containsKey("model") ? requireText(m.get("model"), at + ".model") : null, mode, null));
            } else if (m.containsKey("gradient")) {
                Map<String, Object> g = settings(m.get("gradient"), at + ".gradient", Set.of("from", "to", "angle"), "gradient: { from: primary, to: accent, angle: 90 }");
                if (!g.containsKey("from") || !g.containsKey("to")) throw new SpecException(at + ".gradient", "a gradient needs from and to: { from: primary, to: accent }");
                out.add(new Backdrop(e.getKey(), Kind.GRADIENT, null, color(g.get("from"), at + ".gradient.from", brand),
                        color(g.get("to"), at + ".gradient.to", brand), g.containsKey("angle") ? number(g.get("angle"), at + ".gradient.angle", -360, 360) : 90,
                        0, 0, null, null, null, null));
            } else if (m.containsKey("blur")) {
                String b = requireText(m.get("blur"), at + ".blur");
                if (!b.equals("image") && !b.equals("true")) throw new SpecException(at + ".blur", "blur takes the photo: write blur: image");
                out.add(new Backdrop(e.getKey(), Kind.BLUR, m.containsKey("color") ? color(m.get("color"), at + ".color", brand) : null, null, null, 0,
                        m.containsKey("radius") ? number(m.get("radius"), at + ".radius", 1, 200) : 40,
                        m.containsKey("darken") ? number(m.get("darken"), at + ".darken", 0, 100) : 35, null, null, null, null));
            } else {
                out.add(new Backdrop(e.getKey(), Kind.COLOR, color(m.get("color"), at + ".color", brand), null, null, 0, 0, 0, null, null, null, null));
            }
        }
        return out;
    }

    private static Map<String, Object> axis(Object node, String key, String example) {
        if (!(node instanceof Map<?, ?> map)) throw new SpecException(key, key + " is a mapping of names to settings: " + key + ": " + example);
        if (map.isEmpty()) throw new SpecException(key, key + " is empty: give at least one, e.g. " + key + ": " + example + ", or leave the key out");
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = String.valueOf(e.getKey());
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,39}")) {
                throw new SpecException(key + "." + name, "names are letters, digits, - and _ (they go into the manifest and the sheet's labels); was '" + name + "'");
            }
            out.put(name, e.getValue());
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> settings(Object node, String at, Set<String> keys, String form) {
        if (!(node instanceof Map<?, ?> map)) throw new SpecException(at, form);
        for (Object k : map.keySet()) {
            if (!keys.contains(String.valueOf(k))) {
                throw new SpecException(at + "." + k, "unknown key '" + k + "' (keys: " + String.join(", ", new java.util.TreeSet<>(keys)) + "); " + form);
            }
        }
        return (Map<String, Object>) map;
    }

    private static String color(Object node, String at, BrandKit brand) {
        String spec = requireText(node, at);
        try {
            brand.resolveColor(spec);
        } catch (IllegalArgumentException x) {
            throw new SpecException(at, x.getMessage());
        }
        return spec;
    }

    private static List<String> strings(Object node, String at) {
        List<String> out = new ArrayList<>();
        if (node instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> || o instanceof List<?>) throw new SpecException(at, at + " is a list of texts");
                out.add(String.valueOf(o));
            }
        } else if (node instanceof String s && !s.isEmpty()) {
            out.add(s);
        } else {
            throw new SpecException(at, at + " is a list: " + at + ": [\"first\", \"second\"]");
        }
        if (out.isEmpty()) throw new SpecException(at, at + " is empty: give at least one value, or leave the key out");
        for (String s : out) {
            if (s.isBlank()) throw new SpecException(at, at + " has an empty entry");
        }
        return List.copyOf(out);
    }

    private static String text(Map<String, Object> tree, String key) {
        return tree.containsKey(key) ? requireText(tree.get(key), key) : null;
    }

    private static String requireText(Object node, String at) {
        if (!(node instanceof String s) || s.isBlank()) throw new SpecException(at, at + " needs a value");
        return s.trim();
    }

    private static String valueText(Object v) {
        if (v instanceof List<?> list) return String.join("\n", list.stream().map(String::valueOf).toList());
        return String.valueOf(v);
    }

    private static double number(Object node, String at, double min, double max) {
        String s = node instanceof String t ? t.trim() : String.valueOf(node);
        double d;
        try {
            d = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new SpecException(at, at + " is a number; was '" + s + "'");
        }
        if (d < min || d > max || Double.isNaN(d)) throw new SpecException(at, at + " must be between " + num(min) + " and " + num(max) + "; was " + s);
        if (at.endsWith("sample") || at.equals("limit")) {
            if (d != Math.rint(d)) throw new SpecException(at, at + " is a whole number; was " + s);
        }
        return d;
    }

    private static double fraction(String s, String at) {
        return number(s, at, 0, 1);
    }

    private static long parseLong(Object node) {
        try {
            return Long.parseLong(String.valueOf(node).trim());
        } catch (NumberFormatException e) {
            throw new SpecException("seed", "seed is a whole number; was '" + node + "'");
        }
    }

    // JSON numbers and booleans of a sidecar become the strings the parser reads
    private static Object plain(Object v) {
        if (v instanceof Double d && d == Math.rint(d) && !d.isInfinite()) return String.valueOf(d.longValue());
        if (v instanceof Number || v instanceof Boolean) return String.valueOf(v);
        if (v instanceof List<?> l) return l.stream().map(VariantSpec::plain).toList();
        return v;
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
