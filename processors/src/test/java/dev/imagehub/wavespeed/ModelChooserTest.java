package dev.imagehub.wavespeed;

import org.junit.jupiter.api.Test;

import dev.imagehub.wavespeed.ModelChooser.Mode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** mode: budget | balanced | quality picks a model of the task from the registry and says why, for the ledger. */
class ModelChooserTest {
    private final ModelChooser chooser = new ModelChooser(RegistryFiles.shipped());

    @Test
    void should_pick_the_cheapest_in_budget_mode_first_written_on_ties() {
        // when
        ModelChoice edit = chooser.choose(ModelTask.EDIT, Mode.BUDGET);
        ModelChoice upscale = chooser.choose(ModelTask.UPSCALE, Mode.BUDGET);

        // then
        assertThat(edit.model().id()).isEqualTo("wavespeed-ai/qwen-image/edit");
        assertThat(edit.reason()).isEqualTo("budget: cheapest of 14 edit models at $0.02 (wavespeed-ai/qwen-image/edit)");
        assertThat(upscale.model().id()).isEqualTo("wavespeed-ai/image-upscaler");
    }

    @Test
    void should_pick_the_preferred_model_in_quality_mode() {
        // when
        ModelChoice edit = chooser.choose(ModelTask.EDIT, Mode.QUALITY);

        // then
        assertThat(edit.model().id()).isEqualTo("google/nano-banana-pro/edit-ultra");
        assertThat(edit.reason()).isEqualTo("quality: preferred premium model of 14 edit models at $0.15 (google/nano-banana-pro/edit-ultra)");
    }

    @Test
    void should_pick_the_dearest_premium_model_in_quality_mode() {
        // when
        ModelChoice upscale = chooser.choose(ModelTask.UPSCALE, Mode.QUALITY);
        ModelChoice to3d = chooser.choose(ModelTask.TO_3D, Mode.QUALITY);
        ModelChoice head = chooser.choose(ModelTask.HEAD_SWAP, Mode.QUALITY);

        // then
        assertThat(upscale.model().id()).isEqualTo("wavespeed-ai/ultimate-image-upscaler");
        assertThat(upscale.reason()).isEqualTo("quality: dearest of 1 premium of 3 upscale models at $0.06 (wavespeed-ai/ultimate-image-upscaler)");
        assertThat(to3d.model().id()).as("0.40 tie: the first written").isEqualTo("wavespeed-ai/hunyuan3d/v2.1");
        assertThat(head.model().id()).isEqualTo("wavespeed-ai/image-head-swap");
        assertThat(head.reason()).startsWith("quality: no premium model, dearest of 1 headSwap model at $0.025");
    }

    @Test
    void should_pick_the_cheapest_balanced_model_else_the_cheapest_premium_one() {
        // when
        ModelChoice edit = chooser.choose(ModelTask.EDIT, Mode.BALANCED);
        ModelChoice translate = chooser.choose(ModelTask.TRANSLATE, Mode.BALANCED);

        // then
        assertThat(edit.model().id()).isEqualTo("bytedance/seededit-v3");
        assertThat(edit.reason()).isEqualTo("balanced: cheapest of 5 balanced of 14 edit models at $0.027 (bytedance/seededit-v3)");
        assertThat(translate.model().id()).isEqualTo("wavespeed-ai/image-translator");
        assertThat(translate.reason()).isEqualTo("balanced: no balanced model, cheapest premium model of 2 translate models at $0.15 (wavespeed-ai/image-translator)");
    }

    @Test
    void should_say_when_the_chosen_model_must_be_quoted() {
        // when
        ModelChoice generate = chooser.choose(ModelTask.GENERATE, Mode.QUALITY);

        // then
        assertThat(generate.model().id()).isEqualTo("vidu/reference-to-image-q2");
        assertThat(generate.reason()).isEqualTo("quality: dearest of 1 premium of 4 generate models at a price to be quoted (vidu/reference-to-image-q2)");
    }

    @Test
    void should_choose_only_among_models_that_fit_the_step() {
        // when
        ModelChoice multiView = chooser.choose(ModelTask.TO_3D, Mode.QUALITY, m -> m.inputs().containsKey("front_image_url"));

        // then
        assertThat(multiView.model().id()).isEqualTo("tripo3d/v2.5/multiview-to-3d");
        assertThat(multiView.reason()).contains("of 2 to3d models");
    }

    @Test
    void should_refuse_an_unknown_mode_and_a_task_without_fitting_models() {
        assertThat(catchThrowableOfType(() -> Mode.of("cheap"), IllegalArgumentException.class))
                .hasMessage("unknown mode 'cheap'; use budget, balanced or quality");
        assertThat(Mode.of("Quality")).isEqualTo(Mode.QUALITY);
        assertThat(catchThrowableOfType(() -> chooser.choose(ModelTask.CAPTION, Mode.BUDGET, m -> false), IllegalArgumentException.class))
                .hasMessageContaining("no model for task 'caption'");
    }
}
