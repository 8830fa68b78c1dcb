package dev.imagehub.steps.ai;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.imagehub.chain.StepContext;
import dev.imagehub.config.Option;
import dev.imagehub.wavespeed.ModelChooser;
import dev.imagehub.wavespeed.ModelSpec;
import dev.imagehub.wavespeed.ModelTask;

/** Removes text (captions, watermarks, signs) from the image. */
public final class RemoveTextStep extends AiStep<RemoveTextStep.Options> {

    /** Options of removeText. */
    public record Options(
            @Option("model id or name from config/models.yaml; empty: chosen by mode") String model,
            @Option(value = "how the hub chooses a model when none is named: budget, balanced or quality", defaultValue = "balanced") ModelChooser.Mode mode,
            @Option("model inputs passed through as written, e.g. { seed: 42 }") Map<String, Object> inputs,
            @Option("models to run side by side: outputs <name>-<model> and a contact sheet <name>-compare.jpg") List<String> compare) implements AiOptions {
        public Options {
            compare = compare == null ? List.of() : compare;
        }
    }

    public RemoveTextStep() {
        super("removeText", "WaveSpeed: remove text from the image", ModelTask.REMOVE_TEXT, Options.class);
    }

    @Override
    protected Set<String> provides(Options o, ModelSpec m) {
        return Set.of(ModelInputs.mainImage(m));
    }

    @Override
    protected Map<String, Object> inputs(StepContext ctx, Options o, ModelSpec m) throws Exception {
        Map<String, Object> in = new LinkedHashMap<>();
        ModelInputs.putFile(in, m, ModelInputs.mainImage(m), AiImages.current(ctx));
        return in;
    }
}
