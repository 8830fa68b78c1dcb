package dev.imagehub.estimate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalDouble;

import dev.imagehub.wavespeed.ModelRegistry;

/**
 * What an AI step knows about a file when it plans its calls without sending anything: the registry, the hub's home,
 * the file's name, folder and upright size (0 for a prompt file), and its sidecar ({@code photo.jpg.json}).
 */
public record PlanContext(ModelRegistry registry, Path home, String fileName, Path folder, int width, int height,
                          Map<String, Object> sidecar) {

    public PlanContext {
        sidecar = Map.copyOf(sidecar);
    }

    /** The longer side of the upright image in pixels. */
    public int longSide() {
        return Math.max(width, height);
    }

    /**
     * The length in seconds of the audio file {@code name} beside the image (as a sidecar names it; an absolute path
     * also works), measured from the file; empty when it does not exist or cannot be read.
     */
    public OptionalDouble audioSeconds(String name) {
        return name == null || name.isBlank() ? OptionalDouble.empty() : audioSeconds(folder.resolve(name));
    }

    /** The length in seconds of an audio file, measured; empty when it does not exist or cannot be read. */
    public OptionalDouble audioSeconds(Path file) {
        return Files.isRegularFile(file) ? AudioLength.seconds(file) : OptionalDouble.empty();
    }
}
