package dev.imagehub.steps;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.font.GlyphVector;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.brandcheck.Ciede2000;
import dev.imagehub.image.Contrast;
import dev.imagehub.chain.ChainResult;
import dev.imagehub.chain.StepContext;
import dev.imagehub.chain.StepHarness;
import dev.imagehub.image.ImageFormat;
import dev.imagehub.image.Rgba;
import dev.imagehub.watermark.WatermarkAssets;
import dev.imagehub.image.WorkingImage;
import dev.imagehub.layout.RenderedLayout;
import dev.imagehub.testing.Fixtures;
import dev.imagehub.testing.Images;
import dev.imagehub.testing.TestHub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The brandCheck step on designs drawn here with Java2D in the shipped fonts, logos and brand colours, each with the
 * RenderedLayout a template step would have kept: what passes, what fails and why, and the report beside the image.
 */
class BrandCheckStepTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Color PRIMARY = new Color(0x1F4E79);
    private static final Color SECONDARY = new Color(0xF2A541);
    private static final Color LIGHT = new Color(0xF7F4EE);

    @TempDir
    Path tmp;

    /** A 1200x628 banner: a ground colour, a saffron band, a headline in the heading font, and (optionally) the light logo. */
    private Design banner(Path home, Color ground, Color band, Color textColor, boolean drawLogo) throws Exception {
        BufferedImage img = new BufferedImage(1200, 628, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(ground);
        g.fillRect(0, 0, 1200, 628);
        g.setColor(band);
        g.fillRect(0, 520, 1200, 108);
        Font heading = WatermarkAssets.font(home.resolve("templates/fonts/DejaVuSans-Bold.ttf")).deriveFont(72f);
        Rectangle inked = drawText(g, heading, "Summer sale", textColor, 80, 330);
        RenderedLayout.Box logoBox = new RenderedLayout.Box(60, 50, 320, 72);
        Path logo = home.resolve("templates/logos/imagehub-logo-light.png");
        if (drawLogo) g.drawImage(ImageIO.read(logo.toFile()), 60, 50, 320, 72, null);
        g.dispose();
        RenderedLayout layout = new RenderedLayout("banner", 1200, 628,
                List.of(new RenderedLayout.Text("headline", "Summer sale", new RenderedLayout.Box(60, 230, 1080, 140), box(inked), rgba(textColor), 72f, true)),
                List.of(new RenderedLayout.Logo("logo", logoBox, logo, true)), List.of(), List.of());
        return new Design(img, layout);
    }

    private record Design(BufferedImage image, RenderedLayout layout) {
    }

    @Test
    void should_pass_an_on_palette_design_with_its_logo_and_readable_text() throws Exception {
        Path home = TestHub.prepareHome(tmp);
        Design d = banner(home, PRIMARY, SECONDARY, LIGHT, true);

        try (StepContext ctx = run(home, d, "{}")) {
            JsonNode report = report(ctx);
            assertThat(report.get("passed").asBoolean()).as(report.toString()).isTrue();
            assertThat(report.get("colors").get("onPaletteShare").asDouble()).isGreaterThan(95);
            assertThat(report.get("colors").get("dominant").get(0).get("nearestRole").asText()).isEqualTo("primary");
            assertThat(report.get("logo").get(0).get("passed").asBoolean()).isTrue();
            assertThat(report.get("logo").get(0).get("score").asDouble()).isGreaterThan(0.72);
            double expected = Contrast.ratio(rgba(LIGHT), rgba(PRIMARY));
            assertThat(report.get("contrast").get(0).get("ratio").asDouble()).isCloseTo(expected, within(0.05));
            assertThat(ctx.image().width()).isEqualTo(1200);
            assertThat(ctx.extras()).singleElement().satisfies(e -> {
                assertThat(e.suffix()).isEqualTo("-brand-check");
                assertThat(e.format()).isEqualTo(ImageFormat.PNG);
            });
            ImageIO.write(ctx.extras().get(0).image().toBufferedImage(), "png", Path.of("/tmp/brand-pass-report.png").toFile());
        }
    }

    @Test
    void should_deliver_the_pixels_unchanged() throws Exception {
        Path home = TestHub.prepareHome(tmp);
        Design d = banner(home, PRIMARY, SECONDARY, LIGHT, true);
        try (StepContext ctx = run(home, d, "{}")) {
            BufferedImage after = ctx.image().toBufferedImage();
            for (int y = 0; y < 628; y += 7) {
                for (int x = 0; x < 1200; x += 7) assertThat(after.getRGB(x, y)).isEqualTo(d.image().getRGB(x, y));
            }
        }
    }

    @Test
    void should_fail_an_off_palette_design_naming_the_offending_colour() throws Exception {
        Path home = TestHub.prepareHome(tmp);
        Design d = banner(home, new Color(0x2E8B57), new Color(0x8E44AD), Color.WHITE, true);

        try (StepContext ctx = run(home, d, "{}")) {
            JsonNode report = report(ctx);
            assertThat(report.get("passed").asBoolean()).isFalse();
            assertThat(report.get("colors").get("passed").asBoolean()).isFalse();
            JsonNode top = report.get("colors").get("dominant").get(0);
            assertThat(Ciede2000.distance(Rgba.parse(top.get("color").asText()), Rgba.parse("#2e8b57"))).isLessThan(1);
            assertThat(top.get("onPalette").asBoolean()).isFalse();
            assertThat(report.get("failures").get(0).asText())
                    .startsWith("only ").contains("of the design is in the brand colours (needs 70%)")
                    .contains("off-palette: " + top.get("color").asText());
            ImageIO.write(ctx.extras().get(0).image().toBufferedImage(), "png", Path.of("/tmp/brand-fail-report.png").toFile());
        }
    }

    @Test
    void should_fail_a_real_photo_on_colours_and_pass_it_when_photos_are_left_out() throws Exception {
        Path home = TestHub.prepareHome(tmp);
        BufferedImage photo = Images.read(Fixtures.bytes("photo-sunset-1800.jpg"));
        RenderedLayout layout = new RenderedLayout("photo", photo.getWidth(), photo.getHeight(), List.of(), List.of(),
                List.of(new RenderedLayout.Picture("photo", new RenderedLayout.Box(0, 0, photo.getWidth(), photo.getHeight()))), List.of());

        try (StepContext plain = run(home, new Design(photo, null), "{}");
             StepContext ignored = run(home, new Design(photo, layout), "{ ignorePhotos: true }")) {
            assertThat(report(plain).get("colors").get("passed").asBoolean()).isFalse();
            assertThat(report(ignored).get("passed").asBoolean()).isTrue();
        }
    }

    @Test
    void should_fail_light_grey_text_on_white_with_its_contrast_ratio() throws Exception {
        Path home = TestHub.prepareHome(tmp);
        BufferedImage img = new BufferedImage(800, 300, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 800, 300);
        Font body = WatermarkAssets.font(home.resolve("templates/fonts/DejaVuSans.ttf")).deriveFont(20f);
        Rectangle dark = drawText(g, body, "Readable caption in brand text colour", new Color(0x1B1B1B), 40, 80);
        Rectangle grey = drawText(g, body, "Hardly readable light grey caption", new Color(0xCCCCCC), 40, 200);
        g.dispose();
        RenderedLayout layout = new RenderedLayout("caption", 800, 300, List.of(
                new RenderedLayout.Text("dark", "", new RenderedLayout.Box(20, 40, 760, 60), box(dark), Rgba.parse("#1b1b1b"), 20f, false),
                new RenderedLayout.Text("grey", "", new RenderedLayout.Box(20, 160, 760, 60), box(grey), Rgba.parse("#cccccc"), 20f, false)),
                List.of(), List.of(), List.of());

        try (StepContext ctx = run(home, new Design(img, layout), "{ colors: false }")) {
            JsonNode report = report(ctx);
            JsonNode c = report.get("contrast");
            assertThat(c.get(0).get("passed").asBoolean()).isTrue();
            assertThat(c.get(1).get("passed").asBoolean()).isFalse();
            assertThat(c.get(1).get("ratio").asDouble()).isCloseTo(Contrast.ratio(Rgba.parse("#cccccc"), Rgba.WHITE), within(0.05));
            assertThat(c.get(1).get("required").asDouble()).isEqualTo(4.5);
            assertThat(report.get("failures")).hasSize(1);
            assertThat(report.get("failures").get(0).asText()).isEqualTo("text 'grey' has a contrast of 1.61:1 against its background, below the 4.5:1 it needs");
        }
    }

    @Test
    void should_fail_a_layout_whose_logo_box_is_empty_and_a_missing_logo_slot() throws Exception {
        Path home = TestHub.prepareHome(tmp);
        Design d = banner(home, PRIMARY, SECONDARY, LIGHT, false);
        RenderedLayout withMissing = new RenderedLayout("banner", 1200, 628, d.layout().texts(), d.layout().logos(), List.of(), List.of("badge"));

        try (StepContext ctx = run(home, new Design(d.image(), withMissing), "{}")) {
            JsonNode report = report(ctx);
            assertThat(report.get("passed").asBoolean()).isFalse();
            List<String> failures = new ArrayList<>();
            report.get("failures").forEach(f -> failures.add(f.asText()));
            assertThat(failures).contains("the layout's logo slot 'badge' stayed empty");
            assertThat(failures).anyMatch(f -> f.startsWith("no brand logo at 'logo' (best match ") && f.endsWith(", needs 0.70)"));
            assertThat(report.get("colors").get("passed").asBoolean()).isTrue();
        }
    }

    @Test
    void should_find_the_brand_logo_a_watermark_put_on_a_plain_photo_in_the_named_region() throws Exception {
        WatermarkRun run = new WatermarkRun(tmp);
        BufferedImage marked = run.run(Fixtures.bytes("photo-sunset-1800.jpg"),
                "- watermark: { logo: brand, position: bottomRight, width: 20, opacity: 100 }");
        try (StepContext right = run(run.home(), new Design(marked, null), "{ colors: false, logoRegion: bottomRight }");
             StepContext left = run(run.home(), new Design(marked, null), "{ colors: false, logoRegion: topLeft }")) {
            assertThat(report(right).get("logo").get(0).get("passed").asBoolean()).as(report(right).toString()).isTrue();
            assertThat(report(left).get("logo").get(0).get("passed").asBoolean()).as(report(left).toString()).isFalse();
        }
    }

    @Test
    void should_throw_with_the_failed_checks_in_words_when_asked_to_fail() throws Exception {
        Path home = TestHub.prepareHome(tmp);
        Design d = banner(home, new Color(0x2E8B57), new Color(0x8E44AD), Color.WHITE, false);

        assertThatThrownBy(() -> run(home, d, "{ onFailure: fail }").close())
                .hasMessageStartingWith("brand check failed: only ")
                .hasMessageContaining("no brand logo at 'logo'");
    }

    private static StepContext run(Path home, Design d, String options) throws Exception {
        String withHome = options.replaceFirst("^\\{", "{ home: '" + home.toAbsolutePath() + "'" + (options.replace(" ", "").equals("{}") ? "" : ","));
        StepContext ctx;
        try (WorkingImage pixels = WorkingImage.fromBufferedImage(d.image())) {
            ctx = StepHarness.context(pixels.mat());
        }
        try {
            if (d.layout() != null) ctx.keep(RenderedLayout.KEY, d.layout());
            StepHarness.apply(ctx, "brandCheck", withHome);
            return ctx;
        } catch (Exception | Error e) {
            ctx.close();
            throw e;
        }
    }

    private static JsonNode report(StepContext ctx) throws Exception {
        ChainResult.Output file = ctx.indexes().stream().filter(f -> f.suffix().equals("-brand-check")).findFirst().orElseThrow();
        assertThat(file.extension()).isEqualTo("json");
        return JSON.readTree(file.bytes());
    }

    private static Rectangle drawText(Graphics2D g, Font font, String text, Color color, int x, int baseline) {
        g.setFont(font);
        g.setColor(color);
        g.drawString(text, x, baseline);
        GlyphVector gv = font.createGlyphVector(g.getFontRenderContext(), text);
        return gv.getPixelBounds(g.getFontRenderContext(), x, baseline);
    }

    private static RenderedLayout.Box box(Rectangle r) {
        return new RenderedLayout.Box(r.x, r.y, r.width, r.height);
    }

    private static Rgba rgba(Color c) {
        return new Rgba(c.getRed(), c.getGreen(), c.getBlue(), 255);
    }
}
