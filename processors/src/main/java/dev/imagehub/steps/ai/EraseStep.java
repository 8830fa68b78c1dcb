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

import dev.imagehub.config.ConfigException;
import dev.imagehub.config.ConfigNode;

/** Erases an object: the white area of a mask file, or what a prompt names (the sidecar "prompt" overrides it). */
public final class EraseStep extends AiStep<EraseStep.Options> {

    /** Options of erase. */
    public record Options(
            @Option("a mask image (white = erase), relative to the hub home") String mask,
            @Option("what to erase, e.g. 'the power lines'; a sidecar {\"prompt\": ...} overrides it") String prompt,
            @Option("model id or name from config/models.yaml; empty: chosen by mode") String model,
            @Option(value = "how the hub chooses a model when none is named: budget, balanced or quality", defaultValue = "balanced") ModelChooser.Mode mode,
            @Option("model inputs passed through as written, e.g. { seed: 42 }") Map<String, Object> inputs,
            @Option("models to run side by side: outputs <name>-<model> and a contact sheet <name>-compare.jpg") List<String> compare) implements AiOptions {
        public Options {
            compare = compare == null ? List.of() : compare;
        }
    }

    public EraseStep() {
        super("erase", "WaveSpeed: erase an object by mask or prompt", ModelTask.ERASE, Options.class);
    }

    @Override
    public void validate(Options o, ConfigNode at) {
        if (o.mask() == null && o.prompt() == null) {
            throw new ConfigException(at, "step 'erase' needs mask (a file, white = erase) or prompt (what to erase)");
        }
    }

    @Override
    protected boolean fits(Options o, ModelSpec m) {
        return (o.mask() == null || ModelInputs.mask(m) != null) && (o.prompt() == null || m.inputs().containsKey("prompt"));
    }

    @Override
    protected String fitsWhy(Options o) {
        return "does not take " + (o.mask() != null ? "a mask" : "a prompt");
    }

    @Override
    protected Set<String> provides(Options o, ModelSpec m) {
        Set<String> s = new HashSet<>();
        s.add(ModelInputs.mainImage(m));
        if (o.mask() != null) s.add(ModelInputs.mask(m));
        if (o.prompt() != null) s.add("prompt");
        return s;
    }

    @Override
    protected Map<String, Object> inputs(StepContext ctx, Options o, ModelSpec m) throws Exception {
        Map<String, Object> in = new LinkedHashMap<>();
        ModelInputs.putFile(in, m, ModelInputs.mainImage(m), AiImages.current(ctx));
        if (o.mask() != null) ModelInputs.putFile(in, m, ModelInputs.mask(m), ModelInputs.file(ctx, o.mask(), "mask", name()));
        String prompt = ModelInputs.sidecarText(ctx, "prompt");
        ModelInputs.putIf(in, m, "prompt", prompt != null ? prompt : o.prompt());
        return in;
    }
}
