package dev.imagehub.steps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.imagehub.chain.ChainCatalog;
import dev.imagehub.chain.StepCatalog;
import dev.imagehub.config.ByteSize;
import dev.imagehub.config.ConfigException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Start-up checks of the compress and convert options: budgets, quality floor, palette, format: auto. */
class CompressionOptionsTest {
    private static StepCatalog steps;

    @TempDir
    Path home;

    @BeforeAll
    static void discoverSteps() {
        steps = StepCatalog.discover();
    }

    private ChainCatalog load(String chains) throws IOException {
        Path dir = Files.createDirectories(home.resolve("config"));
        Files.writeString(dir.resolve(ChainCatalog.CHAINS_FILE), chains);
        return ChainCatalog.load(dir, "config", steps);
    }

    @Test
    void should_bind_a_budget_a_floor_a_palette_and_auto_candidates_written_as_a_flow_or_block_list() throws IOException {
        ChainCatalog catalog = load("""
                blog:
                  steps:
                    - convert: { format: auto, formats: [webp, jpeg] }
                    - compress: { maxBytes: 500KB, minQuality: 50, downscale: true, quality: 90 }
                logo:
                  steps:
                    - convert:
                        format: auto
                        formats:
                          - png
                          - webp
                    - compress: { palette: 32, dither: false }
                """);

        ConvertStep.Options auto = (ConvertStep.Options) catalog.get("blog").steps().get(0).options();
        assertThat(auto.format()).isEqualTo("auto");
        assertThat(auto.formats()).containsExactly("webp", "jpeg");
        CompressStep.Options budget = (CompressStep.Options) catalog.get("blog").steps().get(1).options();
        assertThat(budget.maxBytes()).isEqualTo(new ByteSize(500_000));
        assertThat(budget.minQuality()).isEqualTo(50);
        assertThat(budget.downscale()).isTrue();
        assertThat(((ConvertStep.Options) catalog.get("logo").steps().get(0).options()).formats()).containsExactly("png", "webp");
        CompressStep.Options palette = (CompressStep.Options) catalog.get("logo").steps().get(1).options();
        assertThat(palette.palette()).isEqualTo(32);
        assertThat(palette.dither()).isFalse();
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of("- compress: { maxBytes: lots }", "web.steps[0].compress.maxBytes",
                        List.of("option 'maxBytes' of step 'compress'", "'lots' is not a size (write e.g. 200KB")),
                Arguments.of("- compress: { maxBytes: 200KB, quality: 60, minQuality: 70 }", "web.steps[0].compress.minQuality",
                        List.of("minQuality 70 is above quality 60")),
                Arguments.of("- compress: { quality: 80, downscale: true }", "web.steps[0].compress",
                        List.of("minQuality and downscale only apply with maxBytes")),
                Arguments.of("- compress: { maxBytes: 0 }", "web.steps[0].compress.maxBytes",
                        List.of("maxBytes must be at least 1 byte")),
                Arguments.of("- compress: { palette: 300 }", "web.steps[0].compress.palette",
                        List.of("option 'palette' of step 'compress'", "must be between 2 and 256, was 300")),
                Arguments.of("- compress: { quality: 80, dither: true }", "web.steps[0].compress.dither",
                        List.of("dither applies to palette PNGs; add palette")),
                Arguments.of("- convert: { format: auto }", "web.steps[0].convert.format",
                        List.of("format auto needs option 'formats'")),
                Arguments.of("- convert: { format: jpeg, formats: [webp, jpeg] }", "web.steps[0].convert.formats",
                        List.of("'formats' lists candidates for format: auto")),
                Arguments.of("- convert: { format: auto, formats: [webp, heic] }", "web.steps[0].convert.formats",
                        List.of("'heic' can be read but not written")),
                Arguments.of("- convert: { format: auto, formats: [webp, webp] }", "web.steps[0].convert.formats",
                        List.of("names a format twice")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void should_refuse_to_start_with_the_line_key_and_what_to_do(String step, String key, List<String> parts) throws IOException {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load("web:\n  steps:\n    " + step + "\n"));

        assertThat(e).as("start-up must fail").isNotNull();
        assertThat(e.file()).isEqualTo("config/chains.yaml");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.key()).isEqualTo(key);
        for (String part : parts) assertThat(e.getMessage()).contains(part);
    }
}
