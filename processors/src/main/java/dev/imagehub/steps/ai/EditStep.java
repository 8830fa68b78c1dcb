package dev.imagehub.steps.ai;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.imagehub.chain.StepContext;
import dev.imagehub.config.Option;
import dev.imagehub.wavespeed.ModelChooser;
import dev.imagehub.wavespeed.ModelSpec;
import dev.imagehub.wavespeed.ModelTask;

/** Edits the image with a prompt (and optionally a mask) using a WaveSpeed edit model; the sidecar "prompt" overrides. */
public final class EditStep extends AiStep<EditStep.Options> {

    /** Options of edit. */
    public record Options(
            @Option("what to change, e.g. 'make the sky stormy'; a sidecar {\"prompt\": ...} overrides it per file") String prompt,
            @Option("a mask image (white = the area to edit), relative to the hub home; needs a model with a mask input") String mask,
            @Option("model id or name from config/models.yaml; empty: chosen by mode") String model,
            @Option(value = "how the hub chooses a model when none is named: budget, balanced or quality", defaultValue = "balanced") ModelChooser.Mode mode,
            @Option("model inputs passed through as written, e.g. { seed: 42 }") Map<String, Object> inputs,
            @Option("models to run side by side: outputs <name>-<model> and a contact sheet <name>-compare.jpg") List<String> compare) implements AiOptions {
        public Options {
            compare = compare == null ? List.of() : compare;
        }
    }

    public EditStep() {
        super("edit", "WaveSpeed: edit the image with a prompt (optional mask)", ModelTask.EDIT, Options.class);
    }

    @Override
    protected boolean fits(Options o, ModelSpec m) {
        return o.mask() == null || ModelInputs.mask(m) != null;
    }

    @Override
    protected String fitsWhy(Options o) {
        return "takes no mask";
    }

    @Override
    protected Set<String> provides(Options o, ModelSpec m) {
        Set<String> s = new HashSet<>();
        s.add(ModelInputs.mainImage(m));
        if (o.prompt() != null) s.add("prompt");
        if (o.mask() != null) s.add(ModelInputs.mask(m));
        return s;
    }

    @Override
    protected Map<String, Object> inputs(StepContext ctx, Options o, ModelSpec m) throws Exception {
        Map<String, Object> in = new LinkedHashMap<>();
        String prompt = ModelInputs.sidecarText(ctx, "prompt");
        ModelInputs.putIf(in, m, "prompt", prompt != null ? prompt : o.prompt());
        ModelInputs.putFile(in, m, ModelInputs.mainImage(m), AiImages.current(ctx));
        if (o.mask() != null) ModelInputs.putFile(in, m, ModelInputs.mask(m), ModelInputs.file(ctx, o.mask(), "mask", name()));
        return in;
    }
}
