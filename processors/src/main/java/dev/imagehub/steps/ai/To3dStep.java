package dev.imagehub.steps.ai;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.imagehub.chain.Companions;
import dev.imagehub.chain.StepContext;
import dev.imagehub.config.ConfigException;
import dev.imagehub.config.ConfigNode;
import dev.imagehub.config.Option;
import dev.imagehub.wavespeed.AiInput;
import dev.imagehub.wavespeed.AiOutput;
import dev.imagehub.wavespeed.AiResult;
import dev.imagehub.wavespeed.ModelChoice;
import dev.imagehub.wavespeed.ModelChooser;
import dev.imagehub.wavespeed.ModelSpec;
import dev.imagehub.wavespeed.ModelTask;

/**
 * Turns the image into a 3D model. {@code kind: single} sends one photo; {@code multiview} sends
 * {@code <name>_front.<ext>} with its siblings {@code _back}, {@code _left}, {@code _right} from the same inbox folder
 * (the hot folder leaves the siblings for the front file, which archives them with itself); {@code auto} does either by
 * the names: a front file with siblings beside it is one multi-view model, any other file a single-photo model (a
 * sibling whose front never comes, after {@code grace}); {@code sketch} sends a drawing to a sketch model with a prompt. Outputs are saved as they come ({@code <name>.glb}, further files
 * {@code <name>-2.<ext>}, ...); no image is delivered.
 */
public final class To3dStep extends AiStep<To3dStep.Options> {
    /** Sibling views by suffix, and the model inputs that take each (first declared wins). */
    private static final Map<String, List<String>> VIEWS = new LinkedHashMap<>();

    static {
        VIEWS.put("_back", List.of("back_image_url", "back_image"));
        VIEWS.put("_left", List.of("left_image_url", "left_image"));
        VIEWS.put("_right", List.of("right_image_url", "right_image"));
    }

    /** What the image is. */
    public enum Kind { SINGLE, MULTIVIEW, SKETCH, AUTO }

    /** Options of to3d. */
    public record Options(
            @Option(value = "single (one photo), multiview (<name>_front with _back/_left/_right siblings), auto (multiview when a "
                    + "_front file has siblings beside it, else single) or sketch", defaultValue = "single") Kind kind,
            @Option("a description of the object (required by sketch models); a sidecar {\"prompt\": ...} overrides it") String prompt,
            @Option(value = "multiview: seconds a _back/_left/_right file waits for its _front file before it fails (auto: before it "
                    + "is made into a model of its own)", defaultValue = "120", min = 1) long grace,
            @Option("model id or name from config/models.yaml; empty: chosen by mode") String model,
            @Option(value = "how the hub chooses a model when none is named: budget, balanced or quality", defaultValue = "balanced") ModelChooser.Mode mode,
            @Option("model inputs passed through as written, e.g. { seed: 42 }") Map<String, Object> inputs) implements AiOptions {
    }

    public To3dStep() {
        super("to3d", "WaveSpeed: image (or front/back/left/right views, or a sketch) to a 3D model file such as GLB", ModelTask.TO_3D, Options.class);
    }

    @Override
    public void validate(Options o, ConfigNode at) {
        if (o.kind() == Kind.SKETCH && o.prompt() == null) {
            throw new ConfigException(at, "step 'to3d' with kind: sketch needs prompt: what the sketch shows (a sidecar prompt overrides it per file)");
        }
    }

    @Override
    public Companions companions(Options o) {
        return switch (o.kind()) {
            case MULTIVIEW -> new Companions("_front", List.copyOf(VIEWS.keySet()), o.grace());
            case AUTO -> new Companions("_front", List.copyOf(VIEWS.keySet()), o.grace(), true);
            default -> null;
        };
    }

    // auto: what this file is, by its name and the files beside it
    @Override
    protected void run(StepContext ctx, Options o, ModelChoice choice) throws Exception {
        if (o.kind() != Kind.AUTO) {
            super.run(ctx, o, choice);
            return;
        }
        Companions views = companions(o);
        boolean group = views.isLead(ctx.fileName()) && !views.membersOf(ctx.scope().inboxFolder(), ctx.fileName()).isEmpty();
        Options as = new Options(group ? Kind.MULTIVIEW : Kind.SINGLE, o.prompt(), o.grace(), o.model(), o.mode(), o.inputs());
        super.run(ctx, as, choose(ctx.scope().ai().registry(), as));
    }

    private static boolean isSketchModel(ModelSpec m) {
        return m.id().contains("sketch");
    }

    @Override
    protected boolean fits(Options o, ModelSpec m) {
        if (ModelInputs.mainImage(m) == null) return false;
        return switch (o.kind()) {
            case SKETCH -> isSketchModel(m);
            case SINGLE, AUTO -> !isSketchModel(m);
            case MULTIVIEW -> !isSketchModel(m) && VIEWS.values().stream().anyMatch(names -> ModelInputs.first(m, names) != null);
        };
    }

    @Override
    protected String fitsWhy(Options o) {
        return switch (o.kind()) {
            case SKETCH -> "is not a sketch-to-3D model";
            case SINGLE, AUTO -> "does not take a single photo";
            case MULTIVIEW -> "does not take back, left or right views";
        };
    }

    @Override
    protected Set<String> provides(Options o, ModelSpec m) {
        Set<String> s = new HashSet<>();
        s.add(ModelInputs.mainImage(m));
        if (o.prompt() != null) s.add("prompt");
        return s;
    }

    @Override
    protected Map<String, Object> inputs(StepContext ctx, Options o, ModelSpec m) throws Exception {
        Map<String, Object> in = new LinkedHashMap<>();
        ModelInputs.putFile(in, m, ModelInputs.mainImage(m), AiImages.current(ctx));
        String prompt = ModelInputs.sidecarText(ctx, "prompt");
        ModelInputs.putIf(in, m, "prompt", prompt != null ? prompt : o.prompt());
        if (o.kind() == Kind.MULTIVIEW) {
            Companions views = companions(o);
            if (!views.isLead(ctx.fileName())) {
                throw new IllegalArgumentException("multi-view 3D needs the front view named <name>_front.<ext> (with <name>_back, _left, "
                        + "_right beside it); '" + ctx.fileName() + "' is not a _front file");
            }
            List<String> used = new java.util.ArrayList<>();
            for (Map.Entry<String, Path> view : views.membersOf(ctx.scope().inboxFolder(), ctx.fileName()).entrySet()) {
                String input = ModelInputs.first(m, VIEWS.get(view.getKey()));
                if (input == null) continue;                            // e.g. Hunyuan3D V2 multi-view has no right view
                if (Files.isSymbolicLink(view.getValue()) && !ctx.scope().followsLinks()) {
                    String n = view.getValue().getFileName().toString();
                    throw new java.io.IOException("the view " + dev.imagehub.files.ConfinedPaths.linkReason(n, n));
                }
                in.put(input, AiInput.of(dev.imagehub.files.FileBytes.read(view.getValue()), view.getValue().getFileName().toString()));
                used.add(view.getKey().substring(1));
            }
            ctx.note("views: front" + (used.isEmpty() ? " only" : ", " + String.join(", ", used)));
        }
        return in;
    }

    @Override
    protected void deliver(StepContext ctx, Options o, ModelSpec m, AiResult result) {
        if (result.outputs().isEmpty()) throw new IllegalStateException("model " + m.id() + " finished without any 3D file");
        int n = 1;
        for (AiOutput out : result.outputs()) {
            String ext = out.extension() == null || out.extension().isBlank() ? "glb" : out.extension().toLowerCase(Locale.ROOT);
            ctx.addFile(n == 1 ? "" : "-" + n, ext, out.bytes());
            n++;
        }
        ctx.deliverImage(false);
    }
}
