package dev.imagehub.wavespeed;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/** One model of config/models.yaml: its WaveSpeed id, task, price rule, inputs, output, tier and what it is best for. */
public record ModelSpec(String id, String name, ModelTask task, PriceRule price, PriceSource source, OutputKind output,
                        ModelTier tier, boolean preferred, String bestFor, Map<String, InputSpec> inputs, int line) {

    /** The price with default inputs, used to rank models; empty when the model must be quoted. */
    public Optional<BigDecimal> basePrice() {
        return price.base();
    }

    /** The registry price for a run with these inputs (values as sent to the API, plus derived ones such as audio.seconds). */
    public PriceEstimate estimate(Map<String, String> inputValues) {
        return price.estimate(inputValues);
    }

    /** A model's id as a compare run names its output: without its owner, '/' and '.' as '-' ({@code image-upscaler}). */
    public static String shortName(String id) {
        int slash = id.indexOf('/');
        return (slash < 0 ? id : id.substring(slash + 1)).replace('/', '-').replace('.', '-').toLowerCase(java.util.Locale.ROOT);
    }
}
