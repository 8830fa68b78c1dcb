package dev.imagehub.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.imagehub.chain.ChainResult;
import dev.imagehub.chain.ChainRunner;
import dev.imagehub.chain.StepFailure;
import dev.imagehub.image.ImageProbe;
import dev.imagehub.layout.LayoutCatalog;
import dev.imagehub.testing.Fixtures;

/**
 * The two halves of issue 7 together: every shipped layout, rendered by the real template step in the shipped brand,
 * passes the brand check (colours, logo where the layout put it, WCAG contrast of every text); the same layout on an
 * off-brand ground fails it, naming the colour.
 */
class TemplateBrandCheckTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"announcement-banner", "blog-header", "email-header", "instagram-post", "instagram-story",
            "product-showcase", "quote-card"})
    void every_shipped_layout_in_the_shipped_brand_passes_the_brand_check(String layout) throws Exception {
        WatermarkRun run = new WatermarkRun(dir);
        Map<String, String> sample = LayoutCatalog.load(run.home()).sample(layout);
        byte[] photo = Fixtures.bytes("photo-sunset-1800.jpg");
        var chain = run.catalog("- template: " + layout, "- brandCheck: { onFailure: fail }").get("test");
        ChainResult r = ChainRunner.run(chain, "photo.jpg", photo, ImageProbe.probe(photo), Map.copyOf(sample));
        JsonNode report = report(r);
        assertThat(report.path("passed").asBoolean()).as(layout + ": " + report).isTrue();
        // the layout was really checked: its logo found where it was drawn, every text measured
        assertThat(report.path("logo")).isNotEmpty().allSatisfy(l -> assertThat(l.path("passed").asBoolean()).isTrue());
        assertThat(report.path("contrast")).isNotEmpty();
    }

    @Test
    void an_off_brand_ground_fails_the_colour_check_and_names_the_colour() throws Exception {
        WatermarkRun run = new WatermarkRun(dir);
        byte[] photo = Fixtures.bytes("photo-sunset-1800.jpg");
        var chain = run.catalog("- template: { name: quote-card, background: \"#22cc22\" }", "- brandCheck: { onFailure: fail }").get("test");
        assertThatThrownBy(() -> ChainRunner.run(chain, "photo.jpg", photo, ImageProbe.probe(photo), Map.of("quote", "Stay curious.")))
                .isInstanceOf(StepFailure.class)
                .hasMessageContaining("brand colours").hasMessageContaining("off-palette: #");
    }

    private static JsonNode report(ChainResult r) throws Exception {
        ChainResult.Output json = r.outputs().stream().filter(o -> "json".equals(o.extension())).findFirst().orElseThrow();
        return new ObjectMapper().readTree(new String(json.bytes(), StandardCharsets.UTF_8));
    }
}
