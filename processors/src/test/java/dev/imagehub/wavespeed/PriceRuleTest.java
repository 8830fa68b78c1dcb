package dev.imagehub.wavespeed;

import java.math.BigDecimal;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Each price rule of the shipped registry gives the exact USD of the protocol doc, or asks for a quote. */
class PriceRuleTest {
    private final ModelRegistry registry = RegistryFiles.shipped();

    @Test
    void should_price_a_flat_model_whatever_the_inputs() {
        assertThat(usd("wavespeed-ai/image-upscaler", Map.of("target_resolution", "8k"))).isEqualByComparingTo("0.01");
        assertThat(usd("bria/generate-background", Map.of())).isEqualByComparingTo("0.04");
    }

    @Test
    void should_price_by_resolution() {
        assertThat(usd("google/nano-banana-pro/edit-ultra", Map.of("resolution", "8k"))).isEqualByComparingTo("0.18");
        assertThat(usd("google/nano-banana-pro/edit-ultra", Map.of("resolution", "4k"))).isEqualByComparingTo("0.15");
        assertThat(usd("google/nano-banana-pro/edit-ultra", Map.of())).isEqualByComparingTo("0.15");
        assertThat(usd("ideogram-ai/ideogram-character", Map.of("rendering_speed", "Quality"))).isEqualByComparingTo("0.20");
    }

    @Test
    void should_ask_for_a_quote_when_a_value_has_no_price() {
        // when
        PriceEstimate e = registry.require("google/nano-banana-pro/edit-ultra").estimate(Map.of("resolution", "2k"));

        // then
        assertThat(e.quoteNeeded()).isTrue();
        assertThat(e.amount()).isEmpty();
        assertThat(e.detail()).isEqualTo("resolution '2k' has no price in the registry (priced: 4k, 8k)");
    }

    @Test
    void should_price_gpt_image_by_quality_and_size_shape() {
        String gpt = "openai/gpt-image-1";
        assertThat(usd(gpt, Map.of("quality", "high", "size", "1536*1024"))).isEqualByComparingTo("0.25");
        assertThat(usd(gpt, Map.of("quality", "high", "size", "1024*1024"))).isEqualByComparingTo("0.167");
        assertThat(usd(gpt, Map.of("quality", "low", "size", "1024*1536"))).isEqualByComparingTo("0.016");
        assertThat(usd(gpt, Map.of())).isEqualByComparingTo("0.042");
        assertThat(registry.require(gpt).estimate(Map.of("quality", "ultra")).quoteNeeded()).isTrue();
        assertThat(registry.require(gpt).estimate(Map.of("size", "big")).quoteNeeded()).isTrue();
    }

    @Test
    void should_price_wan_video_per_second_by_resolution() {
        String wan = "alibaba/wan-2.5/image-to-video";
        assertThat(usd(wan, Map.of("duration", "10", "resolution", "720p"))).isEqualByComparingTo("1.00");
        assertThat(usd(wan, Map.of("duration", "5", "resolution", "480p"))).isEqualByComparingTo("0.25");
        assertThat(usd(wan, Map.of("duration", "5", "resolution", "1080p"))).isEqualByComparingTo("0.75");
        assertThat(usd(wan, Map.of())).isEqualByComparingTo("0.50");
        assertThat(usd(wan, Map.of("duration", "3", "resolution", "720p"))).as("5 s minimum").isEqualByComparingTo("0.50");
    }

    @Test
    void should_price_infinitetalk_by_audio_length_with_minimum_and_cap() {
        // when
        PriceEstimate minute = registry.require("wavespeed-ai/infinitetalk").estimate(Map.of("audio.seconds", "60"));

        // then
        assertThat(minute.usd()).isEqualByComparingTo("1.80");
        assertThat(minute.detail()).isEqualTo("60 s at 480p $0.03/s = $1.80");
        String talk = "wavespeed-ai/infinitetalk";
        assertThat(usd(talk, Map.of("audio.seconds", "2"))).as("5 s minimum").isEqualByComparingTo("0.15");
        assertThat(usd(talk, Map.of("audio.seconds", "60.2"))).as("whole seconds, rounded up").isEqualByComparingTo("1.83");
        assertThat(usd(talk, Map.of("audio.seconds", "900", "resolution", "720p"))).as("600 s cap").isEqualByComparingTo("36.00");
        PriceEstimate unknownLength = registry.require(talk).estimate(Map.of());
        assertThat(unknownLength.quoteNeeded()).isTrue();
        assertThat(unknownLength.detail()).isEqualTo("audio.seconds is not known, so the length cannot be priced");
    }

    @Test
    void should_multiply_hunyuan_textured_mesh_by_three() {
        String hunyuan = "wavespeed-ai/hunyuan3d/v2-multi-view";
        assertThat(usd(hunyuan, Map.of("textured_mesh", "true"))).isEqualByComparingTo("0.06");
        assertThat(usd(hunyuan, Map.of("textured_mesh", "false"))).isEqualByComparingTo("0.02");
        assertThat(usd(hunyuan, Map.of())).isEqualByComparingTo("0.02");
    }

    @Test
    void should_ask_the_pricing_endpoint_for_vidu() {
        // when
        PriceEstimate e = registry.require("vidu/reference-to-image-q2").estimate(Map.of("resolution", "1080p"));

        // then
        assertThat(e.quoteNeeded()).isTrue();
        assertThat(e.usd()).isNull();
        assertThat(e.detail()).contains("ask the pricing endpoint");
    }

    private BigDecimal usd(String id, Map<String, String> inputs) {
        PriceEstimate e = registry.require(id).estimate(inputs);
        assertThat(e.quoteNeeded()).as(e.detail()).isFalse();
        return e.usd();
    }
}
