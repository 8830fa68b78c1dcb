package dev.imagehub.steps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.imagehub.chain.ChainCatalog;
import dev.imagehub.chain.ChainConfig;
import dev.imagehub.chain.ChainResult;
import dev.imagehub.chain.ChainRunner;
import dev.imagehub.chain.StepCatalog;
import dev.imagehub.config.ConfigNode;
import dev.imagehub.image.ImageProbe;
import dev.imagehub.testing.Fixtures;

import static org.assertj.core.api.Assertions.assertThat;

/** Every preset shipped in config/presets.yaml loads and gives its exact platform size from a real photo. */
class PresetsTest {
    private static final Path CONFIG = Path.of(System.getProperty("test.hub.source", "..")).resolve("config").toAbsolutePath().normalize();
    private static StepCatalog steps;
    private static ChainConfig shipped;

    @TempDir
    Path home;

    @BeforeAll
    static void load() {
        steps = StepCatalog.discover();
        shipped = ChainCatalog.load(CONFIG, "config", steps).config();
    }

    static Stream<String> presets() {
        return ChainCatalog.load(CONFIG, "config", StepCatalog.discover()).config().presetNames().stream();
    }

    @Test
    void should_ship_the_platform_sizes_the_issue_names() {
        Map<String, int[]> expected = Map.ofEntries(
                Map.entry("instagram-square", new int[] {1080, 1080}), Map.entry("instagram-portrait", new int[] {1080, 1350}),
                Map.entry("instagram-story", new int[] {1080, 1920}), Map.entry("facebook-post", new int[] {1200, 630}),
                Map.entry("facebook-cover", new int[] {1640, 624}), Map.entry("linkedin-post", new int[] {1200, 627}),
                Map.entry("linkedin-cover", new int[] {1128, 191}), Map.entry("x-post", new int[] {1600, 900}),
                Map.entry("x-header", new int[] {1500, 500}), Map.entry("youtube-thumbnail", new int[] {1280, 720}),
                Map.entry("pinterest-pin", new int[] {1000, 1500}), Map.entry("blog-hero", new int[] {1200, 600}),
                Map.entry("email-header", new int[] {600, 200}), Map.entry("ecommerce-square", new int[] {800, 800}));
        for (Map.Entry<String, int[]> e : expected.entrySet()) {
            ConfigNode preset = shipped.preset(e.getKey());
            assertThat(preset).as("preset %s", e.getKey()).isNotNull();
            assertThat(List.of(Integer.parseInt(preset.get("width").text()), Integer.parseInt(preset.get("height").text())))
                    .as("preset %s", e.getKey()).containsExactly(e.getValue()[0], e.getValue()[1]);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void should_give_the_exact_preset_size(String name) throws Exception {
        // given the preset (enlarging allowed, so that the 1800x1200 photo reaches every size) and a real photo
        ConfigNode preset = shipped.preset(name);
        int w = Integer.parseInt(preset.get("width").text());
        int h = Integer.parseInt(preset.get("height").text());
        byte[] jpeg = Fixtures.bytes("photo-sunset-1800.jpg");
        Path dir = Files.createDirectories(home.resolve("config"));
        Files.copy(CONFIG.resolve("presets.yaml"), dir.resolve("presets.yaml"));
        Files.writeString(dir.resolve(ChainCatalog.CHAINS_FILE), "test:\n  steps:\n    - resize: { preset: " + name + ", upscale: true }\n");

        // when
        ChainResult result = ChainRunner.run(ChainCatalog.load(dir, "config", steps).get("test"), "sunset.jpg", jpeg, ImageProbe.probe(jpeg));

        // then (fit presets keep the aspect ratio inside their box)
        ChainResult.Output o = result.outputs().get(0);
        if ("fit".equals(preset.get("mode").text())) {
            assertThat(o.width() == w || o.height() == h).as("%dx%d fits %dx%d", o.width(), o.height(), w, h).isTrue();
        } else {
            assertThat(new int[] {o.width(), o.height()}).containsExactly(w, h);
        }
    }

    @Test
    void should_let_users_add_their_own_preset_in_the_same_file() throws IOException {
        // given presets.yaml with one more entry, written the way the file's header says
        Path dir = Files.createDirectories(home.resolve("config"));
        Files.writeString(dir.resolve("presets.yaml"), Files.readString(CONFIG.resolve("presets.yaml"))
                + "# Our shop banner, 4:1\nshop-banner: { mode: fill, width: 2000, height: 500, gravity: smart }\n");
        Files.writeString(dir.resolve(ChainCatalog.CHAINS_FILE), "test:\n  steps:\n    - resize: { preset: shop-banner }\n");

        // when
        ChainCatalog catalog = ChainCatalog.load(dir, "config", steps);

        // then
        assertThat(catalog.config().presetNames()).contains("shop-banner", "instagram-square");
        assertThat(catalog.get("test").steps()).hasSize(1);
    }
}
