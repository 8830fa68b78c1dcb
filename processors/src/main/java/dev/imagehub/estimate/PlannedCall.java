package dev.imagehub.estimate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.imagehub.wavespeed.ModelChoice;

/**
 * One prediction an AI step would make for a file, as far as its price is concerned.
 *
 * @param variant     what tells several calls of one step apart (a language, a compared model); empty for one call
 * @param choice      the model and why it was chosen
 * @param priceInputs the input values the price rule reads, as they would be sent (e.g. {@code resolution=8k}), plus
 *                    derived ones such as {@code audio.seconds}
 */
public record PlannedCall(String variant, ModelChoice choice, Map<String, String> priceInputs) {

    public PlannedCall {
        variant = variant == null ? "" : variant;
        priceInputs = Collections.unmodifiableMap(new LinkedHashMap<>(priceInputs));
    }
}
