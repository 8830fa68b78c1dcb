package dev.imagehub.steps;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.imagehub.brand.BrandKit;
import dev.imagehub.chain.AbstractStep;
import dev.imagehub.chain.ChainConfig;
import dev.imagehub.chain.OutputMetadata;
import dev.imagehub.chain.StepContext;
import dev.imagehub.config.ConfigException;
import dev.imagehub.config.ConfigNode;
import dev.imagehub.config.Option;
import dev.imagehub.config.YamlConfig;
import dev.imagehub.image.EncodeSettings;
import dev.imagehub.image.FocusPoint;
import dev.imagehub.image.ImageEncoder;
import dev.imagehub.image.ImageFormat;
import dev.imagehub.image.Orientation;
import dev.imagehub.image.SmartCrop;
import dev.imagehub.variants.VariantSheet;
import dev.imagehub.image.WorkingImage;
import dev.imagehub.layout.Layout;
import dev.imagehub.layout.LayoutCatalog;
import dev.imagehub.layout.LayoutRenderer;
import dev.imagehub.layout.RenderRequest;
import dev.imagehub.layout.Rendering;
import dev.imagehub.steps.ai.AiBackgrounds;
import dev.imagehub.variants.Manifest;
import dev.imagehub.variants.VariantPlan;
import dev.imagehub.variants.VariantSpec;
import dev.imagehub.wavespeed.ModelChoice;
import dev.imagehub.wavespeed.ModelChooser;
import dev.imagehub.wavespeed.ModelRegistry;
import dev.imagehub.estimate.AiCostPlanner;
import dev.imagehub.estimate.PlanContext;
import dev.imagehub.estimate.PlannedCall;

/**
 * A/B variations: renders one photo into every combination (or a sample) of a variation spec's headlines, colour
 * schemes, crops, backgrounds and layouts, each as {@code <stem>-<code>.<ext>}, with a manifest
 * {@code <stem>-variants.csv} and a labelled contact sheet {@code <stem>-variants-sheet.jpg}. AI backgrounds run once
 * per background and file, not once per variant.
 */
public final class VariantsStep extends AbstractStep<VariantsStep.Options> implements AiCostPlanner<VariantsStep.Options> {
    public static final String MANIFEST_SUFFIX = "-variants";
    public static final String SHEET_SUFFIX = "-variants-sheet";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SHEET_QUALITY = 88;

    /** Options of variants (the axes are YAML maps and lists; the hub keeps them as JSON once checked). */
    public record Options(
            @Option("the layout of every variant (a folder of templates/layouts); or templates for a T axis") String template,
            @Option("T axis: several layouts, e.g. [instagram-post, instagram-story]") String templates,
            @Option("the text slot the headlines fill; default the layout's slot 'headline', else its first text slot") String headlineSlot,
            @Option("H axis: headline texts [\"Spring sale: 30% off\", \"New season, new look\"]; a sidecar {\"headlines\": [...]} overrides them") String headlines,
            @Option("fixed values of other slots: { subline: \"...\", cta: \"Shop now\" }; a sidecar's values override them") Map<String, Object> values,
            @Option("S axis: name -> brand roles replaced by roles or colours: { brand: {}, dark: { background: \"#111111\", text: light } }") String schemes,
            @Option("C axis: name -> { fit: fit|fill|smart, gravity: top, focus: [x, y], zoom: 1.5 }") String crops,
            @Option("B axis: name -> { color: primary } | { gradient: { from, to, angle } } | { blur: image, darken: 35 } | { image: path, darken } | { ai: \"prompt\", model, mode }") String backgrounds,
            @Option("render N variants picked from all combinations (the same N for the same file and spec); the sidecar may override it") Integer sample,
            @Option("fixes the sample's choice instead of the spec and the file's SHA-256") Long seed,
            @Option(value = "refuse more variants than this per file", defaultValue = "200") int limit,
            @Option(value = "format of the variant files: jpeg, png, webp, avif", defaultValue = "jpeg") ImageFormat format,
            @Option("quality of the variant files (JPEG, WebP, AVIF); default the format's") Integer quality,
            @Option(value = "text that does not fit at its minimum size: ellipsis or fail", defaultValue = "ellipsis") Layout.Overflow overflow) {
    }

    public VariantsStep() {
        super("variants", "A/B variations: every combination (or a sample) of headlines, colour schemes, crops, backgrounds and layouts, "
                + "with a manifest CSV and a contact sheet", Options.class);
    }

    // the original file may go to WaveSpeed as it is (AI backgrounds), and its bytes seed the sample outside a job
    @Override
    public boolean sendsSource() {
        return true;
    }

    // ---- start-up: the spec checked against the layouts, the brand and the models, then kept as JSON

    @Override
    public ConfigNode expand(ConfigNode options, ChainConfig config) {
        Path home = config.home();
        VariantSpec spec;
        try {
            spec = VariantSpec.parse(spec(options), LayoutCatalog.load(home), BrandKit.load(home), home);
        } catch (ConfigException e) {
            throw prefixed(e);
        }
        ModelRegistry registry = AiBackgrounds.registry(config);
        if (registry != null) {
            for (VariantSpec.Backdrop b : spec.aiBackgrounds()) {
                try {
                    AiBackgrounds.choose(registry, b.model(), mode(b));
                } catch (IllegalArgumentException e) {
                    ConfigNode where = at(options, "backgrounds." + b.name() + (b.model() != null ? ".model" : ".ai"));
                    throw new ConfigException(where, "step 'variants': background '" + b.name() + "': " + e.getMessage());
                }
            }
        }
        ConfigNode out = options;
        List<String> folders = spec.templates().stream().map(l -> l.folder().toString()).toList();
        if (options.get("template") != null) out = replace(out, "template", folders.get(0));
        if (options.get("templates") != null) out = replace(out, "templates", json(folders));
        for (String axis : List.of("headlines", "schemes", "crops", "backgrounds")) {
            if (options.get(axis) != null) out = replace(out, axis, json(options.get(axis).toPlain()));
        }
        return out;
    }

    // ---- run time

    @Override
    public void apply(StepContext ctx, Options o) throws Exception {
        Path home = home(o);
        BrandKit brand = BrandKit.load(home);
        VariantSpec spec = withSidecar(spec(o, home, brand), ctx.sidecar(), ctx.fileName());
        List<VariantPlan.Variant> variants = VariantPlan.of(spec, fileSha256(ctx));
        Map<String, AiBackgrounds.Result> ai = aiBackgrounds(ctx, variants);
        try {
            render(ctx, o, home, brand, spec, variants, ai);
        } finally {
            ai.values().forEach(r -> r.image().close());
        }
    }

    private void render(StepContext ctx, Options o, Path home, BrandKit brand, VariantSpec spec, List<VariantPlan.Variant> variants,
                        Map<String, AiBackgrounds.Result> ai) throws IOException {
        // boxes and crops describe the picture as people see it, and brand colours are sRGB
        if (ctx.orientation() != 1) {
            Orientation.apply(ctx.image(), ctx.orientation());
            ctx.orientation(1);
        }
        OutputMetadata.toSrgb(ctx, ctx.image());
        double[] sidecarFocus = sidecarFocus(ctx);
        EncodeSettings settings = new EncodeSettings();
        settings.quality(o.quality());
        String stem = stem(ctx.fileName());
        VariantSheet sheet = new VariantSheet(variants.size(), home);
        Manifest manifest = new Manifest();
        int shrunk = 0;
        Map<String, Rect> zoomCache = new LinkedHashMap<>();
        for (int i = 0; i < variants.size(); i++) {
            VariantPlan.Variant v = variants.get(i);
            AiBackgrounds.Result aiResult = ai.get(v.background().name());
            WorkingImage picture = aiResult != null ? aiResult.image() : ctx.image();
            Layout layout = v.template();
            double[] focus = v.crop().focus() != null ? v.crop().focus() : sidecarFocus;
            WorkingImage zoomed = zoom(picture, v.crop(), focus, zoomCache);
            try {
                double[] f = zoomed == null ? focus : within(picture, v.crop(), focus, zoomCache);
                Map<String, String> values = values(spec, layout, v);
                Map<String, Map<String, String>> overrides = new LinkedHashMap<>();
                Layout.ImageSlot main = layout.mainImage();
                if (main != null && v.crop().fit() != null) {
                    Map<String, String> s = new LinkedHashMap<>();
                    s.put("fit", v.crop().fit().name().toLowerCase(Locale.ROOT));
                    if (v.crop().gravity() != null) s.put("gravity", v.crop().gravity());
                    overrides.put(main.name(), s);
                }
                RenderRequest request = new RenderRequest(0, 0, zoomed != null ? zoomed : picture, values, v.scheme().apply(brand), home,
                        overrides, v.background().layoutBackground(), o.overflow(), f == null ? null : new FocusPoint(f[0], f[1], true));
                try (Rendering r = renderOne(layout, request, v)) {
                    ImageFormat format = o.format();
                    byte[] bytes = ImageEncoder.encode(r.image(), format, settings, null, null);
                    String file = stem + "-" + v.code() + "." + format.extension();
                    ctx.addFile("-" + v.code(), format.extension(), bytes);
                    sheet.put(i, r.image(), v.code(), line2(spec, v));
                    manifest.add(row(v, file, r, values.get(spec.headlineSlot(layout)), brand, aiResult));
                    if (r.notes().stream().anyMatch(n -> n.contains("shrunk") || n.contains("ellipsis"))) shrunk++;
                }
            } finally {
                if (zoomed != null) zoomed.close();
            }
        }
        ctx.addIndex(MANIFEST_SUFFIX, "csv", manifest.bytes());
        EncodeSettings sheetSettings = new EncodeSettings();
        sheetSettings.quality(SHEET_QUALITY);
        try (WorkingImage s = sheet.image()) {
            ctx.addFile(SHEET_SUFFIX, "jpg", ImageEncoder.encode(s, ImageFormat.JPEG, sheetSettings, null, null));
            ctx.note(String.format(Locale.ROOT, "%d of %d variants (%s)%s; sheet %dx%d in %d columns%s", variants.size(), spec.product(), spec.axes(),
                    spec.sample() != null ? ", sampled" : "", s.width(), s.height(), sheet.columns(),
                    shrunk > 0 ? "; " + shrunk + " with texts shrunk or cut to fit" : ""));
        }
        // the variants are the results: the photo itself is not delivered again
        ctx.deliverImage(false);
    }

    private static Rendering renderOne(Layout layout, RenderRequest request, VariantPlan.Variant v) {
        try {
            return LayoutRenderer.render(layout, request);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("variants: variant " + v.code() + " (layout '" + layout.name() + "'): " + e.getMessage(), e);
        }
    }

    private static Map<String, String> values(VariantSpec spec, Layout layout, VariantPlan.Variant v) {
        Map<String, String> values = new LinkedHashMap<>();
        spec.values().forEach((k, x) -> {
            if (layout.slot(k) != null) values.put(k, x);
        });
        String slot = spec.headlineSlot(layout);
        if (v.headline() != null && slot != null) values.put(slot, v.headline());
        return values;
    }

    private static List<String> row(VariantPlan.Variant v, String file, Rendering r, String headline, BrandKit brand, AiBackgrounds.Result ai) {
        BigDecimal cost = ai == null ? null : ai.run().costUsd() != null ? ai.run().costUsd() : ai.run().estimatedUsd();
        return List.of(v.code(), file, v.template().name(), String.valueOf(r.image().width()), String.valueOf(r.image().height()),
                headline == null ? "" : headline, name(v.scheme().name()), v.scheme().describe(brand), name(v.crop().name()), v.crop().describe(),
                name(v.background().name()), v.background().describe(brand), ai == null ? "" : ai.model().id(),
                cost == null ? "" : cost.stripTrailingZeros().toPlainString());
    }

    private static String name(String axisValue) {
        return axisValue.isEmpty() ? "default" : axisValue;
    }

    // the sheet's second line: the names on the axes that vary besides the headline, else the headline
    private static String line2(VariantSpec spec, VariantPlan.Variant v) {
        List<String> parts = new ArrayList<>();
        if (spec.templates().size() > 1) parts.add(v.template().name());
        if (spec.schemes().size() > 1) parts.add(v.scheme().name());
        if (spec.crops().size() > 1) parts.add(v.crop().name());
        if (spec.backgrounds().size() > 1) parts.add(v.background().name());
        if (parts.isEmpty()) return v.headline() == null ? v.template().name() : v.headline();
        return String.join(" · ", parts);
    }

    // ---- AI backgrounds: one prediction per background and file, shared by its variants

    private Map<String, AiBackgrounds.Result> aiBackgrounds(StepContext ctx, List<VariantPlan.Variant> variants) throws Exception {
        Set<VariantSpec.Backdrop> used = new LinkedHashSet<>();
        for (VariantPlan.Variant v : variants) {
            if (v.background().kind() == VariantSpec.Kind.AI) used.add(v.background());
        }
        Map<String, AiBackgrounds.Result> out = new LinkedHashMap<>();
        if (used.isEmpty()) return out;
        if (ctx.scope() == null) throw AiBackgrounds.outsideJob(name());
        ModelRegistry registry = ctx.scope().ai().registry();
        try {
            for (VariantSpec.Backdrop b : used) {
                ModelChoice choice = AiBackgrounds.choose(registry, b.model(), mode(b));
                // the background's name tells the calls apart, so a restarted job resumes each instead of paying again
                out.put(b.name(), AiBackgrounds.run(ctx, name(), b.name(), choice, b.prompt()));
            }
        } catch (Exception e) {
            out.values().forEach(r -> r.image().close());
            throw e;
        }
        return out;
    }

    private static ModelChooser.Mode mode(VariantSpec.Backdrop b) {
        return b.mode() == null ? ModelChooser.Mode.BALANCED : ModelChooser.Mode.of(b.mode());
    }

    // ---- hub estimate: the AI backgrounds this file's variants use, one call each

    @Override
    public List<PlannedCall> plan(Options o, PlanContext ctx) {
        Path home = home(o);
        VariantSpec spec = withSidecar(spec(o, home, BrandKit.load(home)), ctx.sidecar(), ctx.fileName());
        String sha = null;
        Path file = ctx.folder() == null ? null : ctx.folder().resolve(ctx.fileName());
        if (spec.sample() != null && file != null && Files.isRegularFile(file)) {
            try {
                sha = VariantPlan.sha256Hex(dev.imagehub.files.FileBytes.read(file));
            } catch (IOException e) {
                throw new UncheckedIOException("variants: cannot read " + file + " to plan its sample", e);
            }
        }
        Set<VariantSpec.Backdrop> used = new LinkedHashSet<>();
        // without the file to hash, a sample is priced as if it used every AI background: never less than it costs
        List<VariantPlan.Variant> variants = spec.sample() != null && sha == null ? List.of() : VariantPlan.of(spec, sha);
        if (spec.sample() != null && sha == null) used.addAll(spec.aiBackgrounds());
        for (VariantPlan.Variant v : variants) {
            if (v.background().kind() == VariantSpec.Kind.AI) used.add(v.background());
        }
        List<PlannedCall> calls = new ArrayList<>();
        for (VariantSpec.Backdrop b : used) {
            calls.add(new PlannedCall(b.name(), AiBackgrounds.choose(ctx.registry(), b.model(), mode(b)), Map.of()));
        }
        return calls;
    }

    // ---- helpers

    private static VariantSpec spec(Options o, Path home, BrandKit brand) {
        Map<String, Object> tree = new LinkedHashMap<>();
        if (o.templates() != null) tree.put("templates", parse(o.templates()));
        else tree.put("template", o.template());
        if (o.headlineSlot() != null) tree.put("headlineSlot", o.headlineSlot());
        if (o.headlines() != null) tree.put("headlines", parse(o.headlines()));
        if (o.values() != null && !o.values().isEmpty()) tree.put("values", o.values());
        if (o.schemes() != null) tree.put("schemes", parse(o.schemes()));
        if (o.crops() != null) tree.put("crops", parse(o.crops()));
        if (o.backgrounds() != null) tree.put("backgrounds", parse(o.backgrounds()));
        if (o.sample() != null) tree.put("sample", o.sample());
        if (o.seed() != null) tree.put("seed", o.seed());
        tree.put("limit", o.limit());
        try {
            return VariantSpec.parse(ConfigNode.of(tree, "the options of step 'variants'"), LayoutCatalog.load(home), brand, home);
        } catch (ConfigException e) {
            // checked at start-up: only an edited layout or brand gets here
            throw new IllegalArgumentException("variants: " + e.getMessage() + " (config/brand.yaml or a layout changed since start-up?)", e);
        }
    }

    // a sidecar's overrides are checked per file: a mistake fails that file, naming the sidecar and key
    private static VariantSpec withSidecar(VariantSpec spec, Map<String, Object> sidecar, String fileName) {
        try {
            return spec.withSidecar(sidecar, fileName);
        } catch (ConfigException e) {
            throw new IllegalArgumentException("variants: the sidecar " + e.getMessage(), e);
        }
    }

    // the step's own options (format, quality, overflow) are not part of the spec
    private static ConfigNode spec(ConfigNode options) {
        ConfigNode spec = options.isMap() ? options : ConfigNode.emptyMap(options);
        for (String own : List.of("format", "quality", "overflow")) {
            if (spec.get(own) != null) spec = spec.without(own);
        }
        return spec;
    }

    // every mistake of the spec, each as step 'variants' at its line
    private static ConfigException prefixed(ConfigException e) {
        List<ConfigException> each = e.problems().stream()
                .map(p -> new ConfigException(p.file(), p.line(), p.key(), "step 'variants': " + p.reason())).toList();
        return each.size() == 1 ? each.get(0) : new ConfigException(each);
    }

    // expand wrote the layouts as their folders <home>/templates/layouts/<name>
    private static Path home(Options o) {
        String first = o.templates() != null ? String.valueOf(((List<?>) parse(o.templates())).get(0)) : o.template();
        if (first == null) throw new IllegalArgumentException("variants: the step needs template or templates");
        Path folder = Path.of(first);
        if (!folder.isAbsolute() || folder.getNameCount() < 3) {
            throw new IllegalArgumentException("variants: the layout '" + first + "' was not resolved at start-up; load the chain through the hub");
        }
        return folder.getParent().getParent().getParent();
    }

    private static double[] sidecarFocus(StepContext ctx) {
        FocusPoint p = FocusPoint.fromSidecar(ctx.sidecar(), ctx.fileName());
        if (p == null) return null;
        int w = ctx.image().width();
        int h = ctx.image().height();
        double[] px = p.inSource(w, h, ctx.fileName());
        return new double[] {px[0] / w, px[1] / h};
    }

    // zoom > 1: the photo cut to 1/zoom of each side around the focus, else the gravity, else where the smart crop
    // finds faces or detail; kept inside the photo
    private static WorkingImage zoom(WorkingImage picture, VariantSpec.Crop crop, double[] focus, Map<String, Rect> cache) {
        if (crop.zoom() <= 1) return null;
        Rect r = zoomRect(picture, crop, focus, cache);
        Mat part = new Mat(picture.mat(), r).clone();
        return new WorkingImage(part);
    }

    private static Rect zoomRect(WorkingImage picture, VariantSpec.Crop crop, double[] focus, Map<String, Rect> cache) {
        int w = picture.width();
        int h = picture.height();
        int cw = Math.max(1, (int) Math.round(w / crop.zoom()));
        int ch = Math.max(1, (int) Math.round(h / crop.zoom()));
        if (focus == null && crop.gravity() == null) {
            // face and detail detection once per picture and crop, not once per variant
            return cache.computeIfAbsent(crop.name() + "@" + System.identityHashCode(picture), k -> {
                SmartCrop.Window win = SmartCrop.place(picture.mat(), cw, ch, null, "", 1.0);
                return new Rect(win.x(), win.y(), win.width(), win.height());
            });
        }
        double[] c = focus != null ? focus : gravity(crop.gravity());
        int x = (int) Math.round(c[0] * w - cw / 2.0);
        int y = (int) Math.round(c[1] * h - ch / 2.0);
        x = Math.max(0, Math.min(w - cw, x));
        y = Math.max(0, Math.min(h - ch, y));
        return new Rect(x, y, cw, ch);
    }

    // the focus in the zoomed part's fractions
    private static double[] within(WorkingImage picture, VariantSpec.Crop crop, double[] focus, Map<String, Rect> cache) {
        if (focus == null) return null;
        Rect r = zoomRect(picture, crop, focus, cache);
        double fx = (focus[0] * picture.width() - r.x()) / r.width();
        double fy = (focus[1] * picture.height() - r.y()) / r.height();
        return new double[] {Math.max(0, Math.min(1, fx)), Math.max(0, Math.min(1, fy))};
    }

    private static double[] gravity(String g) {
        if (g == null) return new double[] {0.5, 0.5};
        double x = g.contains("Left") || g.equals("left") ? 0 : g.contains("Right") || g.equals("right") ? 1 : 0.5;
        double y = g.startsWith("top") ? 0 : g.startsWith("bottom") ? 1 : 0.5;
        return new double[] {x, y};
    }

    private static String fileSha256(StepContext ctx) {
        if (ctx.scope() != null && ctx.scope().fileSha256() != null) return ctx.scope().fileSha256();
        byte[] source = ctx.untouchedSource();
        if (source != null) return VariantPlan.sha256Hex(source);
        BufferedImage pixels = ctx.image().toBufferedImage();
        if (pixels.getRaster().getDataBuffer() instanceof DataBufferByte bytes) return VariantPlan.sha256Hex(bytes.getData());
        throw new IllegalStateException("variants: cannot fingerprint " + ctx.fileName() + " to seed its sample; give the step a seed");
    }

    private static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    // the deepest node on the dotted path that exists, so the error names the line of the mistake
    private static ConfigNode at(ConfigNode options, String path) {
        ConfigNode at = options;
        for (String key : path.split("\\.")) {
            if (!at.isMap() || at.get(key) == null) break;
            at = at.get(key);
        }
        return at;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object parse(String json) {
        try {
            return JSON.readValue(json, Object.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("variants: an axis is not in the form the hub wrote at start-up: " + json, e);
        }
    }

    // ConfigNode has no public factory for a changed value; a one-line YAML document gives a node of the same shape
    private static ConfigNode replace(ConfigNode map, String key, String value) {
        String quoted = '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + '"';
        ConfigNode single = YamlConfig.parse(key + ": " + quoted, map.file());
        return map.without(key).withDefaults(single);
    }
}
