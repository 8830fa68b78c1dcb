package dev.imagehub.steps.ai;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.imagehub.chain.ChainCatalog;
import dev.imagehub.chain.ChainDefinition;
import dev.imagehub.chain.StepCatalog;
import dev.imagehub.config.ConfigException;
import dev.imagehub.testing.TestHub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * AI steps are checked at start-up against config/models.yaml: a model that does not exist, does another task, cannot
 * get an input it requires or does not know a language stops the hub with file, line and key. No network involved.
 */
class AiStepConfigTest {
    private static StepCatalog steps;

    @TempDir
    Path home;

    @BeforeAll
    static void discover() {
        steps = StepCatalog.discover();
    }

    @Test
    void every_ai_step_is_found_by_the_step_scan() {
        assertThat(steps.names()).contains("edit", "upscale", "faceSwap", "headSwap", "multiFaceSwap", "expand", "background",
                "erase", "removeText", "translate", "caption", "to3d", "generate", "video");
    }

    @Test
    void the_shipped_ai_chains_are_valid() {
        ChainCatalog catalog = ChainCatalog.load(TestHub.prepareHome(home).resolve("config"), "config", steps);
        assertThat(catalog.all()).containsKeys("upscale", "caption", "background", "translate", "to3d", "generate");
        assertThat(catalog.get("generate").takesText()).isTrue();
        assertThat(catalog.get("upscale").takesText()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown model          | - upscale: { model: wavespeed-ai/no-such-model }                  | 3 | x.steps[0].upscale.model | unknown model 'wavespeed-ai/no-such-model'; upscale models in config/models.yaml: wavespeed-ai/image-upscaler
            model of another task  | - upscale: { model: wavespeed-ai/image-captioner }                | 3 | x.steps[0].upscale.model | model 'wavespeed-ai/image-captioner' does caption, not upscale
            missing required input | - edit: { model: wavespeed-ai/qwen-image/edit }                   | 3 | x.steps[0].edit.model    | requires the input 'prompt'
            mask model needed      | - edit: { model: wavespeed-ai/step1x-edit, prompt: p, mask: m.png } | 3 | x.steps[0].edit.model  | model 'wavespeed-ai/step1x-edit' takes no mask
            language unknown       | - translate: { languages: [es, xx], mode: budget }                | 3 | x.steps[0].translate     | translates into [en, zh, ja, ko, fr, de, es, ru, ar], not 'xx'
            input not declared     | - upscale: { inputs: { strength: 3 } }                            | 3 | x.steps[0].upscale.inputs.strength | has no input 'strength'
            input out of range     | - upscale: { model: wavespeed-ai/image-upscaler, inputs: { creativity: 9 } } | 3 | x.steps[0].upscale.inputs.creativity | 9 is outside -2..2
            compare of one model   | - upscale: { compare: [wavespeed-ai/image-upscaler] }              | 3 | x.steps[0].upscale.compare | compare needs at least two different models
            compare on captions    | - caption: { compare: [a, b] }                                     | 3 | x.steps[0].caption.compare | unknown option 'compare' for step 'caption'
            bad mode               | - upscale: { mode: cheapest }                                      | 3 | x.steps[0].upscale.mode  | 'cheapest' is not one of budget, balanced, quality
            sketch without prompt  | - to3d: { kind: sketch }                                           | 3 | x.steps[0].to3d          | needs prompt
            generate not first     | - autoOrient\\n    - generate                                      | 4 | x.steps[1]               | must be the first step of chain 'x'
            """)
    void a_wrong_ai_step_stops_the_start_with_file_line_and_key(String what, String step, int line, String key, String message) throws Exception {
        Path config = TestHub.prepareHome(home).resolve("config");
        Files.writeString(config.resolve("chains.yaml"), "x:\n  steps:\n    " + step.replace("\\n", "\n") + "\n");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ChainCatalog.load(config, "config", steps));
        assertThat(e).as(what).isNotNull();
        assertThat(e.file()).isEqualTo("config/chains.yaml");
        assertThat(e.getMessage()).contains("config/chains.yaml:" + line + ":").contains(message);
        assertThat(e.key()).isEqualTo(key);
    }

    @Test
    void a_mode_choice_resolves_and_a_model_is_found_by_its_display_name() throws Exception {
        Path config = TestHub.prepareHome(home).resolve("config");
        Files.writeString(config.resolve("chains.yaml"), """
                a:
                  steps:
                    - upscale: { model: Bria Increase Resolution, factor: 4 }
                    - to3d: { kind: multiview, grace: 30 }
                """);
        ChainDefinition chain = ChainCatalog.load(config, "config", steps).get("a");
        assertThat(chain.companions()).isNotNull();
        assertThat(chain.companions().lead()).isEqualTo("_front");
        assertThat(chain.companions().members()).containsExactly("_back", "_left", "_right");
        assertThat(chain.companions().graceSeconds()).isEqualTo(30);
    }
}
