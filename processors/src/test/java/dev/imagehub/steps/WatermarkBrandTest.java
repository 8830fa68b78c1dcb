package dev.imagehub.steps;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.chain.ChainRunner;
import dev.imagehub.image.ImageProbe;
import dev.imagehub.testing.Fixtures;
import dev.imagehub.testing.Images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The watermark step with the brand kit: colour roles, the brand's body font by default, and the light/dark logo chosen by the ground. */
class WatermarkBrandTest {
    @TempDir
    Path tmp;

    @Test
    void should_draw_text_in_the_brand_colour_role_and_follow_a_change_of_brand_yaml() throws Exception {
        // given: a white canvas and text in the brand's primary colour, solid
        WatermarkRun run = new WatermarkRun(tmp);
        byte[] white = png(canvas(800, 400, Color.WHITE, Color.WHITE));
        String step = "- watermark: { text: Brand, color: primary, size: 30, opacity: 100, position: center }";

        // when
        BufferedImage before = run.run(white, step);
        Path brand = run.home().resolve("config/brand.yaml");
        Files.writeString(brand, Files.readString(brand).replace("primary: \"#1F4E79\"", "primary: \"#C0392B\"   # changed to red"));
        BufferedImage after = run.run(white, step);

        // then: the glyphs' solid cores have exactly the configured colour, before and after the change
        assertThat(count(before, 0x1F4E79)).isGreaterThan(2000);
        assertThat(count(before, 0xC0392B)).isZero();
        assertThat(count(after, 0xC0392B)).isGreaterThan(2000);
        assertThat(count(after, 0x1F4E79)).isZero();
    }

    @Test
    void should_name_the_brand_roles_when_a_colour_is_misspelt() {
        WatermarkRun run = new WatermarkRun(tmp);

        assertThatThrownBy(() -> run.catalog("- watermark: { text: hi, color: pimary }"))
                .hasMessageContaining("key 'test.steps[0].watermark.color'")
                .hasMessageContaining("'pimary' is neither a brand colour (primary, secondary, accent, text, background, light)");
        assertThatThrownBy(() -> run.catalog("- watermark: { text: hi, logo: brand }"))
                .hasMessageContaining("key 'test.steps[0].watermark.logo'")
                .hasMessageContaining("give either text or logo, not both");
    }

    @Test
    void should_draw_the_light_logo_on_dark_ground_and_the_dark_logo_on_white() throws Exception {
        // given: left half near-black, right half white; the brand logo (badge at its left end) 30% wide, solid
        WatermarkRun run = new WatermarkRun(tmp);
        byte[] split = png(canvas(1000, 600, new Color(0x101010), Color.WHITE));

        // when
        BufferedImage onDark = run.run(split, "- watermark: { position: topLeft, width: 30, opacity: 100, margin: 0 }");
        BufferedImage onWhite = run.run(split, "- watermark: { logo: brand, position: topRight, width: 30, opacity: 100, margin: 0 }");

        // then: the badge is off-white (light logo) over the dark half and deep blue (dark logo) over the white half
        assertThat(near(onDark.getRGB(6, 34), 0xF7F4EE)).as("badge over dark ground").isTrue();
        assertThat(near(onWhite.getRGB(700 + 6, 34), 0x1F4E79)).as("badge over white ground").isTrue();
    }

    @Test
    void should_choose_the_logo_by_the_ground_of_a_smart_position_on_a_photo() throws Exception {
        // given: the brand-logo template (smart position) on a dark photo and on the same photo made light
        WatermarkRun run = new WatermarkRun(tmp);
        BufferedImage photo = Images.read(Fixtures.bytes("photo-sunset-1800.jpg"));
        BufferedImage dark = tone(photo, 0.15, 0);
        BufferedImage light = tone(photo, 0.15, 215);

        // when
        var onDark = ChainRunner.run(run.catalog("- watermark: { template: brand-logo }").get("test"), "dark.png", png(dark),
                ImageProbe.probe(png(dark)));
        var onLight = ChainRunner.run(run.catalog("- watermark: { template: brand-logo }").get("test"), "light.png", png(light),
                ImageProbe.probe(png(light)));

        // then: the ledger notes say which ground was measured and which file was drawn
        assertThat(details(onDark)).contains("ground under the logo is dark").contains("imagehub-logo-light.png");
        assertThat(details(onLight)).contains("ground under the logo is light").contains("imagehub-logo-dark.png");
    }

    private static String details(dev.imagehub.chain.ChainResult result) {
        return result.usage().stream().filter(u -> u.step().equals("watermark")).map(dev.imagehub.ledger.UsageRecord::details)
                .findFirst().orElseThrow();
    }

    private static BufferedImage tone(BufferedImage src, double contrast, int lift) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < src.getHeight(); y++) {
            for (int x = 0; x < src.getWidth(); x++) {
                int p = src.getRGB(x, y);
                int r = (int) (((p >> 16) & 255) * contrast) + lift;
                int g = (int) (((p >> 8) & 255) * contrast) + lift;
                int b = (int) ((p & 255) * contrast) + lift;
                out.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return out;
    }

    static BufferedImage canvas(int w, int h, Color left, Color right) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(left);
        g.fillRect(0, 0, w / 2, h);
        g.setColor(right);
        g.fillRect(w / 2, 0, w - w / 2, h);
        g.dispose();
        return img;
    }

    static byte[] png(BufferedImage img) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private static int count(BufferedImage img, int rgb) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) if (near(img.getRGB(x, y), rgb)) n++;
        }
        return n;
    }

    private static boolean near(int argb, int rgb) {
        return Math.abs(((argb >> 16) & 255) - ((rgb >> 16) & 255)) <= 2 && Math.abs(((argb >> 8) & 255) - ((rgb >> 8) & 255)) <= 2
                && Math.abs((argb & 255) - (rgb & 255)) <= 2;
    }
}
