package dev.imagehub.chain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.imagehub.config.ConfigException;
import dev.imagehub.steps.CompressStep;
import dev.imagehub.steps.ConvertStep;
import dev.imagehub.steps.ResizeStep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Start-up validation of {@code config/chains.yaml} and {@code config/presets.yaml}: every mistake a user can make stops
 * the hub with the file, line and key to fix and a message that says what is allowed instead.
 */
class ChainCatalogTest {
    private static final String CHAINS = "config/chains.yaml";
    private static final String PRESETS = "config/presets.yaml";
    private static final String DEFAULT_PRESETS = """
            instagram-square: { mode: fill, width: 1080, height: 1080 }
            web-large:        { mode: fit, width: 1600, height: 1600 }
            """;

    private static StepCatalog steps;

    @TempDir
    Path home;

    @BeforeAll
    static void discoverSteps() {
        steps = StepCatalog.discover();
    }

    /** One invalid configuration and where and how the hub must report it. */
    record Case(String name, String chains, String presets, String file, int line, String key, List<String> messageParts) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> invalidConfigurations() {
        return Stream.of(
                new Case("unknown step lists the known steps", """
                        web:
                          steps:
                            - autoOrient
                            - oilPaint: { amount: 2 }
                        """, DEFAULT_PRESETS, CHAINS, 4, "web.steps[1]",
                        List.of("unknown step 'oilPaint'", "known steps: ", "autoOrient, ", ", crop, ", ", resize, ", ", stripMetadata")),
                new Case("unknown step written as a bare name", """
                        web:
                          steps:
                            - autoOrientate
                        """, DEFAULT_PRESETS, CHAINS, 3, "web.steps[0]",
                        List.of("unknown step 'autoOrientate'", "known steps: ", "autoOrient, ")),
                new Case("unknown option lists the known options", """
                        web:
                          steps:
                            - resize: { widht: 800 }
                        """, DEFAULT_PRESETS, CHAINS, 3, "web.steps[0].resize.widht",
                        List.of("unknown option 'widht' for step 'resize'",
                                "known options: mode, width, height, percent, preset, upscale, gravity, background")),
                new Case("bad enum value lists the allowed values", """
                        web:
                          steps:
                            - resize:
                                mode: zoom
                                width: 800
                        """, DEFAULT_PRESETS, CHAINS, 4, "web.steps[0].resize.mode",
                        List.of("option 'mode' of step 'resize'", "'zoom' is not one of fit, fill, stretch, pad")),
                new Case("bad gravity lists camelCase names", """
                        web:
                          steps:
                            - resize: { mode: fill, width: 10, height: 10, gravity: top }
                        """, DEFAULT_PRESETS, CHAINS, 3, "web.steps[0].resize.gravity",
                        List.of("'top' is not one of center, north, south, east, west, northEast, northWest, southEast, southWest")),
                new Case("quality 0 is below the minimum", """
                        web:
                          steps:
                            - compress: { quality: 0 }
                        """, DEFAULT_PRESETS, CHAINS, 3, "web.steps[0].compress.quality",
                        List.of("option 'quality' of step 'compress'", "must be between 1 and 100, was 0")),
                new Case("quality 101 is above the maximum", """
                        web:
                          description: too good
                          steps:
                            - compress:
                                quality: 101
                        """, DEFAULT_PRESETS, CHAINS, 5, "web.steps[0].compress.quality",
                        List.of("must be between 1 and 100, was 101")),
                new Case("width 0 is out of range", """
                        web:
                          steps:
                            - resize: { width: 0 }
                        """, DEFAULT_PRESETS, CHAINS, 3, "web.steps[0].resize.width",
                        List.of("must be between 1 and 65535, was 0")),
                new Case("quality that is not a number", """
                        web:
                          steps:
                            - compress: { quality: high }
                        """, DEFAULT_PRESETS, CHAINS, 3, "web.steps[0].compress.quality",
                        List.of("'high' is not a whole number")),
                new Case("percent that is not a number", """
                        web:
                          steps:
                            - resize: { percent: half }
                        """, DEFAULT_PRESETS, CHAINS, 3, "web.steps[0].resize.percent",
                        List.of("'half' is not a number")),
                new Case("boolean that is not true or false", """
                        web:
                          steps:
                            - compress: { progressive: maybe }
                        """, DEFAULT_PRESETS, CHAINS, 3, "web.steps[0].compress.progressive",
                        List.of("'maybe' is not true or false")),
                new Case("missing preset lists the presets", """
                        web:
                          steps:
                            - resize: { preset: tiktok-video }
                        """, DEFAULT_PRESETS, CHAINS, 3, "web.steps[0].resize.preset",
                        List.of("unknown preset 'tiktok-video'", "instagram-square, web-large")),
                new Case("mistake inside a preset points at presets.yaml", """
                        web:
                          steps:
                            - resize: { preset: broken }
                        """, """
                        good: { width: 100 }
                        broken: { mode: fill, widht: 100, height: 100 }
                        """, PRESETS, 2, "broken.widht",
                        List.of("unknown option 'widht' for step 'resize'")),
                new Case("duplicate option in a flow mapping", """
                        web:
                          steps:
                            - resize: { width: 800, width: 900 }
                        """, DEFAULT_PRESETS, CHAINS, 3, "web.steps[0].resize.width",
                        List.of("set twice")),
                new Case("duplicate option in a block mapping", """
                        web:
                          steps:
                            - resize:
                                width: 800
                                height: 600
                                width: 900
                        """, DEFAULT_PRESETS, CHAINS, 6, "web.steps[0].resize.width",
                        List.of("set twice")),
                new Case("invalid YAML syntax names the line", """
                        web:
                          description: web images
                           steps: [autoOrient]
                        """, DEFAULT_PRESETS, CHAINS, 3, "",
                        List.of("invalid YAML")),
                new Case("unclosed flow mapping names the line", """
                        web:
                          steps:
                            - resize: { width: 800, height: 600

                        thumbs:
                          steps: [autoOrient]
                        """, DEFAULT_PRESETS, CHAINS, 5, "",
                        List.of("invalid YAML")),
                new Case("chain with an empty step list", """
                        web:
                          description: nothing to do
                          steps: []
                        """, DEFAULT_PRESETS, CHAINS, 3, "web.steps",
                        List.of("chain 'web' has an empty step list")),
                new Case("chain without steps (flow style)", """
                        web: { description: nothing to do }
                        """, DEFAULT_PRESETS, CHAINS, 1, "web",
                        List.of("chain 'web' has no 'steps' list")),
                new Case("unknown key in a chain", """
                        web:
                          descripton: typo
                          steps: [autoOrient]
                        """, DEFAULT_PRESETS, CHAINS, 2, "web.descripton",
                        List.of("unknown key 'descripton' in chain 'web'", "known: description, steps")),
                new Case("resize with both percent and width", """
                        web:
                          steps:
                            - resize: { percent: 50, width: 800 }
                        """, DEFAULT_PRESETS, CHAINS, 3, "web.steps[0].resize",
                        List.of("give either percent or width/height, not both")),
                new Case("resize with nothing to size by", """
                        web:
                          steps:
                            - resize: { mode: fit }
                        """, DEFAULT_PRESETS, CHAINS, 3, "web.steps[0].resize",
                        List.of("needs width, height, percent or a preset")),
                new Case("fill with only a width", """
                        web:
                          steps:
                            - resize: { mode: fill, width: 800 }
                        """, DEFAULT_PRESETS, CHAINS, 3, "web.steps[0].resize",
                        List.of("mode fill needs both width and height")),
                new Case("pad with only a height", """
                        web:
                          steps:
                            - resize: { mode: pad, height: 800 }
                        """, DEFAULT_PRESETS, CHAINS, 3, "web.steps[0].resize",
                        List.of("mode pad needs both width and height")),
                new Case("percent above 100 without upscale", """
                        web:
                          steps:
                            - resize: { percent: 150 }
                        """, DEFAULT_PRESETS, CHAINS, 3, "web.steps[0].resize",
                        List.of("percent 150", "enlarges the image", "add upscale: true")),
                new Case("pad with a background that is not a colour", """
                        web:
                          steps:
                            - resize: { mode: pad, width: 100, height: 100, background: sky }
                        """, DEFAULT_PRESETS, CHAINS, 3, "web.steps[0].resize",
                        List.of("option 'background'", "'sky' is not a colour")),
                new Case("compress with nothing set", """
                        web:
                          steps:
                            - compress: {}
                        """, DEFAULT_PRESETS, CHAINS, 3, "web.steps[0].compress",
                        List.of("step 'compress' sets nothing", "quality, maxBytes, progressive")),
                new Case("compress written as a bare name", """
                        web:
                          steps:
                            - autoOrient
                            - compress
                        """, DEFAULT_PRESETS, CHAINS, 4, "web.steps[1]",
                        List.of("step 'compress' sets nothing")),
                new Case("convert without a format", """
                        web:
                          steps:
                            - convert: { background: black }
                        """, DEFAULT_PRESETS, CHAINS, 3, "web.steps[0].convert",
                        List.of("step 'convert' needs option 'format'")),
                new Case("convert to an unknown format", """
                        web:
                          steps:
                            - convert: { format: jpeg2000 }
                        """, DEFAULT_PRESETS, CHAINS, 3, "web.steps[0].convert.format",
                        List.of("'jpeg2000' is not a known format", "jpeg, png, gif, bmp, tiff, webp")),
                new Case("convert to heic, which the hub does not write", """
                        web:
                          steps:
                            - convert: { format: heic }
                        """, DEFAULT_PRESETS, CHAINS, 3, "web.steps[0].convert.format",
                        List.of("'heic' can be read but not written", "webp, avif")),
                new Case("step options that are not a mapping", """
                        web:
                          steps:
                            - resize: 800
                        """, DEFAULT_PRESETS, CHAINS, 3, "web.steps[0].resize",
                        List.of("options of step 'resize' must be a mapping")),
                new Case("chain name with a space", """
                        "my chain": { steps: [autoOrient] }
                        """, DEFAULT_PRESETS, CHAINS, 1, "my chain",
                        List.of("chain names use letters, digits")),
                new Case("file without any chain", """
                        # nothing here yet
                        """, DEFAULT_PRESETS, CHAINS, 1, "",
                        List.of("defines no chain")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidConfigurations")
    void should_reject_invalid_configuration_with_file_line_and_key(Case c) throws IOException {
        // given
        Path config = writeConfig(c.chains(), c.presets());

        // when
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ChainCatalog.load(config, "config", steps));

        // then
        assertThat(e).as("loading must fail").isNotNull();
        assertThat(e.file()).isEqualTo(c.file());
        assertThat(e.line()).as("line of: %s", e.getMessage()).isEqualTo(c.line());
        assertThat(e.key()).as("key of: %s", e.getMessage()).isEqualTo(c.key());
        assertThat(e.getMessage()).startsWith(c.file() + ":" + c.line());
        for (String part : c.messageParts()) assertThat(e.getMessage()).contains(part);
    }

    @Test
    void should_load_a_valid_file_with_steps_in_order() throws IOException {
        // given
        Path config = writeConfig("""
                # comment lines are fine
                web:
                  description: Website images
                  steps:
                    - autoOrient
                    - resize: { mode: fit, width: 1600, height: 1600 }
                    - stripMetadata
                    - convert: { format: jpeg }
                    - compress: { quality: 82, progressive: true }

                thumbnails:
                  steps:
                    - resize:
                        mode: fill
                        width: 400
                        height: 400
                        gravity: north-east
                    - convert:
                        format: PNG
                    - compress: { pngCompression: 9 }
                """, DEFAULT_PRESETS);

        // when
        ChainCatalog catalog = ChainCatalog.load(config, "config", steps);

        // then
        assertThat(catalog.all().keySet()).containsExactly("web", "thumbnails");
        ChainDefinition web = catalog.get("web");
        assertThat(web.description()).isEqualTo("Website images");
        assertThat(web.stepNames()).isEqualTo("autoOrient > resize > stripMetadata > convert > compress");
        assertThat((ResizeStep.Options) web.steps().get(1).options())
                .isEqualTo(new ResizeStep.Options(ResizeStep.Mode.FIT, 1600, 1600, null, null, false, ResizeStep.Gravity.CENTER, "white"));
        assertThat((CompressStep.Options) web.steps().get(4).options()).isEqualTo(new CompressStep.Options(82, true, null));

        ChainDefinition thumbs = catalog.get("thumbnails");
        assertThat(thumbs.description()).isEmpty();
        assertThat(thumbs.stepNames()).isEqualTo("resize > convert > compress");
        ResizeStep.Options resize = (ResizeStep.Options) thumbs.steps().get(0).options();
        assertThat(resize.mode()).isEqualTo(ResizeStep.Mode.FILL);
        assertThat(resize.gravity()).isEqualTo(ResizeStep.Gravity.NORTH_EAST);
        assertThat(((ConvertStep.Options) thumbs.steps().get(1).options()).format()).isEqualTo("PNG");
        assertThat(catalog.get("missing")).isNull();
        assertThat(catalog.config().presetNames()).containsExactly("instagram-square", "web-large");
    }

    @Test
    void should_let_explicit_options_win_over_the_preset() throws IOException {
        // given
        Path config = writeConfig("""
                square:
                  steps:
                    - resize: { preset: instagram-square }
                small-square:
                  steps:
                    - resize: { preset: instagram-square, width: 500, gravity: south }
                """, DEFAULT_PRESETS);

        // when
        ChainCatalog catalog = ChainCatalog.load(config, "config", steps);

        // then
        ResizeStep.Options plain = (ResizeStep.Options) catalog.get("square").steps().get(0).options();
        assertThat(plain.mode()).isEqualTo(ResizeStep.Mode.FILL);
        assertThat(plain.width()).isEqualTo(1080);
        assertThat(plain.height()).isEqualTo(1080);
        ResizeStep.Options overridden = (ResizeStep.Options) catalog.get("small-square").steps().get(0).options();
        assertThat(overridden.mode()).as("from the preset").isEqualTo(ResizeStep.Mode.FILL);
        assertThat(overridden.width()).as("explicit value wins").isEqualTo(500);
        assertThat(overridden.height()).as("from the preset").isEqualTo(1080);
        assertThat(overridden.gravity()).as("explicit value").isEqualTo(ResizeStep.Gravity.SOUTH);
    }

    @Test
    void should_load_without_a_presets_file() throws IOException {
        // given
        Path config = writeConfig("web: { steps: [autoOrient, stripMetadata] }\n", null);

        // when
        ChainCatalog catalog = ChainCatalog.load(config, "config", steps);

        // then
        assertThat(catalog.get("web").stepNames()).isEqualTo("autoOrient > stripMetadata");
        assertThat(catalog.config().presetNames()).isEmpty();
    }

    @Test
    void should_report_a_missing_chains_file() throws IOException {
        // given
        Path config = Files.createDirectories(home.resolve("config"));

        // when
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ChainCatalog.load(config, "config", steps));

        // then
        assertThat(e.file()).isEqualTo(CHAINS);
        assertThat(e.getMessage()).contains("file not found");
    }

    @Test
    void should_load_the_shipped_configuration() {
        // given the config/ folder of this checkout
        Path shipped = Path.of(System.getProperty("test.hub.source", "..")).resolve("config");

        // when
        ChainCatalog catalog = ChainCatalog.load(shipped, "config", steps);

        // then
        assertThat(catalog.all()).isNotEmpty();
        catalog.all().values().forEach(chain -> assertThat(chain.steps()).isNotEmpty());
    }

    // ---- locations of block-style values -------------------------------------------------------------------------

    @Test
    void should_point_at_the_duplicated_key_when_its_value_is_a_block() throws IOException {
        // given
        Path config = writeConfig("""
                web:
                  steps:
                    - autoOrient
                  steps:
                    - stripMetadata
                """, DEFAULT_PRESETS);

        // when
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ChainCatalog.load(config, "config", steps));

        // then
        assertThat(e.key()).isEqualTo("web.steps");
        assertThat(e.getMessage()).contains("set twice");
        assertThat(e.line()).isEqualTo(4);
    }

    @Test
    void should_point_at_the_chain_name_when_a_block_chain_has_no_steps() throws IOException {
        // given
        Path config = writeConfig("""
                web:
                  description: nothing to do
                """, DEFAULT_PRESETS);

        // when
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ChainCatalog.load(config, "config", steps));

        // then
        assertThat(e.key()).isEqualTo("web");
        assertThat(e.getMessage()).contains("has no 'steps' list");
        assertThat(e.line()).isEqualTo(1);
    }

    private Path writeConfig(String chains, String presets) throws IOException {
        Path dir = Files.createDirectories(home.resolve("config"));
        Files.writeString(dir.resolve(ChainCatalog.CHAINS_FILE), chains);
        if (presets != null) Files.writeString(dir.resolve(ChainCatalog.PRESETS_FILE), presets);
        return dir;
    }
}
