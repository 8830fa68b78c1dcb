package dev.imagehub.steps.ai;

import org.junit.jupiter.api.Test;

import dev.imagehub.wavespeed.ModelRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/** The small mappings AI steps make between chain options and model inputs. */
class AiStepMappingTest {
    private static final ModelRegistry REGISTRY = ModelRegistry.load(
            java.nio.file.Path.of(System.getProperty("test.hub.source", "..")).resolve("config"));

    @Test
    void a_factor_becomes_the_smallest_target_resolution_that_reaches_it() {
        assertThat(UpscaleStep.targetFor(600)).isEqualTo("2k");
        assertThat(UpscaleStep.targetFor(2048)).isEqualTo("2k");
        assertThat(UpscaleStep.targetFor(2049)).isEqualTo("4k");
        assertThat(UpscaleStep.targetFor(5000)).isEqualTo("8k");
    }

    @Test
    void csv_fields_are_quoted_only_when_needed() {
        assertThat(CaptionStep.csvRow("a.jpg", "a cat", "m", "0.001", "j")).isEqualTo("a.jpg,a cat,m,0.001,j");
        assertThat(CaptionStep.csvRow("b, c.jpg", "a \"big\" dog", "m", "0", "j")).isEqualTo("\"b, c.jpg\",\"a \"\"big\"\" dog\",m,0,j");
    }

    @Test
    void language_codes_become_words_for_translators_that_want_words() {
        assertThat(Languages.word("es")).isEqualTo("spanish");
        assertThat(Languages.word(" DE ")).isEqualTo("german");
        assertThat(Languages.known("xx")).isFalse();
    }

    @Test
    void compare_outputs_are_named_after_the_model_id_without_its_vendor() {
        assertThat(AiModels.shortName(REGISTRY.require("wavespeed-ai/flux-kontext-pro/multi"))).isEqualTo("flux-kontext-pro-multi");
        assertThat(AiModels.shortName(REGISTRY.require("tripo3d/v2.5/image-to-3d"))).isEqualTo("v2-5-image-to-3d");
    }

    @Test
    void models_are_found_by_id_display_name_or_short_name() {
        assertThat(AiModels.named(REGISTRY, "Image Upscaler", dev.imagehub.wavespeed.ModelTask.UPSCALE).id()).isEqualTo("wavespeed-ai/image-upscaler");
        assertThat(AiModels.named(REGISTRY, "increase-resolution", dev.imagehub.wavespeed.ModelTask.UPSCALE).id()).isEqualTo("bria/increase-resolution");
    }

    @Test
    void contact_sheet_size_follows_the_documented_grid() {
        assertThat(ContactSheet.size(2)).containsExactly(2 * 360 + 3 * 12, 412 + 2 * 12);
        assertThat(ContactSheet.size(5)).containsExactly(3 * 360 + 4 * 12, 2 * 412 + 3 * 12);
    }
}
