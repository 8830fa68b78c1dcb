package dev.imagehub.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.chain.ChainResult;
import dev.imagehub.chain.ChainRunner;
import dev.imagehub.config.ConfigException;
import dev.imagehub.image.ImageProbe;
import dev.imagehub.layout.LayoutCatalog;
import dev.imagehub.testing.Fixtures;
import dev.imagehub.testing.Images;
import dev.imagehub.testing.TestHub;

/** The template step in chains: shorthand, values from sidecar over chain over defaults, sizes, orientation, and a real hot folder. */
class TemplateStepIT {
    @TempDir
    Path dir;

    @Test
    void sidecar_values_win_over_the_chains_and_nested_values_over_top_level_keys() {
        var layout = LayoutCatalog.load(TestHub.prepareHome(dir)).get("blog-header");
        Map<String, String> v = TemplateStep.values(layout, Map.of("title", "chain title", "subtitle", "chain subtitle"),
                Map.of("title", "sidecar title", "values", Map.of("subtitle", "nested subtitle"), "prompt", "not a slot", "focus", List.of(0.5, 0.5)));
        assertThat(v).containsEntry("title", "sidecar title").containsEntry("subtitle", "nested subtitle").doesNotContainKeys("prompt", "focus");
        assertThat(TemplateStep.values(layout, Map.of("title", "chain title"), Map.of())).containsExactly(Map.entry("title", "chain title"));
        assertThat(TemplateStep.values(layout, Map.of(), Map.of("title", 2026))).containsEntry("title", "2026");
        assertThatThrownBy(() -> TemplateStep.values(layout, Map.of(), Map.of("values", Map.of("headline", "x"))))
                .hasMessageContaining("no").hasMessageContaining("'headline'").hasMessageContaining("title, subtitle");
    }

    @Test
    void composes_the_oriented_photo_into_the_layout_with_sidecar_texts() throws Exception {
        WatermarkRun run = new WatermarkRun(dir);
        byte[] photo = Fixtures.bytes("orient6-picos-800.jpg");
        var chain = run.catalog("- template: product-showcase").get("test");
        ChainResult r = ChainRunner.run(chain, "picos.jpg", photo, ImageProbe.probe(photo), Map.of("name", "Picos de Europa", "price", "€19"));
        BufferedImage out = Images.read(r.outputs().get(0).bytes());
        assertThat(out.getWidth()).isEqualTo(1080);
        assertThat(out.getHeight()).isEqualTo(1350);
        // the photo displays 800x600 (EXIF orientation 6 on a 600x800 file): fitted into its box it is landscape
        int[] bounds = nonGround(out, 90, 130, 900, 760, 0xF7F4EE);
        assertThat(bounds[2]).as("photo width").isGreaterThan(880);
        assertThat(bounds[3]).as("photo height").isBetween(640, 700);
    }

    @Test
    void a_large_photo_is_decoded_only_as_large_as_its_slot_needs() throws Exception {
        WatermarkRun run = new WatermarkRun(dir);
        byte[] photo = Images.syntheticJpeg(4000, 3000, 7, 90);
        // blog-header covers 1200x630 with the photo: a 4000x3000 source needs 1200x900, so half scale (2000x1500) suffices
        ChainResult header = ChainRunner.run(run.catalog("- template: { name: blog-header, values: { title: Big } }").get("test"),
                "big.jpg", photo, ImageProbe.probe(photo));
        assertThat(header.usage().stream().filter(u -> u.step().equals("decode")).findFirst().orElseThrow().details())
                .contains("decoded at 1/2 scale");
        assertThat(Images.read(header.outputs().get(0).bytes()).getWidth()).isEqualTo(1200);
        // a quote card does not show the picture at all: the smallest decode
        ChainResult card = ChainRunner.run(run.catalog("- template: quote-card").get("test"), "big.jpg", photo, ImageProbe.probe(photo),
                Map.of("quote", "Small is beautiful."));
        assertThat(card.usage().stream().filter(u -> u.step().equals("decode")).findFirst().orElseThrow().details())
                .contains("decoded at 1/8 scale");
    }

    @Test
    void picture_values_from_a_sidecar_never_reach_outside_the_hub_home() throws Exception {
        WatermarkRun run = new WatermarkRun(dir);
        byte[] photo = Fixtures.bytes("photo-sunset-1800.jpg");
        var chain = run.catalog("- template: blog-header").get("test");
        for (String slot : List.of("logo", "photo")) {
            for (String evil : List.of("../../../../etc/passwd", "/etc/hostname")) {
                assertThatThrownBy(() -> ChainRunner.run(chain, "p.jpg", photo, ImageProbe.probe(photo), Map.of("title", "t", slot, evil)))
                        .as(slot + " = " + evil).hasMessageContaining("slot '" + slot + "'").hasMessageContaining("lies outside");
            }
        }
    }

    @Test
    void size_takes_a_preset_or_wxh() throws Exception {
        WatermarkRun run = new WatermarkRun(dir);
        byte[] photo = Fixtures.bytes("photo-sunset-1800.jpg");
        var story = run.catalog("- template: { name: blog-header, size: instagram-story, values: { title: Sunset } }").get("test");
        ChainResult a = ChainRunner.run(story, "s.jpg", photo, ImageProbe.probe(photo));
        assertThat(Images.read(a.outputs().get(0).bytes()).getHeight()).isEqualTo(1920);
        var small = run.catalog("- template: { name: blog-header, size: 600x315, values: { title: Sunset } }").get("test");
        BufferedImage b = Images.read(ChainRunner.run(small, "s.jpg", photo, ImageProbe.probe(photo)).outputs().get(0).bytes());
        assertThat(b.getWidth()).isEqualTo(600);
        assertThat(b.getHeight()).isEqualTo(315);
    }

    @Test
    void the_background_option_puts_the_blurred_photo_behind_a_quote_card() throws Exception {
        WatermarkRun run = new WatermarkRun(dir);
        byte[] photo = Fixtures.bytes("photo-sunset-1800.jpg");
        Map<String, Object> quote = Map.of("quote", "Stay curious.");
        var plain = run.catalog("- template: quote-card").get("test");
        BufferedImage brand = Images.read(ChainRunner.run(plain, "q.jpg", photo, ImageProbe.probe(photo), quote).outputs().get(0).bytes());
        var blurred = run.catalog("- template: { name: quote-card, background: blur }").get("test");
        BufferedImage photoGround = Images.read(ChainRunner.run(blurred, "q.jpg", photo, ImageProbe.probe(photo), quote).outputs().get(0).bytes());
        // the top-left corner (where the layout's shadow gradient starts clear): the primary colour, or the blurred sunset
        assertThat(brand.getRGB(5, 5) & 0xFFFFFF).isEqualTo(0x1F4E79);
        assertThat(photoGround.getRGB(5, 5) & 0xFFFFFF).isNotEqualTo(0x1F4E79);
        assertThat(photoGround.getRGB(5, 5)).as("a picture, not a flat colour").isNotEqualTo(photoGround.getRGB(5, 1070));
        var green = run.catalog("- template: { name: quote-card, background: \"#0B6E4F\" }").get("test");
        BufferedImage g = Images.read(ChainRunner.run(green, "q.jpg", photo, ImageProbe.probe(photo), quote).outputs().get(0).bytes());
        assertThat(g.getRGB(5, 5) & 0xFFFFFF).isEqualTo(0x0B6E4F);
        assertThatThrownBy(() -> run.catalog("- template: { name: quote-card, background: blurple }")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("option 'background' is blur or a colour");
    }

    @Test
    void the_composition_is_a_new_srgb_picture_without_the_sources_exif_and_profile() throws Exception {
        WatermarkRun run = new WatermarkRun(dir);
        byte[] photo = Fixtures.bytes("photo-iphone-p3-1000.jpg");
        var control = run.catalogEncoding("jpeg", "quality: 90", "- resize: { width: 500 }").get("test");
        byte[] kept = ChainRunner.run(control, "p3.jpg", photo, ImageProbe.probe(photo)).outputs().get(0).bytes();
        assertThat(contains(kept, "Exif\0\0")).as("a plain resize keeps the EXIF").isTrue();
        var composed = run.catalogEncoding("jpeg", "quality: 90", "- template: { name: blog-header, values: { title: iPhone } }").get("test");
        byte[] out = ChainRunner.run(composed, "p3.jpg", photo, ImageProbe.probe(photo)).outputs().get(0).bytes();
        assertThat(contains(out, "Exif\0\0")).as("EXIF of the source").isFalse();
        assertThat(contains(out, "ICC_PROFILE")).as("Display P3 profile of the source").isFalse();
        assertThat(Images.read(out).getWidth()).isEqualTo(1200);
    }

    static boolean contains(byte[] bytes, String ascii) {
        byte[] needle = ascii.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        outer:
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            for (int j = 0; j < needle.length; j++) if (bytes[i + j] != needle[j]) continue outer;
            return true;
        }
        return false;
    }

    @Test
    void chain_mistakes_are_named_at_start_up() {
        WatermarkRun run = new WatermarkRun(dir);
        assertThatThrownBy(() -> run.catalog("- template: no-such-layout")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("no layout 'no-such-layout'").hasMessageContaining("quote-card");
        assertThatThrownBy(() -> run.catalog("- template: { name: blog-header, values: { headline: x } }")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("no slot 'headline'").hasMessageContaining("title");
        assertThatThrownBy(() -> run.catalog("- template: { name: blog-header, size: huge }")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("instagram-story");
        assertThatThrownBy(() -> run.catalog("- template: { size: 100x100 }")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("needs the layout's name");
    }

    @Test
    void a_missing_required_text_fails_the_file_with_the_slot_and_the_ways_to_give_it() {
        WatermarkRun run = new WatermarkRun(dir);
        byte[] photo = Fixtures.bytes("portrait-astronaut-512.jpg");
        // a title or headline falls back to the photo's own title and its file name; a quote has nowhere to come from
        var chain = run.catalog("- template: quote-card").get("test");
        assertThatThrownBy(() -> ChainRunner.run(chain, "astro.jpg", photo, ImageProbe.probe(photo)))
                .hasMessageContaining("'quote'").hasMessageContaining("sidecar JSON").hasMessageContaining("values");
    }

    @Test
    void a_photo_and_its_sidecar_dropped_in_the_blog_header_folder_become_a_header() throws Exception {
        TestHub.prepareHome(dir);
        try (TestHub hub = TestHub.start(dir)) {
            Files.createDirectories(hub.inbox("blog-header"));
            Files.writeString(hub.inbox("blog-header").resolve("sunset.jpg.json"), "{\"title\": \"Where the sun goes down\", \"subtitle\": \"Notes from the ridge\"}");
            hub.drop("blog-header", "sunset.jpg", Fixtures.bytes("photo-sunset-1800.jpg"));
            hub.awaitFiles(hub.outbox("blog-header"), 1);
            assertThat(TestHub.names(hub.outbox("blog-header"))).containsExactly("sunset.jpg");
            BufferedImage out = Images.read(hub.outbox("blog-header").resolve("sunset.jpg"));
            assertThat(out.getWidth()).isEqualTo(1200);
            assertThat(out.getHeight()).isEqualTo(630);
        }
    }

    // the bounding box {x, y, w, h} of the pixels in the region that differ from the ground colour
    static int[] nonGround(BufferedImage img, int x0, int y0, int w, int h, int ground) {
        int minX = Integer.MAX_VALUE, minY = Integer.MAX_VALUE, maxX = -1, maxY = -1;
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                int v = img.getRGB(x, y) & 0xFFFFFF;
                int d = Math.abs(((v >> 16) & 0xFF) - ((ground >> 16) & 0xFF)) + Math.abs(((v >> 8) & 0xFF) - ((ground >> 8) & 0xFF))
                        + Math.abs((v & 0xFF) - (ground & 0xFF));
                if (d > 24) {
                    minX = Math.min(minX, x);
                    minY = Math.min(minY, y);
                    maxX = Math.max(maxX, x);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        return new int[] {minX, minY, maxX - minX + 1, maxY - minY + 1};
    }
}
