package dev.imagehub.steps;

import java.awt.Font;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.imagehub.config.Csv;
import dev.imagehub.brand.BrandKit;
import dev.imagehub.cards.CardRows;
import dev.imagehub.cards.CardSheet;
import dev.imagehub.chain.AbstractStep;
import dev.imagehub.chain.ChainConfig;
import dev.imagehub.chain.Errors;
import dev.imagehub.chain.StepContext;
import dev.imagehub.config.ConfigException;
import dev.imagehub.config.ConfigNode;
import dev.imagehub.config.Option;
import dev.imagehub.image.ColorManagement;
import dev.imagehub.image.EncodeSettings;
import dev.imagehub.image.ImageDecoder;
import dev.imagehub.image.ImageEncoder;
import dev.imagehub.image.ImageFormat;
import dev.imagehub.image.ImageInfo;
import dev.imagehub.image.ImageProbe;
import dev.imagehub.image.Orientation;
import dev.imagehub.watermark.WatermarkAssets;
import dev.imagehub.image.WorkingImage;
import dev.imagehub.intake.SafeNames;
import dev.imagehub.layout.Layout;
import dev.imagehub.layout.LayoutCatalog;
import dev.imagehub.layout.LayoutRenderer;
import dev.imagehub.layout.RenderRequest;
import dev.imagehub.layout.Rendering;

/**
 * Makes one card per row of a dropped text file: a CSV of quotes (columns named like the layout's slots, plus the
 * optional image, name and template), a .txt (one card) or a .json (an object or an array of them). Each card is
 * rendered and encoded at once, so a thousand rows never sit in memory; a report CSV gives every row's outcome and
 * a contact sheet shows all cards. A bad row is reported with its line and the others are still made.
 */
public final class QuoteCardsStep extends AbstractStep<QuoteCardsStep.Options> {
    static final String REPORT_HEADER = "row,line,file,status,reason";
    static final int MAX_PHOTO_MEGAPIXELS = 100;

    /** Options of quoteCards. */
    public record Options(
            @Option(value = "the layout of every card, unless a row names another in its template column", defaultValue = "quote-card") String template,
            @Option("slot values for every card: { author: \"Team Lumen\", logo: none }; a row's columns win over them") Map<String, Object> values,
            @Option("canvas size: WxH (1080x1350) or a preset of config/presets.yaml (instagram-story); default each layout's own") String size,
            @Option(value = "format of the cards: png, jpeg or webp", defaultValue = "png") String format,
            @Option(value = "JPEG/WebP quality, 1 to 100", defaultValue = "90", min = 1, max = 100) int quality,
            @Option(value = "also write <name>-sheet.jpg, a contact sheet of all cards", defaultValue = "true") boolean sheet,
            @Option(value = "text that does not fit at its minimum size: ellipsis (cut with ...) or fail (the row fails)", defaultValue = "ellipsis") Layout.Overflow overflow,
            @Option("replace the layouts' background: a colour (brand role or #rrggbb), or blur (the row's image, blurred and darkened)") String background,
            @Option(value = "the most rows one file may hold: every card stays in memory until the file's results are published, "
                    + "so a larger file is refused whole (split it)", defaultValue = "1000", min = 1, max = 20000) int maxRows) {
    }

    public QuoteCardsStep() {
        super("quoteCards", "one card per row of a dropped CSV (or .txt/.json) of quotes, in a layout of templates/layouts, "
                + "with a report and a contact sheet (first step of a chain)", Options.class);
    }

    @Override
    public boolean takesText() {
        return true;
    }

    @Override
    public boolean readsRawText() {
        return true;
    }

    @Override
    public Set<String> textExtensions() {
        return Set.of("csv", "txt", "json");
    }

    @Override
    public ConfigNode expand(ConfigNode options, ChainConfig config) {
        LayoutCatalog catalog = LayoutCatalog.load(config.home());
        ConfigNode t = options.get("template");
        String name = t == null ? "quote-card" : t.text();
        Layout layout = catalog.get(name);
        if (layout == null) {
            throw new ConfigException(t == null ? options : t, "step 'quoteCards': no layout '" + name + "' in " + LayoutCatalog.FOLDER
                    + " (layouts: " + (catalog.names().isEmpty() ? "none" : String.join(", ", catalog.names())) + ")");
        }
        ConfigNode values = options.get("values");
        if (values != null && values.isMap()) {
            for (Map.Entry<String, ConfigNode> e : values.entries().entrySet()) {
                if (layout.slot(e.getKey()) == null) {
                    throw new ConfigException(e.getValue(), "step 'quoteCards': layout '" + name + "' has no slot '" + e.getKey() + "' (slots: "
                            + String.join(", ", slotNames(layout)) + ")");
                }
            }
        }
        ConfigNode bg = options.get("background");
        if (bg != null && !bg.text().trim().equals(TemplateStep.BLUR)) {
            try {
                BrandKit.load(config.home()).resolveColor(bg.text());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(bg, "step 'quoteCards': option 'background' is blur or a colour: " + e.getMessage());
            }
        }
        ConfigNode size = options.get("size");
        if (size == null) return options;
        ConfigNode single = dev.imagehub.config.YamlConfig.parse("size: \"" + TemplateStep.size(size, config) + "\"", options.file());
        return options.without("size").withDefaults(single);
    }

    @Override
    public void validate(Options o, ConfigNode at) {
        ImageFormat f;
        try {
            f = ImageFormat.fromName(o.format());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(at.get("format") != null ? at.get("format") : at, "step 'quoteCards': " + e.getMessage());
        }
        if (f != ImageFormat.PNG && f != ImageFormat.JPEG && f != ImageFormat.WEBP) {
            throw new ConfigException(at.get("format") != null ? at.get("format") : at, "step 'quoteCards': cards are png, jpeg or webp, not " + o.format());
        }
    }

    @Override
    public void apply(StepContext ctx, Options o) throws Exception {
        if (ctx.scope() == null) throw new IllegalStateException("quoteCards runs in a hot folder job (it needs the hub home and the inbox folder)");
        Path home = ctx.scope().home().toAbsolutePath().normalize();
        Path folder = ctx.scope().inboxFolder().toAbsolutePath().normalize();
        Path outbox = home.resolve("outbox").resolve(ctx.scope().folder());
        LayoutCatalog catalog = LayoutCatalog.load(home);
        Layout fallback = catalog.get(o.template());
        if (fallback == null) throw new IllegalArgumentException("the layout " + o.template() + " is gone from " + LayoutCatalog.FOLDER + "; put it back or change the chain");
        String file = ctx.fileName();
        List<CardRows.Row> rows = CardRows.read(String.valueOf(ctx.sidecar().get(TEXT)), SafeNames.extension(file), firstRequiredText(fallback));
        if (rows.size() > o.maxRows()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s has %d rows; one file may hold at most %d cards (option maxRows "
                    + "of step quoteCards): split it into several files", file, rows.size(), o.maxRows()));
        }
        ImageFormat format = ImageFormat.fromName(o.format());
        EncodeSettings encode = new EncodeSettings();
        if (format != ImageFormat.PNG) encode.quality(o.quality());
        BrandKit brand = BrandKit.load(home);
        int width = 0;
        int height = 0;
        if (o.size() != null) {
            String[] p = o.size().split("x");
            width = Integer.parseInt(p[0]);
            height = Integer.parseInt(p[1]);
        }
        // the same blur as the template step's background option: the picture behind the text, darkened by half
        Layout.Background background = o.background() == null ? null
                : o.background().trim().equals(TemplateStep.BLUR) ? new Layout.Blur(40, 50, "primary") : new Layout.Solid(o.background().trim());
        int digits = Math.max(3, String.valueOf(rows.size()).length());
        CardSheet sheet = o.sheet() ? new CardSheet(rows.size()) : null;
        StringBuilder report = new StringBuilder(REPORT_HEADER).append('\n');
        List<String> failures = new ArrayList<>();
        int made = 0;
        String stem = SafeNames.safeStem(SafeNames.stem(file));
        for (CardRows.Row row : rows) {
            String number = String.format(Locale.ROOT, "%0" + digits + "d", row.number());
            String reason = row.problem();
            String output = "";
            if (reason == null) {
                try {
                    String suffix = "-" + number + "-" + slug(row, fallback);
                    Layout layout = layoutOf(row, fallback, catalog);
                    try (WorkingImage photo = photo(row, layout, background, home, folder);
                         Rendering r = LayoutRenderer.render(layout, new RenderRequest(width, height, photo, values(layout, o.values(), row),
                                 brand, home, Map.of(), background, o.overflow(), null))) {
                        ctx.addFile(suffix, format.extension(), ImageEncoder.encode(r.image(), format, encode, null, null));
                        if (sheet != null) sheet.add(r.image(), number + " " + slug(row, fallback));
                    }
                    output = published(outbox, stem + suffix, format.extension());
                    made++;
                } catch (IOException | RuntimeException | dev.imagehub.image.BadImageException e) {
                    reason = Errors.reason(e);
                }
            }
            if (reason != null) failures.add("line " + row.line() + ": " + reason);
            report.append(row.number()).append(',').append(row.line()).append(',').append(Csv.quote(output)).append(',')
                    .append(reason == null ? "ok" : "failed").append(',').append(Csv.quote(reason == null ? "" : reason)).append('\n');
        }
        if (made == 0) {
            throw new IllegalArgumentException("no row of " + file + " made a card: " + String.join("; ", failures.subList(0, Math.min(5, failures.size())))
                    + (failures.size() > 5 ? "; and " + (failures.size() - 5) + " more" : ""));
        }
        ctx.addIndex("-cards", "csv", report.toString().getBytes(StandardCharsets.UTF_8));
        if (sheet != null) {
            try (WorkingImage s = sheet.compose(labelFont(home), home)) {
                EncodeSettings jpeg = new EncodeSettings();
                jpeg.quality(88);
                ctx.addFile("-sheet", "jpg", ImageEncoder.encode(s, ImageFormat.JPEG, jpeg, null, null));
            }
        }
        ctx.deliverImage(false);
        ctx.note(made + " card" + (made == 1 ? "" : "s") + " of " + rows.size() + " row" + (rows.size() == 1 ? "" : "s")
                + (failures.isEmpty() ? "" : "; failed: " + String.join("; ", failures.subList(0, Math.min(3, failures.size())))));
    }

    // the name the card will be published under: results are never overwritten, so a CSV dropped again gets -2 names
    private static String published(Path outbox, String stem, String extension) {
        for (int n = 1; ; n++) {
            String name = SafeNames.candidate(stem, extension, n);
            if (!Files.exists(outbox.resolve(name))) return name;
        }
    }

    private static Layout layoutOf(CardRows.Row row, Layout fallback, LayoutCatalog catalog) {
        String name = row.text(CardRows.TEMPLATE);
        if (name == null) return fallback;
        Layout layout = catalog.get(name);
        if (layout == null) {
            throw new IllegalArgumentException("unknown template '" + name + "' (layouts: " + String.join(", ", catalog.names()) + ")");
        }
        return layout;
    }

    /** The row's slot values over the chain's; columns that are no slot of the layout are left out. */
    static Map<String, String> values(Layout layout, Map<String, Object> chain, CardRows.Row row) {
        Map<String, Object> own = new LinkedHashMap<>();
        row.values().forEach((k, v) -> {
            if (!k.equals(CardRows.IMAGE) && !k.equals(CardRows.NAME) && !k.equals(CardRows.TEMPLATE)) own.put(k, v);
        });
        Map<String, String> values = TemplateStep.values(layout, chain, own);
        for (Layout.Slot slot : layout.slots()) {
            if (slot instanceof Layout.TextSlot t && t.required() && t.fallback() == null
                    && (values.get(t.name()) == null || values.get(t.name()).isBlank())) {
                throw new IllegalArgumentException("the column '" + t.name() + "' is empty (layout " + layout.name() + " needs it)");
            }
        }
        return values;
    }

    // the row's picture, upright and in sRGB, when its layout shows one (a photo slot or a blurred background)
    private static WorkingImage photo(CardRows.Row row, Layout layout, Layout.Background background, Path home, Path folder)
            throws IOException, dev.imagehub.image.BadImageException {
        String value = row.text(CardRows.IMAGE);
        if (value == null) return null;
        Path file = resolve(value, home, folder);
        Layout.Background ground = background != null ? background : layout.background();
        if (layout.mainImage() == null && !(ground instanceof Layout.Blur)) return null;
        byte[] bytes = dev.imagehub.files.FileBytes.read(file);
        ImageInfo info = ImageProbe.probe(bytes);
        if (info.megapixels() > MAX_PHOTO_MEGAPIXELS) {
            // as hub.maxMegapixels does for hot folders (its default): a decompression bomb must not take the hub down
            throw new IllegalArgumentException(String.format(Locale.ROOT, "image '%s' is %dx%d (%.0f megapixels); cards take photos up to %d "
                    + "megapixels", value, info.width(), info.height(), info.megapixels(), MAX_PHOTO_MEGAPIXELS));
        }
        WorkingImage image = ImageDecoder.decode(bytes, info, ImageDecoder.reductionFor(info, 2160, 2160));
        try {
            if (info.orientation() != 1) Orientation.apply(image, info.orientation());
            byte[] icc = info.icc();
            if (icc != null && image.channels() > 1 && ColorManagement.space(icc).equals("RGB ") && ColorManagement.isUsable(icc)
                    && !ColorManagement.isSrgb(icc)) {
                ColorManagement.toSrgb(image, icc);
            }
            return image;
        } catch (RuntimeException e) {
            image.close();
            throw e;
        }
    }

    /**
     * The image column: a path beside the CSV (a sub-folder such as photos/), else under the hub home; never outside the
     * home, never through a symbolic link.
     */
    static Path resolve(String value, Path home, Path folder) {
        String v = value.replace('\\', '/');
        if (v.startsWith("/") || v.matches("^[A-Za-z]:.*")) {
            throw new IllegalArgumentException("image '" + value + "' must be a relative path: beside the CSV (photos/beach.jpg) or under the hub home");
        }
        Path beside = folder.resolve(v).normalize();
        Path under = home.resolve(v).normalize();
        if (!under.startsWith(home) || !beside.startsWith(home)) {
            throw new IllegalArgumentException("image '" + value + "' lies outside the hub home; put it in a sub-folder beside the CSV");
        }
        for (Path candidate : List.of(beside, under)) {
            if (!Files.exists(candidate, java.nio.file.LinkOption.NOFOLLOW_LINKS)) continue;
            java.util.Optional<Path> link = dev.imagehub.files.ConfinedPaths.firstLink(home, candidate);
            if (link.isPresent()) {
                throw new IllegalArgumentException("image " + dev.imagehub.files.ConfinedPaths.linkReason(value, home.relativize(link.get()).toString()));
            }
            if (Files.isRegularFile(candidate)) return candidate;
        }
        throw new IllegalArgumentException("image '" + value + "' is missing: put it in a sub-folder beside the CSV (photos/beach.jpg) "
                + "before dropping the CSV, or give a path under the hub home (library/beach.jpg)");
    }

    /** The card's name part: the name column, else the first words of the first required text; safe in file names. */
    private static final int SLUG_CHARS = 50;

    static String slug(CardRows.Row row, Layout fallback) {
        String name = row.text(CardRows.NAME);
        String source = name != null ? name : row.text(firstRequiredText(fallback));
        if (source == null) {
            source = row.values().entrySet().stream().filter(e -> !e.getKey().equals(CardRows.IMAGE) && !e.getKey().equals(CardRows.TEMPLATE))
                    .map(e -> String.valueOf(e.getValue())).findFirst().orElse("card");
        }
        String s = Normalizer.normalize(source, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
        // whole words only: at most five of the text (all of a name), within SLUG_CHARS; a single longer word is cut
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i <= s.length(); ) {
            int cp = i < s.length() ? s.codePointAt(i) : ' ';
            i += i < s.length() ? Character.charCount(cp) : 1;
            if (Character.isLetterOrDigit(cp) || Character.getType(cp) == Character.NON_SPACING_MARK) {
                word.appendCodePoint(cp);
            } else if (word.length() > 0) {
                words.add(word.toString());
                word.setLength(0);
            }
        }
        StringBuilder out = new StringBuilder();
        for (String w : words) {
            if (name == null && out.length() > 0 && out.toString().split("-").length >= 5) break;
            int grown = out.length() + (out.length() > 0 ? 1 : 0) + w.length();
            if (grown > SLUG_CHARS) {
                if (out.length() == 0) out.append(w, 0, w.offsetByCodePoints(0, Math.min(w.codePointCount(0, w.length()), SLUG_CHARS)));
                break;
            }
            if (out.length() > 0) out.append('-');
            out.append(w);
        }
        String safe = SafeNames.safeStem(out.toString());
        return out.length() == 0 || safe.equals("image") ? "card" : safe;
    }

    static String firstRequiredText(Layout layout) {
        for (Layout.Slot slot : layout.slots()) {
            if (slot instanceof Layout.TextSlot t && t.required()) return t.name();
        }
        for (Layout.Slot slot : layout.slots()) {
            if (slot instanceof Layout.TextSlot t) return t.name();
        }
        return "text";
    }

    private static List<String> slotNames(Layout layout) {
        return layout.slots().stream().map(Layout.Slot::name).filter(n -> n != null).toList();
    }

    // the shipped DejaVu Sans draws the labels (Cyrillic and Arabic names too); the JDK's sans-serif when it is gone
    private static Font labelFont(Path home) {
        Path f = home.resolve("templates").resolve("fonts").resolve("DejaVuSans.ttf");
        if (Files.isRegularFile(f)) {
            try {
                return WatermarkAssets.font(f);
            } catch (IOException e) {
                // a damaged font file only costs the labels their typeface
            }
        }
        return new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    }
}
