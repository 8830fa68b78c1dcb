package dev.imagehub.image;

/**
 * One frame of an animation as it is shown: the full composited canvas (never a partial update rectangle) and how
 * long it stays on screen.
 *
 * @param image   the canvas, owned by whoever receives the frame
 * @param delayMs display time in milliseconds
 */
public record AnimationFrame(WorkingImage image, int delayMs) {
}
