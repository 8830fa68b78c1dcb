package dev.imagehub.wavespeed.estimate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalDouble;

import dev.imagehub.wavespeed.ModelRegistry;

/**
 * What an AI step knows about a file when it plans its calls without sending anything: the registry, the file's name,
 * folder and upright size, and its sidecar ({@code photo.jpg.json}).
 */
public record PlanContext(ModelRegistry registry, String fileName, Path folder, int width, int height,
                          Map<String, Object> sidecar) {

    public PlanContext {
        sidecar = Map.copyOf(sidecar);
    }

    /** The longer side of the upright image in pixels. */
    public int longSide() {
        return Math.max(width, height);
    }

    /**
     * The length in seconds of the audio file {@code name} (relative to the file's folder, or absolute), measured from
     * the file; empty when it does not exist or cannot be read.
     */
    public OptionalDouble audioSeconds(String name) {
        if (name == null || name.isBlank()) return OptionalDouble.empty();
        Path p = folder.resolve(name);
        if (!Files.isRegularFile(p)) return OptionalDouble.empty();
        return AudioLength.seconds(p);
    }
}
