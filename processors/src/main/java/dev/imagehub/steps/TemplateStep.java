package dev.imagehub.steps;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import dev.imagehub.brand.BrandKit;
import dev.imagehub.chain.AbstractStep;
import dev.imagehub.chain.ChainConfig;
import dev.imagehub.chain.DecodeHint;
import dev.imagehub.chain.OutputMetadata;
import dev.imagehub.chain.StepContext;
import dev.imagehub.config.ConfigException;
import dev.imagehub.config.ConfigNode;
import dev.imagehub.config.Option;
import dev.imagehub.config.YamlConfig;
import dev.imagehub.image.FocusPoint;
import dev.imagehub.image.Orientation;
import dev.imagehub.image.PictureTitle;
import dev.imagehub.image.WorkingImage;
import dev.imagehub.layout.Layout;
import dev.imagehub.layout.LayoutCatalog;
import dev.imagehub.layout.LayoutRenderer;
import dev.imagehub.layout.RenderRequest;
import dev.imagehub.layout.RenderedLayout;
import dev.imagehub.layout.Rendering;

/**
 * Composes the image into a layout of {@code templates/layouts/} (blog header, Instagram post, quote card ...): the
 * picture fills the layout's main image slot, texts come from the sidecar JSON beside the image (batch and calendar
 * rows arrive that way), else the chain's {@code values}, else the slot's default. The result is a new sRGB picture
 * at the layout's size or the one asked for.
 */
public final class TemplateStep extends AbstractStep<TemplateStep.Options> {

    /** Options of template. */
    public record Options(
            @Option("the layout: a folder of templates/layouts (blog-header, instagram-post, quote-card, ...)") String name,
            @Option("slot values: { headline: \"...\", photo2: inbox/x.jpg, logo: none }; a sidecar JSON beside the image wins over them") Map<String, Object> values,
            @Option("canvas size: WxH (1080x1350) or a preset of config/presets.yaml (instagram-story); default the layout's own") String size,
            @Option(value = "text that does not fit at its minimum size: ellipsis (cut with ...) or fail", defaultValue = "ellipsis") Layout.Overflow overflow,
            @Option("replace the layout's background: a colour (brand role or #rrggbb), or blur (the image, blurred and darkened, e.g. for a quote card)") String background) {
    }

    /** The background option's word for the chain's picture, blurred and darkened by half. */
    static final String BLUR = "blur";

    public TemplateStep() {
        super("template", "compose the image into a layout of templates/layouts: photo, brand colours, fitted texts, logo", Options.class);
    }

    @Override
    public String shorthand() {
        return "name";
    }

    // the layout's name becomes its absolute folder, so runs need neither the working directory nor the job's scope
    @Override
    public ConfigNode expand(ConfigNode options, ChainConfig config) {
        ConfigNode nameNode = options.get("name");
        if (nameNode == null) {
            throw new ConfigException(options, "step 'template' needs the layout's name: - template: blog-header (layouts: "
                    + String.join(", ", LayoutCatalog.load(config.home()).names()) + ")");
        }
        LayoutCatalog catalog = LayoutCatalog.load(config.home());
        Layout layout = catalog.get(nameNode.text());
        if (layout == null) {
            throw new ConfigException(nameNode, "step 'template': no layout '" + nameNode.text() + "' in " + LayoutCatalog.FOLDER + " (layouts: "
                    + (catalog.names().isEmpty() ? "none" : String.join(", ", catalog.names())) + ")");
        }
        ConfigNode values = options.get("values");
        if (values != null && values.isMap()) {
            for (Map.Entry<String, ConfigNode> e : values.entries().entrySet()) {
                if (layout.slot(e.getKey()) == null) {
                    throw new ConfigException(e.getValue(), "step 'template': layout '" + layout.name() + "' has no slot '" + e.getKey() + "' (slots: "
                            + String.join(", ", slotNames(layout)) + ")");
                }
            }
        }
        ConfigNode bg = options.get("background");
        if (bg != null && !bg.text().trim().equals(BLUR)) {
            try {
                BrandKit.load(config.home()).resolveColor(bg.text());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(bg, "step 'template': option 'background' is blur or a colour: " + e.getMessage());
            }
        }
        ConfigNode out = replace(options, "name", layout.folder().toString());
        ConfigNode size = options.get("size");
        if (size != null) out = replace(out, "size", size(size, config));
        return out;
    }

    // shared with the quoteCards step: WxH or a preset, as "WxH"
    static String size(ConfigNode at, ChainConfig config) {
        String text = at.text().trim();
        if (text.matches("\\d+\\s*[xX]\\s*\\d+")) {
            int[] wh = parse(text, at);
            return wh[0] + "x" + wh[1];
        }
        ConfigNode preset = config.preset(text);
        if (preset == null) {
            throw new ConfigException(at, "step 'template': size is WxH (1080x1350) or a preset of config/presets.yaml (presets: "
                    + String.join(", ", new TreeSet<>(config.presetNames())) + "); was '" + text + "'");
        }
        ConfigNode w = preset.get("width");
        ConfigNode h = preset.get("height");
        if (w == null || h == null) throw new ConfigException(at, "step 'template': preset '" + text + "' has no width and height to render at");
        return parse(w.text() + "x" + h.text(), at)[0] + "x" + parse(w.text() + "x" + h.text(), at)[1];
    }

    private static int[] parse(String text, ConfigNode at) {
        String[] p = text.toLowerCase(Locale.ROOT).split("x");
        int w = Integer.parseInt(p[0].trim());
        int h = Integer.parseInt(p[1].trim());
        if (w < 16 || h < 16 || w > 10_000 || h > 10_000) {
            throw new ConfigException(at, "step 'template': each side of the size must be between 16 and 10000 pixels; was " + text);
        }
        return new int[] {w, h};
    }

    /**
     * The picture is needed only as large as the largest place it covers: its image slot at the canvas size and, for
     * a blurred ground, the canvas (blurred from a copy a quarter of the blur radius smaller). A 24 MP photo for a
     * 1200x630 header is then decoded at half or a quarter scale, which is most of the step's time saved.
     */
    @Override
    public DecodeHint decodeHint(Options o, int width, int height) {
        Path folder = Path.of(o.name());
        Layout layout = LayoutCatalog.load(folder.getParent().getParent().getParent()).get(folder.getFileName().toString());
        if (layout == null || width < 1 || height < 1) return DecodeHint.FULL;
        int cw = layout.width();
        int ch = layout.height();
        if (o.size() != null) {
            String[] p = o.size().split("x");
            cw = Integer.parseInt(p[0]);
            ch = Integer.parseInt(p[1]);
        }
        double sx = (double) cw / layout.width();
        double sy = (double) ch / layout.height();
        double scale = 0;
        Layout.ImageSlot main = layout.mainImage();
        if (main != null) scale = Math.max(main.box().width() * sx / width, main.box().height() * sy / height);
        Layout.Background bg = o.background() == null ? layout.background()
                : o.background().trim().equals(BLUR) ? new Layout.Blur(40, 50, "primary") : null;
        if (bg instanceof Layout.Blur blur) {
            double shrink = Math.max(1, blur.radius() * Math.min(cw, ch) / 1080.0 / 4);
            scale = Math.max(scale, Math.max(cw / (double) width, ch / (double) height) / shrink);
        }
        // a layout that does not show the picture (a plain quote card) still gets a small, sharp decode
        if (scale == 0) scale = Math.min(1, 256.0 / Math.max(width, height));
        if (scale >= 1) return DecodeHint.FULL;
        return DecodeHint.atLeast(Math.min(width, (int) Math.ceil(width * scale)), Math.min(height, (int) Math.ceil(height * scale)));
    }

    @Override
    public void apply(StepContext ctx, Options o) {
        Path folder = Path.of(o.name());
        Path home = folder.getParent().getParent().getParent();
        Layout layout = LayoutCatalog.load(home).get(folder.getFileName().toString());
        if (layout == null) {
            throw new IllegalArgumentException("template: the layout " + folder.getFileName() + " is gone from " + LayoutCatalog.FOLDER
                    + "; put it back or change the chain");
        }
        // boxes and crops describe the picture as people see it, so a pending EXIF rotation comes first
        if (ctx.orientation() != 1) {
            Orientation.apply(ctx.image(), ctx.orientation());
            ctx.note("applied EXIF orientation " + ctx.orientation() + " first");
            ctx.orientation(1);
        }
        // the canvas is sRGB: a Display P3 or Adobe RGB photo is converted before it is composed with brand colours
        OutputMetadata.toSrgb(ctx, ctx.image());
        int w = 0;
        int h = 0;
        if (o.size() != null) {
            String[] p = o.size().split("x");
            w = Integer.parseInt(p[0]);
            h = Integer.parseInt(p[1]);
        }
        Map<String, String> values = values(layout, o.values(), ctx.sidecar());
        // a title (or headline) nobody gave: the picture's own title (XMP, IPTC, EXIF), else one made from its file name
        if (ctx.source().width() > 1 || ctx.source().height() > 1) {
            for (String slot : TITLE_SLOTS) {
                if (layout.slot(slot) instanceof Layout.TextSlot t && t.required() && !values.containsKey(slot)
                        && (t.fallback() == null || t.fallback().isBlank())) {
                    java.util.Optional<String> embedded = PictureTitle.embedded(ctx.sourceFile(), ctx.source());
                    String title = embedded.orElseGet(() -> PictureTitle.fromFileName(ctx.fileName()));
                    values.put(slot, title);
                    ctx.note(slot + " \"" + title + "\" from " + (embedded.isPresent() ? "the picture's own title" : "its file name"));
                }
            }
        }
        FocusPoint focus = FocusPoint.fromSidecar(ctx.sidecar(), ctx.fileName());
        Layout.Background background = o.background() == null ? null
                : o.background().trim().equals(BLUR) ? new Layout.Blur(40, 50, "primary") : new Layout.Solid(o.background().trim());
        // a chain started from text (a calendar row without an image) carries a 1x1 placeholder, not a picture
        WorkingImage picture = ctx.source().width() <= 1 && ctx.source().height() <= 1 ? null : ctx.image();
        RenderRequest request = new RenderRequest(w, h, picture, values, BrandKit.load(home), home, Map.of(), background, o.overflow(), focus);
        Rendering r;
        try {
            r = LayoutRenderer.render(layout, request);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("template '" + layout.name() + "': " + e.getMessage(), e);
        }
        // the composition is a new picture: the source's EXIF (camera, orientation) and profile no longer describe it
        ctx.replaceImage(r.image());
        ctx.exif(null);
        ctx.keep(RenderedLayout.KEY, r.layout());
        ctx.note(String.join("; ", r.notes()));
    }

    /**
     * The slot values: the sidecar JSON (its {@code values} object, then top-level keys named like slots) over the
     * chain's values; slots left out take their defaults in the renderer.
     */
    /** Slots that fall back to the picture's own title, then its file name, when no value is given. */
    static final List<String> TITLE_SLOTS = List.of("title", "headline");

    static Map<String, String> values(Layout layout, Map<String, Object> chain, Map<String, Object> sidecar) {
        Map<String, String> out = new LinkedHashMap<>();
        if (chain != null) chain.forEach((k, v) -> put(out, k, v));
        if (sidecar != null) {
            for (Map.Entry<String, Object> e : sidecar.entrySet()) {
                if (layout.slot(e.getKey()) != null) put(out, e.getKey(), e.getValue());
            }
            if (sidecar.get("values") instanceof Map<?, ?> nested) {
                for (Map.Entry<?, ?> e : nested.entrySet()) {
                    String key = String.valueOf(e.getKey());
                    if (layout.slot(key) == null) {
                        throw new IllegalArgumentException("template '" + layout.name() + "': the sidecar's \"values\" name slot '" + key
                                + "', which the layout does not have (slots: " + String.join(", ", slotNames(layout)) + ")");
                    }
                    put(out, key, e.getValue());
                }
            }
        }
        return out;
    }

    private static void put(Map<String, String> out, String key, Object value) {
        if (value == null) return;
        if (value instanceof List<?> list) {
            out.put(key, String.join("\n", list.stream().map(String::valueOf).toList()));
        } else if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            out.put(key, String.valueOf(d.longValue()));
        } else {
            out.put(key, String.valueOf(value));
        }
    }

    private static List<String> slotNames(Layout layout) {
        return layout.slots().stream().map(Layout.Slot::name).filter(n -> n != null).toList();
    }

    // ConfigNode has no public factory for a changed value; a one-line YAML document gives a node of the same shape
    private static ConfigNode replace(ConfigNode map, String key, String value) {
        String quoted = '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        ConfigNode single = YamlConfig.parse(key + ": " + quoted, map.file());
        return map.without(key).withDefaults(single);
    }
}
