package dev.imagehub.wavespeed.emulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.imagehub.wavespeed.ModelRegistry;
import dev.imagehub.wavespeed.ModelSpec;
import dev.imagehub.wavespeed.PriceEstimate;

import static org.assertj.core.api.Assertions.assertThat;

/** The emulator prices from the model registry: its quotes equal the hub's own estimates, and an edited registry changes them. */
class EmulatorPricesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void should_quote_every_registry_model_at_the_registry_price() throws Exception {
        // given
        ModelRegistry registry = EmulatedModel.shippedRegistry();
        Map<String, Map<String, String>> samples = Map.of(
                "openai/gpt-image-1", Map.of("quality", "high", "size", "1536*1024"),
                "google/nano-banana-pro/edit-ultra", Map.of("resolution", "8k"),
                "alibaba/wan-2.5/image-to-video", Map.of("resolution", "1080p", "duration", "10"),
                "wavespeed-ai/hunyuan3d/v2-multi-view", Map.of("textured_mesh", "true"),
                "ideogram-ai/ideogram-character", Map.of("rendering_speed", "Quality"));
        try (WaveSpeedEmulator emu = WaveSpeedEmulator.start(0, Duration.ZERO, registry)) {
            for (ModelSpec m : registry.all()) {
                Map<String, String> inputs = samples.getOrDefault(m.id(), Map.of());

                // when
                double quoted = quote(emu, m.id(), inputs);

                // then: what the hub estimates with the same inputs, or the reference price of a quote-only model
                PriceEstimate hub = m.estimate(inputs);
                double expected = hub.quoteNeeded() ? emu.catalogue.get(m.id()).basePrice() : hub.usd().doubleValue();
                assertThat(quoted).as(m.id()).isEqualTo(expected);
            }
            assertThat(quote(emu, "openai/gpt-image-1", Map.of("quality", "high", "size", "1536*1024"))).isEqualTo(0.25);
            assertThat(quote(emu, "alibaba/wan-2.5/image-to-video", Map.of("resolution", "1080p", "duration", "10"))).isEqualTo(1.5);
            assertThat(quote(emu, "vidu/reference-to-image-q2", Map.of())).as("the reference price").isEqualTo(0.10);
        }
    }

    @Test
    void should_take_a_changed_price_from_the_registry_file(@org.junit.jupiter.api.io.TempDir Path config) throws Exception {
        // given: a copy of the registry where the upscaler costs 0.5
        String shipped = Files.readString(Path.of(System.getProperty("test.hub.source", "..")).resolve("config/models.yaml"));
        String edited = shipped.replaceFirst("(id: wavespeed-ai/image-upscaler\\n(?:.*\\n){2}    price: )\\{flat: 0.01\\}", "$1{flat: 0.5}");
        assertThat(edited).isNotEqualTo(shipped);
        Files.writeString(config.resolve("models.yaml"), edited);

        // when
        try (WaveSpeedEmulator emu = WaveSpeedEmulator.start(0, Duration.ZERO, ModelRegistry.load(config))) {
            // then
            assertThat(quote(emu, "wavespeed-ai/image-upscaler", Map.of())).isEqualTo(0.5);
            JsonNode models = get(emu, "/api/v3/models");
            for (JsonNode m : models) {
                if (m.path("model_id").asText().equals("wavespeed-ai/image-upscaler")) assertThat(m.path("base_price").asDouble()).isEqualTo(0.5);
                if (m.path("model_id").asText().equals("google/nano-banana-pro/edit-ultra")) {
                    assertThat(m.path("formula").asText()).isEqualTo("resolution = \"8k\" ? 0.18 : 0.15");
                }
            }
        }
    }

    @Test
    void should_write_formulas_from_the_rules() {
        ModelRegistry registry = EmulatedModel.shippedRegistry();
        assertThat(PriceFormula.of(registry.require("wavespeed-ai/infinitetalk").price()))
                .isEqualTo("(resolution = \"720p\" ? 0.06 : 0.03) * $min([600, $max([5, $ceil(audio.seconds)])])");
        assertThat(PriceFormula.of(registry.require("wavespeed-ai/hunyuan3d/v2-multi-view").price()))
                .isEqualTo("(base_price) * (textured_mesh = true ? 3 : 1)");
        assertThat(PriceFormula.of(registry.require("wavespeed-ai/image-upscaler").price())).isEqualTo("base_price");
    }

    private static double quote(WaveSpeedEmulator emu, String model, Map<String, String> inputs) throws Exception {
        Map<String, Object> typed = new java.util.LinkedHashMap<>();
        // send numbers and booleans as JSON numbers and booleans, as the hub's steps do
        inputs.forEach((k, v) -> typed.put(k, v.equals("true") ? Boolean.TRUE : v.matches("[0-9]+") ? (Object) Integer.valueOf(v) : v));
        String body = JSON.writeValueAsString(Map.of("model_id", model, "inputs", typed));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(emu.baseUrl() + "/api/v3/model/pricing"))
                .header("Authorization", "Bearer k").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).path("data").path("unit_price").asDouble();
    }

    private static JsonNode get(WaveSpeedEmulator emu, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(emu.baseUrl() + path)).header("Authorization", "Bearer k").build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).path("data");
    }

}
