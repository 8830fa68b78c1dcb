package dev.imagehub.steps;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.chain.ChainCatalog;
import dev.imagehub.chain.ChainDefinition;
import dev.imagehub.chain.ChainRunner;
import dev.imagehub.chain.StepFailure;
import dev.imagehub.config.ConfigException;
import dev.imagehub.image.ImageProbe;
import dev.imagehub.testing.Fixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Watermark options that cannot work stop the hub at start-up with file, line and key; a font or logo that disappears
 * later fails the file with a reason naming the step and what to do.
 */
class WatermarkConfigTest {
    private static final byte[] PHOTO = Fixtures.bytes("photo-camera-exif-1200.jpg");

    @TempDir
    Path tmp;

    @Test
    void should_refuse_to_start_when_a_logo_or_font_file_is_missing_naming_file_line_and_key() {
        WatermarkRun run = new WatermarkRun(tmp);

        assertThatThrownBy(() -> run.catalog("- resize: { width: 800 }", "- watermark: { logo: templates/logos/missing.png }"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config/chains.yaml:4: key 'test.steps[1].watermark.logo': option 'logo' of step 'watermark': the logo file ")
                .hasMessageContaining("templates/logos/missing.png does not exist");

        assertThatThrownBy(() -> run.catalog("- watermark: { text: hello, font: templates/fonts/Missing.ttf }"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config/chains.yaml:3: key 'test.steps[0].watermark.font': option 'font' of step 'watermark': the font file ")
                .hasMessageContaining("templates/fonts/Missing.ttf does not exist");

        assertThatThrownBy(() -> run.catalog("- watermark: { text: hello, font: No Such Family }"))
                .hasMessageStartingWith("config/chains.yaml:3: key 'test.steps[0].watermark.font'")
                .hasMessageContaining("'No Such Family' is neither a brand font (heading, body, quote, serif) nor an installed font family");
    }

    @Test
    void should_refuse_files_that_are_not_a_font_or_an_image() throws Exception {
        WatermarkRun run = new WatermarkRun(tmp);
        Files.writeString(run.home().resolve("templates/logos/notes.png"), "not a picture");
        Files.writeString(run.home().resolve("templates/fonts/Broken.ttf"), "not a font");

        assertThatThrownBy(() -> run.catalog("- watermark: { logo: templates/logos/notes.png }"))
                .hasMessageStartingWith("config/chains.yaml:3: key 'test.steps[0].watermark.logo'")
                .hasMessageContaining("is not an image that can be read (use a PNG)");
        assertThatThrownBy(() -> run.catalog("- watermark: { text: hello, font: templates/fonts/Broken.ttf }"))
                .hasMessageStartingWith("config/chains.yaml:3: key 'test.steps[0].watermark.font'")
                .hasMessageContaining("is not a TrueType or OpenType font");
    }

    @Test
    void should_point_at_the_template_line_when_a_template_names_a_missing_logo() throws Exception {
        WatermarkRun run = new WatermarkRun(tmp);
        Path library = run.home().resolve("config/watermarks.yaml");
        String text = Files.readString(library).replace("templates/logos/imagehub-logo.png", "templates/logos/old-brand.png");
        Files.writeString(library, text);
        int line = lineOf(text, "old-brand.png");

        assertThatThrownBy(() -> run.catalog("- watermark: { template: brand-corner }"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config/watermarks.yaml:" + line + ": key 'brand-corner.logo': option 'logo' of step 'watermark'")
                .hasMessageContaining("old-brand.png does not exist");
    }

    @Test
    void should_refuse_impossible_option_combinations_and_values_at_start_up() {
        WatermarkRun run = new WatermarkRun(tmp);

        assertThatThrownBy(() -> run.catalog("- watermark: { template: brand-cornr }"))
                .hasMessageContaining("key 'test.steps[0].watermark.template'")
                .hasMessageContaining("unknown template 'brand-cornr' (templates in config/watermarks.yaml: copyright, proof, brand-corner, brand-logo)");
        assertThatThrownBy(() -> run.catalog("- watermark: { text: hi, logo: templates/logos/imagehub-logo.png }"))
                .hasMessageContaining("give either text or logo, not both");
        assertThatThrownBy(() -> run.catalog("- watermark: { template: proof, position: topLeft }"))
                .hasMessageContaining("a tiled watermark covers the whole image, so option 'position' does not apply");
        assertThatThrownBy(() -> run.catalog("- watermark: { text: hi, margin: 3 percent }"))
                .hasMessageContaining("key 'test.steps[0].watermark.margin'")
                .hasMessageContaining("'3 percent' is not a length");
        assertThatThrownBy(() -> run.catalog("- watermark: { text: hi, color: blurple }"))
                .hasMessageContaining("key 'test.steps[0].watermark.color'")
                .hasMessageContaining("'blurple' is neither a brand colour");
        assertThatThrownBy(() -> run.catalog("- watermark: { text: hi, opacity: 150 }"))
                .hasMessageContaining("must be between 0 and 100, was 150");
        assertThatThrownBy(() -> run.catalog("- watermark: { text: hi, position: middle }"))
                .hasMessageContaining("'middle' is not one of topLeft, topCenter, topRight, centerLeft, center, centerRight, bottomLeft, bottomCenter, bottomRight, smart");
        assertThatThrownBy(() -> run.catalog("- watermark: { logo: templates/logos/imagehub-logo.png, size: 5 }"))
                .hasMessageContaining("size a logo with option 'width'");
    }

    @Test
    void should_refuse_text_the_font_cannot_draw() {
        WatermarkRun run = new WatermarkRun(tmp);

        assertThatThrownBy(() -> run.catalog("- watermark: { text: '© 日本の写真' }"))
                .hasMessageStartingWith("config/chains.yaml:3: key 'test.steps[0].watermark.text'")
                .hasMessageContaining("the font DejaVu Sans has no glyph for '日' (U+65E5)");
    }

    @Test
    void should_let_chain_options_override_a_template() throws Exception {
        WatermarkRun run = new WatermarkRun(tmp);

        ChainDefinition chain = run.catalog("- watermark: { template: copyright, opacity: 80, text: '© Studio Nord' }").get("test");

        WatermarkStep.Options o = (WatermarkStep.Options) chain.steps().get(0).options();
        assertThat(o.text()).isEqualTo("© Studio Nord");
        assertThat(o.opacity()).isEqualTo(80.0);
        assertThat(o.size()).isEqualTo(3.0);                       // from the template
        assertThat(o.effect()).isEqualTo(dev.imagehub.watermark.WatermarkText.Effect.SHADOW);
        assertThat(Path.of(o.font())).isAbsolute().endsWith(Path.of("templates/fonts/DejaVuSans.ttf"));

        // text given to a logo template replaces the logo (and its logo-only width)
        WatermarkStep.Options swapped = (WatermarkStep.Options) run.catalog("- watermark: { template: brand-corner, text: '© Nord' }")
                .get("test").steps().get(0).options();
        assertThat(swapped.logo()).isNull();
        assertThat(swapped.width()).isNull();
        assertThat(swapped.text()).isEqualTo("© Nord");
        assertThat(swapped.position()).isEqualTo(dev.imagehub.watermark.WatermarkPosition.SMART);
    }

    @Test
    void should_fail_the_file_naming_the_step_when_the_logo_or_font_disappears_after_start_up() throws Exception {
        WatermarkRun run = new WatermarkRun(tmp);
        Path logo = run.home().resolve("templates/logos/imagehub-logo.png");
        ChainCatalog catalog = run.catalog("- watermark: { template: brand-corner }");
        Files.delete(logo);

        assertThatThrownBy(() -> ChainRunner.run(catalog.get("test"), "photo.jpg", PHOTO, ImageProbe.probe(PHOTO)))
                .isInstanceOf(StepFailure.class)
                .satisfies(e -> assertThat(((StepFailure) e).step()).isEqualTo("watermark"))
                .hasMessageContaining("the logo file " + logo.toAbsolutePath().normalize() + " does not exist; put the logo back or change option 'logo'");

        Path font = run.home().resolve("templates/fonts/DejaVuSans-Bold.ttf");
        ChainCatalog proof = run.catalog("- watermark: { template: proof }");
        Files.delete(font);
        assertThatThrownBy(() -> ChainRunner.run(proof.get("test"), "photo.jpg", PHOTO, ImageProbe.probe(PHOTO)))
                .isInstanceOf(StepFailure.class)
                .hasMessageContaining("watermark: the font file " + font.toAbsolutePath().normalize() + " does not exist; put the font back or change option 'font'");
    }

    @Test
    void should_fail_at_run_time_when_offsets_push_the_watermark_off_the_image() {
        WatermarkRun run = new WatermarkRun(tmp);
        ChainCatalog catalog = run.catalog("- watermark: { text: hello, offsetX: 100% }");

        assertThatThrownBy(() -> ChainRunner.run(catalog.get("test"), "photo.jpg", PHOTO, ImageProbe.probe(PHOTO)))
                .isInstanceOf(StepFailure.class)
                .hasMessageContaining("move the watermark entirely outside the 1200x797 image; use smaller offsets");
    }

    private static int lineOf(String text, String needle) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) if (lines[i].contains(needle)) return i + 1;
        throw new AssertionError(needle + " not found");
    }
}
