package dev.imagehub.steps.ai;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.imagehub.chain.StepContext;
import dev.imagehub.config.ConfigException;
import dev.imagehub.config.ConfigNode;
import dev.imagehub.wavespeed.AiInput;
import dev.imagehub.wavespeed.AiResult;
import dev.imagehub.wavespeed.ModelChoice;
import dev.imagehub.wavespeed.ModelSpec;
import dev.imagehub.estimate.PlanContext;
import dev.imagehub.wavespeed.ModelTask;

/**
 * Face or head swap: puts the face of a configured image into the photo. A folder of faces gives one prediction per
 * face, each result delivered as {@code <name>-<face>.<ext>}; the first one continues down the chain.
 *
 * @param <O> the options record
 */
abstract class SwapStep<O extends Record & SwapStep.SwapOptions> extends AiStep<O> {

    /** What face and head swaps share. */
    interface SwapOptions extends AiOptions {
        String face();

        Integer targetIndex();
    }

    SwapStep(String name, String summary, ModelTask task, Class<O> type) {
        super(name, summary, task, type);
    }

    @Override
    public void validate(O o, ConfigNode at) {
        if (o.face() == null) {
            throw new ConfigException(at, "step '" + name() + "' needs face: an image file, or a folder of face images, relative to the hub home");
        }
    }

    @Override
    protected boolean fits(O o, ModelSpec m) {
        return o.targetIndex() == null || m.inputs().containsKey("target_index");
    }

    @Override
    protected String fitsWhy(O o) {
        return "cannot choose which face to replace (no target_index input)";
    }

    // InfiniteYou names its inputs the other way round: source_image is the face, target_image the photo
    private static String faceInput(ModelSpec m) {
        return m.inputs().containsKey("face_image") ? "face_image" : "source_image";
    }

    private static String photoInput(ModelSpec m) {
        return m.inputs().containsKey("image") ? "image" : "target_image";
    }

    @Override
    protected Set<String> provides(O o, ModelSpec m) {
        Set<String> s = new HashSet<>(List.of(faceInput(m), photoInput(m)));
        if (o.targetIndex() != null) s.add("target_index");
        return s;
    }

    @Override
    protected Map<String, Object> inputs(StepContext ctx, O o, ModelSpec m) throws Exception {
        return inputs(ctx, o, m, AiImages.current(ctx), Faces.load(ctx, o.face(), "face", name()).get(0).image());
    }

    private Map<String, Object> inputs(StepContext ctx, O o, ModelSpec m, AiInput photo, AiInput face) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put(photoInput(m), photo);
        in.put(faceInput(m), face);
        ModelInputs.putIf(in, m, "target_index", o.targetIndex() == null ? null : (long) o.targetIndex());
        return in;
    }

    @Override
    protected void run(StepContext ctx, O o, ModelChoice choice) throws Exception {
        if (!Faces.isFolder(ctx, o.face())) {
            super.run(ctx, o, choice);
            return;
        }
        ModelSpec m = choice.model();
        AiInput photo = AiImages.current(ctx);
        List<Faces.Face> faces = Faces.load(ctx, o.face(), "face", name());
        List<AiResult> results = new java.util.ArrayList<>();
        for (Faces.Face face : faces) {
            results.add(call(ctx, o, face.name(), choice, inputs(ctx, o, m, photo, face.image())));
        }
        for (int i = 1; i < faces.size(); i++) {
            ctx.addExtra("-" + faces.get(i).name(), AiImages.decode(AiImages.first(results.get(i).outputs(), m), m), null);
        }
        ctx.mainSuffix("-" + faces.get(0).name());
        deliver(ctx, o, m, results.get(0));
        ctx.note(faces.size() + " faces from " + o.face());
    }

    // hub estimate: a folder of faces gives one prediction per face image, as at run time
    @Override
    protected List<String> variants(O o, PlanContext ctx) {
        if (o.face() == null) return List.of("");
        java.nio.file.Path folder = ctx.home().resolve(o.face()).normalize();
        if (!java.nio.file.Files.isDirectory(folder)) return List.of("");
        try (java.util.stream.Stream<java.nio.file.Path> s = java.nio.file.Files.list(folder)) {
            List<String> faces = s.filter(java.nio.file.Files::isRegularFile).map(f -> f.getFileName().toString())
                    .filter(Faces::isImageName).sorted().map(AiImages::stem).toList();
            return faces.isEmpty() ? List.of("") : faces;
        } catch (java.io.IOException e) {
            return List.of("");
        }
    }
}
