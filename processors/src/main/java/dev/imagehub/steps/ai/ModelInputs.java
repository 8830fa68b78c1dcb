package dev.imagehub.steps.ai;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.imagehub.chain.StepContext;
import dev.imagehub.wavespeed.AiInput;
import dev.imagehub.wavespeed.InputSpec;
import dev.imagehub.wavespeed.ModelSpec;

/** Where a step's values go among a model's own input names (image or images, mask_image or mask, ...). */
final class ModelInputs {
    private static final List<String> MAIN_IMAGE = List.of("image", "images", "front_image_url");
    private static final List<String> MASK = List.of("mask_image", "mask");

    private ModelInputs() {
    }

    /** The first of {@code names} that the model declares, or null. */
    static String first(ModelSpec m, List<String> names) {
        return names.stream().filter(m.inputs()::containsKey).findFirst().orElse(null);
    }

    /** The input that takes the photo being processed. */
    static String mainImage(ModelSpec m) {
        return first(m, MAIN_IMAGE);
    }

    static String mask(ModelSpec m) {
        return first(m, MASK);
    }

    /** Puts a file under {@code name}, as a one-element list when the model takes a list of images. */
    static void putFile(Map<String, Object> inputs, ModelSpec m, String name, AiInput file) {
        InputSpec spec = m.inputs().get(name);
        inputs.put(name, spec != null && spec.type() == InputSpec.Type.IMAGES ? List.of(file) : file);
    }

    /** Puts {@code value} under {@code name} only if the model declares that input. */
    static void putIf(Map<String, Object> inputs, ModelSpec m, String name, Object value) {
        if (value != null && m.inputs().containsKey(name)) inputs.put(name, value);
    }

    /** A file named in the chain, relative to the hub's home; the error names the option and the full path. */
    static AiInput file(StepContext ctx, String path, String option, String step) throws IOException {
        Path file = underHome(ctx, path, option, step);
        if (!Files.isRegularFile(file)) {
            throw new IOException("the file '" + path + "' (option " + option + " of step " + step + ") does not exist: " + file
                    + "; paths are relative to the hub's home folder");
        }
        return AiImages.sendableFile(dev.imagehub.files.FileBytes.read(file), file.getFileName().toString(), option, step);
    }

    /**
     * {@code path} under the hub's home: batch manifests and sidecars name files too, so nothing outside the home and no
     * symbolic link (unless the folder follows links) is read.
     */
    static Path underHome(StepContext ctx, String path, String option, String step) throws IOException {
        if (ctx.scope().followsLinks()) {
            Path p = ctx.scope().home().resolve(path).normalize();
            if (p.startsWith(ctx.scope().home().normalize())) return p;
        }
        try {
            return dev.imagehub.files.ConfinedPaths.inside(ctx.scope().home(), path);
        } catch (dev.imagehub.files.ConfinedPaths.RefusedPath e) {
            throw new IOException("option " + option + " of step " + step + ": " + e.getMessage());
        }
    }

    /** A text value from the photo's sidecar ({@code photo.jpg.json}), or null. */
    static String sidecarText(StepContext ctx, String key) {
        Object v = ctx.sidecar().get(key);
        return v == null || String.valueOf(v).isBlank() ? null : String.valueOf(v).trim();
    }
}
