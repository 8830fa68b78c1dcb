package dev.imagehub.wavespeed.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.imagehub.wavespeed.InputSpec;
import dev.imagehub.wavespeed.ModelRegistry;
import dev.imagehub.wavespeed.ModelSpec;
import dev.imagehub.wavespeed.PriceEstimate;
import dev.imagehub.wavespeed.PriceRule;

/**
 * One model the emulator answers for: an entry of the hub's model registry (id, name, price rule), plus the kind of
 * work the emulator does for it. Prices come from the registry's rule, so the emulator and the hub agree by
 * construction.
 */
public record EmulatedModel(ModelSpec spec, Task task) {

    /** The kind of work, which decides the inputs the emulator requires and the output it makes. */
    public enum Task {
        UPSCALE("image-to-image"), EDIT("image-to-image"), FACE_SWAP("image-to-image"), ERASE("image-to-image"),
        EXPAND("image-to-image"), BACKGROUND("image-to-image"), REMOVE_TEXT("image-to-image"),
        TRANSLATE("image-to-image"), CAPTION("image-to-text"), IMAGE_TO_3D("image-to-3d"), TEXT_TO_3D("text-to-3d"),
        GENERATE("text-to-image"), VIDEO("image-to-video");

        private final String type;

        Task(String type) {
            this.type = type;
        }

        /** The catalogue's {@code type} field. */
        public String type() {
            return type;
        }
    }

    /** The input that {@code perSecond} rules read for a length measured from the audio file (InfiniteTalk). */
    static final String AUDIO_SECONDS = "audio.seconds";

    /** The registry shipped in config/models.yaml, bundled with the emulator for programs that give it none. */
    public static ModelRegistry shippedRegistry() {
        try (InputStream in = EmulatedModel.class.getResourceAsStream("models.yaml")) {
            if (in == null) throw new IllegalStateException("the bundled models.yaml is missing from the emulator's package");
            return ModelRegistry.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "config/models.yaml (bundled)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every model of the registry, keyed by id, in registry order. */
    static Map<String, EmulatedModel> catalogue(ModelRegistry registry) {
        Map<String, EmulatedModel> m = new LinkedHashMap<>();
        for (ModelSpec spec : registry.all()) m.put(spec.id(), new EmulatedModel(spec, taskOf(spec)));
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The emulator's work for a registry task; a 3D model without an image input works from text, an edit without a prompt widens the frame. */
    static Task taskOf(ModelSpec spec) {
        boolean takesImage = spec.inputs().values().stream().anyMatch(i -> i.type() == InputSpec.Type.IMAGE || i.type() == InputSpec.Type.IMAGES);
        return switch (spec.task()) {
            case EDIT -> spec.inputs().containsKey("prompt") ? Task.EDIT : Task.EXPAND;
            case UPSCALE -> Task.UPSCALE;
            case FACE_SWAP, HEAD_SWAP, MULTI_FACE_SWAP -> Task.FACE_SWAP;
            case ERASE -> Task.ERASE;
            case EXPAND -> Task.EXPAND;
            case BACKGROUND -> Task.BACKGROUND;
            case REMOVE_TEXT -> Task.REMOVE_TEXT;
            case TRANSLATE -> Task.TRANSLATE;
            case CAPTION -> Task.CAPTION;
            case TO_3D -> takesImage ? Task.IMAGE_TO_3D : Task.TEXT_TO_3D;
            case GENERATE -> Task.GENERATE;
            case VIDEO -> Task.VIDEO;
        };
    }

    public String id() {
        return spec.id();
    }

    public String name() {
        return spec.name();
    }

    /** True when the price follows the length of the audio input, which the emulator then measures (InfiniteTalk). */
    boolean billedByAudio() {
        PriceRule rule = spec.price() instanceof PriceRule.Multiplied m ? m.inner() : spec.price();
        return rule instanceof PriceRule.PerSecond p && p.secondsInput().equals(AUDIO_SECONDS);
    }

    /** The length of a video output in seconds: the audio's for a model billed by audio (5 s minimum, 600 s cap), else {@code duration} (5 or 10). */
    double videoSeconds(JsonNode inputs, double audioSeconds) {
        if (billedByAudio()) return audioSeconds < 0 ? 5 : Math.min(600, Math.max(5, audioSeconds));
        return inputs.path("duration").asInt(5) >= 10 ? 10 : 5;
    }

    /** The catalogue's {@code base_price}: the price with default inputs, else the reference price of a quote-only model. */
    public double basePrice() {
        return spec.basePrice().or(() -> reference()).map(BigDecimal::doubleValue).orElse(0.0);
    }

    private java.util.Optional<BigDecimal> reference() {
        return spec.price() instanceof PriceRule.Quote q ? java.util.Optional.ofNullable(q.reference()) : java.util.Optional.empty();
    }

    /** The price of one run with these inputs, by the registry's rule. */
    public double price(JsonNode inputs) {
        return price(inputs, -1);
    }

    /**
     * As {@link #price(JsonNode)}, with the measured length of the {@code audio} input (-1 when none). Where the rule
     * cannot price the inputs (a missing length, a value without a price) the base price is charged, as the real quote
     * collapses to {@code base_price} when inputs are missing.
     */
    public double price(JsonNode inputs, double audioSeconds) {
        Map<String, String> values = new LinkedHashMap<>();
        inputs.fields().forEachRemaining(e -> {
            if (e.getValue().isValueNode() && !e.getValue().isNull()) values.put(e.getKey(), e.getValue().asText());
        });
        if (audioSeconds >= 0) values.put(AUDIO_SECONDS, Double.toString(audioSeconds));
        PriceEstimate e = spec.estimate(values);
        return e.quoteNeeded() ? basePrice() : e.usd().doubleValue();
    }

    /** The catalogue's JSONata {@code formula}, written from the registry's rule. */
    public String formula() {
        return PriceFormula.of(spec.price());
    }
}
