package dev.imagehub.wavespeed;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One prediction an AI step asks for.
 *
 * @param route       the route paying for it (budgets are per route)
 * @param jobId       the journaled job
 * @param fileSha256  the content hash of the file the job processes
 * @param stepIndex   the step's place in the chain (1-based)
 * @param step        the step name, e.g. {@code translate}
 * @param variant     what distinguishes several calls of one step (a language, a compared model); empty if one call
 * @param model       the registry entry to run
 * @param inputs      the model's input fields; {@link AiInput} values (also inside lists) are uploaded first
 * @param choice      why this model was used (named in the chain, or the mode's reason); recorded in the ledger
 */
public record AiCall(String route, String jobId, String fileSha256, int stepIndex, String step, String variant,
                     ModelSpec model, Map<String, Object> inputs, String choice) {

    public AiCall {
        inputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        variant = variant == null ? "" : variant;
    }

    /** The ledger's step name: {@code translate} or, for one of several calls, {@code translate:es}. */
    public String ledgerStep() {
        return variant.isEmpty() ? step : step + ":" + variant;
    }
}
