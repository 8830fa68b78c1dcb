package dev.imagehub.steps.ai;

import java.util.List;
import java.util.Map;

import dev.imagehub.config.Option;
import dev.imagehub.wavespeed.ModelChooser;
import dev.imagehub.wavespeed.ModelTask;

/** WaveSpeed headSwap: swaps the whole head in the photo for the one in a configured image (or each image of a folder). */
public final class HeadSwapStep extends SwapStep<HeadSwapStep.Options> {

    /** Options of headSwap. */
    public record Options(
            @Option("the face image, or a folder of face images (one output per face: <name>-<face>.<ext>), relative to the hub home") String face,
            @Option(value = "which face of the photo to replace, 0 = the largest (models with target_index only)", min = 0, max = 10) Integer targetIndex,
            @Option("model id or name from config/models.yaml; empty: chosen by mode") String model,
            @Option(value = "how the hub chooses a model when none is named: budget, balanced or quality", defaultValue = "balanced") ModelChooser.Mode mode,
            @Option("model inputs passed through as written, e.g. { seed: 42 }") Map<String, Object> inputs,
            @Option("models to run side by side: outputs <name>-<model> and a contact sheet <name>-compare.jpg") List<String> compare) implements SwapOptions {
        public Options {
            compare = compare == null ? List.of() : compare;
        }
    }

    public HeadSwapStep() {
        super("headSwap", "WaveSpeed: swaps the whole head from a configured image or folder", ModelTask.HEAD_SWAP, Options.class);
    }
}
