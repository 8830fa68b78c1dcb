package dev.imagehub.steps;

import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.bytedeco.opencv.opencv_core.Mat;

import dev.imagehub.chain.ChainConfig;
import dev.imagehub.chain.DecodeHint;
import dev.imagehub.chain.AbstractStep;
import dev.imagehub.chain.StepContext;
import dev.imagehub.config.ConfigNode;
import dev.imagehub.config.Option;
import dev.imagehub.image.FaceDetector;
import dev.imagehub.image.Orientation;
import dev.imagehub.image.Rgba;
import dev.imagehub.watermark.WatermarkAssets;
import dev.imagehub.watermark.WatermarkBlend;
import dev.imagehub.watermark.WatermarkGround;
import dev.imagehub.watermark.WatermarkLayer;
import dev.imagehub.watermark.WatermarkLength;
import dev.imagehub.watermark.WatermarkLogo;
import dev.imagehub.watermark.WatermarkPlacer;
import dev.imagehub.watermark.WatermarkPosition;
import dev.imagehub.watermark.WatermarkStamp;
import dev.imagehub.watermark.WatermarkText;

/**
 * Draws a text or logo watermark: at one of nine anchors, at the flattest face-free anchor ({@code smart}), or tiled
 * over the whole image; sized relative to the image, rotated, with opacity. Named templates live in
 * {@code config/watermarks.yaml}. Fonts and logos are checked at start-up and again for every image.
 */
public final class WatermarkStep extends AbstractStep<WatermarkStep.Options> {
    /** The font used when a text watermark names none; shipped with the hub (DejaVu Sans, Bitstream Vera licence). */
    public static final String DEFAULT_FONT = "templates/fonts/DejaVuSans.ttf";
    static final double DEFAULT_TEXT_SIZE = 4;
    static final double DEFAULT_LOGO_WIDTH = 15;
    /** Below this the text is unreadable: refuse rather than draw a smudge. */
    static final float MIN_TEXT_PX = 6;
    private static final int TILE_BAND_PIXELS = 4_000_000;

    /** Options of watermark. */
    public record Options(
            @Option("a named watermark from config/watermarks.yaml; options set here override the template's") String template,
            @Option("the text to draw (a text watermark)") String text,
            @Option("the logo to draw (an image watermark): a PNG with transparency, path relative to the hub home; 'brand' (or no text and no logo) "
                    + "draws the brand's light or dark logo, whichever suits the ground beneath") String logo,
            @Option("the logo for dark ground, chosen when the area beneath is dark (set from config/brand.yaml for the brand logo)") String logoOnDark,
            @Option("the logo for light ground, chosen when the area beneath is light (set from config/brand.yaml for the brand logo)") String logoOnLight,
            @Option("text font: a brand font role (heading, body, ...), a .ttf/.otf file relative to the hub home, or an installed family name "
                    + "(default: the brand's body font, " + DEFAULT_FONT + " without config/brand.yaml)") String font,
            @Option(value = "text size in percent of the image's shorter side (default 4)", min = 0.1, max = 100) Double size,
            @Option(value = "logo width in percent of the image width (default 15)", min = 0.1, max = 100) Double width,
            @Option(value = "text colour: a brand colour role (primary, text, ...) or #rrggbb, #rrggbbaa, white, black, ...", defaultValue = "white") String color,
            @Option(value = "opacity in percent: 100 is solid, 50 half see-through", defaultValue = "50", min = 0, max = 100) double opacity,
            @Option(value = "text effect: none, outline or shadow", defaultValue = "none") WatermarkText.Effect effect,
            @Option(value = "colour of the outline or shadow: a brand colour role or a colour", defaultValue = "black") String effectColor,
            @Option(value = "rotation in degrees, clockwise (-30 runs text up to the right)", defaultValue = "0", min = -360, max = 360) double rotation,
            @Option(value = "repeat the watermark over the whole image in diagonal rows (with rotation)", defaultValue = "false") boolean tile,
            @Option(value = "gap between tiled copies, in percent of the image's shorter side", defaultValue = "8", min = 0, max = 100) double spacing,
            @Option("one of the nine anchors, or smart: the flattest corner or edge with no face under it (default bottomRight)") WatermarkPosition position,
            @Option(value = "distance from the image edges: pixels (24, 24px) or percent of the shorter side (3%)", defaultValue = "3%") String margin,
            @Option(value = "extra shift to the right: pixels or percent of the width (negative: left)", defaultValue = "0") String offsetX,
            @Option(value = "extra shift down: pixels or percent of the height (negative: up)", defaultValue = "0") String offsetY) {
    }

    public WatermarkStep() {
        super("watermark", "text or logo watermark: anchors, smart placement avoiding faces, tiling, opacity, templates", Options.class);
    }

    @Override
    public ConfigNode expand(ConfigNode options, ChainConfig config) {
        return WatermarkOptions.expand(options, config);
    }

    @Override
    public void validate(Options o, ConfigNode at) {
        WatermarkOptions.validate(o, at);
    }

    // The watermark is sized relative to the image, so it does not care how large the decode is.
    @Override
    public DecodeHint decodeHint(Options o, int w, int h) { return DecodeHint.NEUTRAL; }

    @Override
    public void apply(StepContext ctx, Options o) throws IOException {
        // anchors describe the picture as people see it, so a pending EXIF rotation is applied first
        if (ctx.orientation() != 1) {
            Orientation.apply(ctx.image(), ctx.orientation());
            ctx.note("applied EXIF orientation " + ctx.orientation() + " first");
            ctx.orientation(1);
        }
        Mat image = ctx.image().mat();
        int w = image.cols();
        int h = image.rows();
        int shorter = Math.min(w, h);
        int margin = o.tile() ? 0 : WatermarkLength.parse(o.margin()).pixels(shorter);
        double maxW = w - 2.0 * margin;
        double maxH = h - 2.0 * margin;
        if (maxW < 1 || maxH < 1) {
            throw new IllegalArgumentException("watermark: the margin " + o.margin() + " (" + margin + " px) leaves no room in a "
                    + w + "x" + h + " image; lower option 'margin'");
        }
        // a single watermark fits inside the margins; one tile of a pattern fits inside the image
        double fitW = o.tile() ? w : maxW;
        double fitH = o.tile() ? h : maxH;
        boolean pair = o.text() == null && o.logo() == null;
        // a light/dark pair is measured first with the dark-ground logo; the ground beneath decides which one is drawn
        WatermarkStamp stamp = o.text() != null ? text(ctx, o, shorter, fitW, fitH)
                : logo(ctx, pair ? pairFile(o, true) : o.logo(), o, w, fitW, fitH);
        double opacity = o.opacity() / 100.0;
        if (o.tile()) {
            // in bands of at most ~4 MP, so a pattern over a 100 MP image does not need a 400 MB layer
            int band = Math.max(64, Math.min(h, TILE_BAND_PIXELS / w));
            for (int top = 0; top < h; top += band) {
                int rows = Math.min(band, h - top);
                BufferedImage layer = WatermarkLayer.tiled(stamp, o.rotation(), w, h, o.spacing() * shorter / 100.0, top, rows);
                WatermarkBlend.over(image, layer, 0, top, opacity);
            }
            ctx.note(String.format(Locale.ROOT, "tiled over %dx%d at %.0f%% opacity, rotated %.0f°", w, h, o.opacity(), o.rotation()));
            return;
        }
        BufferedImage layer = WatermarkLayer.single(stamp, o.rotation());
        int dx = WatermarkLength.parse(o.offsetX()).pixels(w);
        int dy = WatermarkLength.parse(o.offsetY()).pixels(h);
        WatermarkPosition position = o.position() == null ? WatermarkPosition.BOTTOM_RIGHT : o.position();
        if (position == WatermarkPosition.SMART) {
            position = smart(ctx, image, layer, margin, dx, dy);
        }
        int[] xy = position.topLeft(w, h, layer.getWidth(), layer.getHeight(), margin, dx, dy);
        if (pair) {
            boolean dark = WatermarkGround.isDark(image, xy[0], xy[1], layer.getWidth(), layer.getHeight());
            ctx.note("ground under the logo is " + (dark ? "dark" : "light"));
            if (!dark) {
                layer = WatermarkLayer.single(logo(ctx, pairFile(o, false), o, w, fitW, fitH), o.rotation());
                xy = position.topLeft(w, h, layer.getWidth(), layer.getHeight(), margin, dx, dy);
            }
        }
        if (WatermarkBlend.over(image, layer, xy[0], xy[1], opacity) == 0) {
            throw new IllegalArgumentException("watermark: offsetX " + o.offsetX() + " / offsetY " + o.offsetY() + " move the watermark entirely "
                    + "outside the " + w + "x" + h + " image; use smaller offsets");
        }
        ctx.note(String.format(Locale.ROOT, "%s %dx%d at (%d,%d) at %.0f%% opacity", position.display(), layer.getWidth(), layer.getHeight(),
                xy[0], xy[1], o.opacity()));
    }

    private static WatermarkStamp text(StepContext ctx, Options o, int shorter, double maxW, double maxH) throws IOException {
        // a text watermark takes per-file words from the sidecar (a batch row's watermark column), else the chain's text
        Object perFile = ctx.sidecar().get("watermark");
        String words = perFile instanceof String s && !s.isBlank() ? s : o.text();
        Font font = font(o.font());
        float asked = (float) ((o.size() == null ? DEFAULT_TEXT_SIZE : o.size()) * shorter / 100.0);
        // on small images a relative size can fall below legibility: raise it to the minimum when it fits
        float wanted = Math.max(asked, MIN_TEXT_PX);
        WatermarkText t = WatermarkText.fitted(font, words, wanted, colour(o.color()), o.effect(), colour(o.effectColor()),
                o.rotation(), maxW, maxH);
        if (t.size() < MIN_TEXT_PX * 0.999f) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "watermark: the text \"%s\" fits this %dx%d image only at %.1f px, "
                    + "too small to read (at least %.0f px); use a shorter text or a smaller margin", words, ctx.image().width(),
                    ctx.image().height(), t.size(), MIN_TEXT_PX));
        }
        String sizing = t.size() < wanted * 0.999 ? String.format(Locale.ROOT, " (shrunk from %.0f px to fit)", wanted)
                : wanted > asked ? String.format(Locale.ROOT, " (raised from %.1f px, the smallest readable size)", asked) : "";
        ctx.note(String.format(Locale.ROOT, "text \"%s\" in %s at %.0f px", words, font.getFontName(Locale.ROOT), t.size()) + sizing);
        return t;
    }

    // the file of a light/dark pair for dark (or light) ground, the other one when only one is set
    private static String pairFile(Options o, boolean darkGround) {
        String preferred = darkGround ? o.logoOnDark() : o.logoOnLight();
        return preferred != null ? preferred : (darkGround ? o.logoOnLight() : o.logoOnDark());
    }

    private static WatermarkStamp logo(StepContext ctx, String file, Options o, int imageW, double maxW, double maxH) throws IOException {
        BufferedImage logo;
        try {
            logo = WatermarkAssets.logo(Path.of(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("watermark: " + e.getMessage() + "; put the logo back or change option 'logo'", e);
        }
        double wanted = (o.width() == null ? DEFAULT_LOGO_WIDTH : o.width()) * imageW / 100.0;
        WatermarkLogo stamp = WatermarkLogo.fitted(logo, wanted, o.rotation(), maxW, maxH);
        ctx.note(String.format(Locale.ROOT, "logo %s %dx%d scaled to %.0fx%.0f", Path.of(file).getFileName(), logo.getWidth(),
                logo.getHeight(), stamp.width(), stamp.height()) + (stamp.width() < wanted - 1 ? " (shrunk to fit)" : ""));
        return stamp;
    }

    private static WatermarkPosition smart(StepContext ctx, Mat image, BufferedImage layer, int margin, int dx, int dy) {
        List<FaceDetector.Face> faces = WatermarkPlacer.faces(image);
        WatermarkPlacer.Choice choice = WatermarkPlacer.choose(image, layer.getWidth(), layer.getHeight(), margin, dx, dy, faces);
        StringBuilder scores = new StringBuilder();
        choice.detail().forEach((p, d) -> scores.append(scores.length() == 0 ? "" : ", ").append(p.display())
                .append(String.format(Locale.ROOT, " %.1f", d)).append(choice.onFaces().contains(p) ? " (face)" : ""));
        ctx.note("smart: " + faces.size() + " face(s); detail " + scores);
        return choice.position();
    }

    static Font font(String spec) {
        String s = spec == null ? DEFAULT_FONT : spec;
        if (!WatermarkAssets.isFontFile(s)) {
            Font f = WatermarkAssets.systemFont(s);
            if (f == null) throw new IllegalArgumentException("watermark: the font family '" + s + "' is no longer installed; change option 'font'");
            return f;
        }
        try {
            return WatermarkAssets.font(Path.of(s));
        } catch (IOException e) {
            throw new IllegalArgumentException("watermark: " + e.getMessage() + "; put the font back or change option 'font'", e);
        }
    }

    static Color colour(String text) {
        Rgba c = Rgba.parse(text);
        return new Color(c.r(), c.g(), c.b(), c.a());
    }
}
