package dev.imagehub.steps.ai;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.imagehub.chain.StepContext;
import dev.imagehub.config.ConfigException;
import dev.imagehub.config.ConfigNode;
import dev.imagehub.config.Option;
import dev.imagehub.wavespeed.AiInput;
import dev.imagehub.wavespeed.ModelChooser;
import dev.imagehub.wavespeed.ModelSpec;
import dev.imagehub.wavespeed.ModelTask;

/**
 * Swaps several faces at once: {@code faces[i]} (the new face) replaces the face that looks like {@code targets[i]}
 * (a crop of a face in the photo). Both lists hold image files relative to the hub home, paired by position.
 */
public final class MultiFaceSwapStep extends AiStep<MultiFaceSwapStep.Options> {
    private static final int MAX_FACES = 5;

    /** Options of multiFaceSwap. */
    public record Options(
            @Option("the new faces: image files, relative to the hub home (1 to 5)") List<String> faces,
            @Option("the faces in the photo to replace, one image each, in the same order as faces") List<String> targets,
            @Option("model id or name from config/models.yaml; empty: chosen by mode") String model,
            @Option(value = "how the hub chooses a model when none is named: budget, balanced or quality", defaultValue = "balanced") ModelChooser.Mode mode,
            @Option("model inputs passed through as written, e.g. { seed: 42 }") Map<String, Object> inputs,
            @Option("models to run side by side: outputs <name>-<model> and a contact sheet <name>-compare.jpg") List<String> compare) implements AiOptions {
        public Options {
            compare = compare == null ? List.of() : compare;
            faces = faces == null ? List.of() : faces;
            targets = targets == null ? List.of() : targets;
        }
    }

    public MultiFaceSwapStep() {
        super("multiFaceSwap", "WaveSpeed: swap up to 5 faces, each new face paired with the face it replaces", ModelTask.MULTI_FACE_SWAP, Options.class);
    }

    @Override
    public void validate(Options o, ConfigNode at) {
        if (o.faces().isEmpty() || o.faces().size() != o.targets().size() || o.faces().size() > MAX_FACES) {
            throw new ConfigException(at, "step 'multiFaceSwap' needs faces and targets: two lists of 1 to " + MAX_FACES
                    + " image files of the same length (faces[i] replaces targets[i]); got " + o.faces().size() + " and " + o.targets().size());
        }
    }

    @Override
    protected Set<String> provides(Options o, ModelSpec m) {
        return Set.of(ModelInputs.mainImage(m), "source_image", "target_image");
    }

    @Override
    protected Map<String, Object> inputs(StepContext ctx, Options o, ModelSpec m) throws Exception {
        Map<String, Object> in = new LinkedHashMap<>();
        ModelInputs.putFile(in, m, ModelInputs.mainImage(m), AiImages.current(ctx));
        in.put("source_image", files(ctx, o.faces(), "faces"));
        in.put("target_image", files(ctx, o.targets(), "targets"));
        return in;
    }

    private List<AiInput> files(StepContext ctx, List<String> paths, String option) throws java.io.IOException {
        List<AiInput> out = new ArrayList<>();
        for (String p : paths) out.add(ModelInputs.file(ctx, p, option, name()));
        return out;
    }
}
