package dev.imagehub.layout;

import java.util.List;

import dev.imagehub.image.WorkingImage;

/**
 * A rendered layout: the canvas (opaque BGR, sRGB), what was drawn where, and notes for the ledger (each text's
 * final size, "shrunk" or "ellipsis", hidden slots). The caller owns and closes the image.
 */
public record Rendering(WorkingImage image, RenderedLayout layout, List<String> notes) implements AutoCloseable {
    public Rendering {
        notes = List.copyOf(notes);
    }

    /** Releases the canvas (not needed once its image was handed on, e.g. to the step context). */
    @Override
    public void close() {
        image.close();
    }
}
