package dev.imagehub.wavespeed;

import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.imagehub.config.ConfigException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.entry;

/** The shipped registry holds every model of the issue; broken copies are refused with file, line and key. */
class ModelRegistryTest {
    private static final String FILE = "config/models.yaml";

    @Test
    void should_hold_every_model_of_the_catalogue_by_task() {
        // when
        ModelRegistry registry = RegistryFiles.shipped();

        // then
        Map<String, Long> perTask = registry.all().stream().collect(Collectors.groupingBy(m -> m.task().word(), Collectors.counting()));
        assertThat(perTask).containsOnly(entry("edit", 14L), entry("upscale", 3L), entry("faceSwap", 3L), entry("headSwap", 1L),
                entry("multiFaceSwap", 1L), entry("erase", 1L), entry("expand", 1L), entry("background", 1L),
                entry("removeText", 1L), entry("translate", 2L), entry("caption", 1L), entry("to3d", 10L),
                entry("generate", 4L), entry("video", 2L));
        assertThat(registry.all()).hasSize(45);
    }

    @Test
    void should_carry_the_ids_prices_sources_and_outputs_of_the_protocol_doc() {
        // given
        ModelRegistry registry = RegistryFiles.shipped();

        // then
        ModelSpec upscaler = registry.require("wavespeed-ai/image-upscaler");
        assertThat(upscaler.task()).isEqualTo(ModelTask.UPSCALE);
        assertThat(upscaler.basePrice()).hasValueSatisfying(p -> assertThat(p).isEqualByComparingTo("0.01"));
        assertThat(upscaler.source()).isEqualTo(PriceSource.OFFICIAL);
        assertThat(upscaler.inputs().get("target_resolution").values()).containsExactly("2k", "4k", "8k");
        assertThat(upscaler.inputs().get("target_resolution").defaultValue()).isEqualTo("4k");
        assertThat(registry.require("alibaba/qwen-image/translate").inputs().get("target_lang").required()).isTrue();
        assertThat(registry.require("google/nano-banana-pro/edit-ultra").inputs().get("images").max()).isEqualByComparingTo("14");
        assertThat(registry.require("akool/image-face-swap").task()).isEqualTo(ModelTask.MULTI_FACE_SWAP);
        assertThat(registry.require("wavespeed-ai/image-captioner").output()).isEqualTo(OutputKind.TEXT);
        assertThat(registry.require("hyper3d/rodin-v2/text-to-3d").output()).isEqualTo(OutputKind.MODEL_3D);
        assertThat(registry.require("wavespeed-ai/infinitetalk").output()).isEqualTo(OutputKind.VIDEO);
        assertThat(registry.require("wavespeed-ai/hunyuan3d-v3/sketch-to-3d").basePrice())
                .hasValueSatisfying(p -> assertThat(p).isEqualByComparingTo("0.375"));
        ModelSpec vidu = registry.require("vidu/reference-to-image-q2");
        assertThat(vidu.source()).isEqualTo(PriceSource.UNKNOWN);
        assertThat(vidu.price()).isInstanceOf(PriceRule.Quote.class);
        assertThat(vidu.basePrice()).isEmpty();
    }

    @Test
    void should_list_a_task_cheapest_first_with_quotes_last() {
        // when
        var generate = RegistryFiles.shipped().forTask(ModelTask.GENERATE);

        // then
        assertThat(generate).extracting(ModelSpec::id).containsExactly("wavespeed-ai/qwen-image/text-to-image",
                "wavespeed-ai/wan-2.2/text-to-image-realism", "ideogram-ai/ideogram-v3-turbo", "vidu/reference-to-image-q2");
    }

    @Test
    void should_name_line_and_key_of_an_unknown_task() {
        // given
        String broken = RegistryFiles.shippedText().replace("task: caption\n", "task: captions\n");

        // when
        ConfigException e = refused(broken);

        // then
        assertThat(e.line()).isEqualTo(RegistryFiles.lineOf(broken, "task: captions"));
        assertThat(e.key()).isEqualTo("models[28].task");
        assertThat(e.getMessage()).startsWith(FILE + ":" + e.line() + ": key 'models[28].task': unknown task 'captions'")
                .contains("faceSwap");
    }

    @Test
    void should_name_line_and_key_of_a_bad_price_rule() {
        // given
        String text = RegistryFiles.shippedText();
        String unknownRule = text.replaceFirst("price: \\{flat: 0.01}", "price: {flatt: 0.01}");
        String notANumber = text.replaceFirst("price: \\{flat: 0.01}", "price: {flat: cheap}");
        String twoRules = text.replaceFirst("price: \\{flat: 0.01}", "price: {flat: 0.01, quote: ask}");

        // when
        ConfigException unknown = refused(unknownRule);
        ConfigException number = refused(notANumber);
        ConfigException two = refused(twoRules);

        // then
        int line = RegistryFiles.lineOf(text, "price: {flat: 0.01}");
        assertThat(unknown.line()).isEqualTo(line);
        assertThat(unknown.key()).isEqualTo("models[14].price.flatt");
        assertThat(unknown.getMessage()).contains("unknown key 'flatt'; did you mean 'flat'");
        assertThat(number.line()).isEqualTo(line);
        assertThat(number.key()).isEqualTo("models[14].price.flat");
        assertThat(number.getMessage()).contains("'cheap' is not a non-negative number");
        assertThat(two.key()).isEqualTo("models[14].price");
        assertThat(two.getMessage()).contains("several price rules given [flat, quote]");
    }

    @Test
    void should_keep_a_quote_reference_for_the_emulator_and_refuse_it_on_other_rules() {
        // given
        String text = RegistryFiles.shippedText();
        String onFlat = text.replaceFirst("price: \\{flat: 0.01}", "price: {flat: 0.01, reference: 0.02}");

        // when
        ConfigException e = refused(onFlat);
        PriceRule vidu = RegistryFiles.shipped().require("vidu/reference-to-image-q2").price();

        // then
        assertThat(e.key()).isEqualTo("models[14].price.reference");
        assertThat(e.getMessage()).contains("'reference' only goes with a 'quote' price");
        assertThat(vidu).isInstanceOfSatisfying(PriceRule.Quote.class, q -> assertThat(q.reference()).isEqualByComparingTo("0.10"));
        assertThat(vidu.estimate(java.util.Map.of()).quoteNeeded()).as("never budgeted with").isTrue();
    }

    @Test
    void should_name_both_lines_of_a_duplicate_id() {
        // given
        String broken = RegistryFiles.shippedText().replace("id: wavespeed-ai/ultimate-image-upscaler", "id: wavespeed-ai/image-upscaler");

        // when
        ConfigException e = refused(broken);

        // then
        int first = RegistryFiles.lineOf(broken, "- id: wavespeed-ai/image-upscaler");
        assertThat(e.key()).isEqualTo("models[15].id");
        int second = RegistryFiles.lineOf(broken, "name: Ultimate Image Upscaler") - 1;
        assertThat(broken.lines().skip(second - 1).findFirst()).hasValue("  - id: wavespeed-ai/image-upscaler");
        assertThat(e.line()).isEqualTo(second);
        assertThat(e.getMessage()).contains("duplicate id 'wavespeed-ai/image-upscaler', already defined at line " + first);
    }

    @Test
    void should_name_the_missing_field_and_its_model() {
        // given
        String broken = RegistryFiles.shippedText().replace("    bestFor: cheap upscaling to 2k/4k/8k\n", "");

        // when
        ConfigException e = refused(broken);

        // then
        assertThat(e.line()).isEqualTo(RegistryFiles.lineOf(broken, "- id: wavespeed-ai/image-upscaler"));
        assertThat(e.key()).isEqualTo("models[14].bestFor");
        assertThat(e.getMessage()).contains("is missing; required here: id, name, task, price, source, output, tier, bestFor, inputs");
    }

    @Test
    void should_refuse_bad_inputs_tiers_and_sources_where_they_are_written() {
        // given
        String text = RegistryFiles.shippedText();
        String badDefault = text.replaceFirst("target_resolution: \\{type: enum, values: \\[2k, 4k, 8k], default: 4k}",
                "target_resolution: {type: enum, values: [2k, 4k, 8k], default: 16k}");
        String badType = text.replaceFirst("desired_increase: \\{type: enum", "desired_increase: {type: choice");
        String badTier = text.replace("tier: budget\n    bestFor: cheap upscaling", "tier: cheap\n    bestFor: cheap upscaling");
        String unknownWithoutQuote = text.replaceFirst("source: official", "source: unknown");

        // then
        ConfigException def = refused(badDefault);
        assertThat(def.key()).isEqualTo("models[14].inputs.target_resolution.default");
        assertThat(def.line()).isEqualTo(RegistryFiles.lineOf(badDefault, "default: 16k"));
        assertThat(def.getMessage()).contains("'16k' is not one of [2k, 4k, 8k]");
        ConfigException type = refused(badType);
        assertThat(type.key()).isEqualTo("models[16].inputs.desired_increase.type");
        assertThat(type.getMessage()).contains("'choice' is not one of text, image, images");
        ConfigException tier = refused(badTier);
        assertThat(tier.key()).isEqualTo("models[14].tier");
        assertThat(tier.getMessage()).contains("'cheap' is not one of budget, balanced, premium");
        ConfigException source = refused(unknownWithoutQuote);
        assertThat(source.key()).isEqualTo("models[0].source");
        assertThat(source.getMessage()).contains("source 'unknown' goes with a 'quote' price");
    }

    @Test
    void should_name_the_known_ids_when_asked_for_an_unknown_one() {
        // when
        IllegalArgumentException e = catchThrowableOfType(() -> RegistryFiles.shipped().require("wavespeed-ai/nope"),
                IllegalArgumentException.class);

        // then
        assertThat(e).hasMessageContaining("unknown WaveSpeed model 'wavespeed-ai/nope'").hasMessageContaining("bria/expand");
    }

    private static ConfigException refused(String yaml) {
        ConfigException e = catchThrowableOfType(() -> ModelRegistry.parse(yaml, FILE), ConfigException.class);
        assertThat(e).as("the broken copy must be refused").isNotNull();
        assertThat(e.file()).isEqualTo(FILE);
        return e;
    }
}
