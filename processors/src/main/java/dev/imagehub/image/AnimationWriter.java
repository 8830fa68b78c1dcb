package dev.imagehub.image;

import java.io.IOException;

/** Writes an animation frame by frame in a format that can hold one (GIF, WebP). */
public interface AnimationWriter extends AutoCloseable {

    /**
     * A writer for {@code format} with the chain's codec settings; {@code loops} is how many times the result plays
     * (0 = forever). Throws IllegalArgumentException for a format without animation support.
     */
    static AnimationWriter create(ImageFormat format, EncodeSettings settings, int loops) throws IOException {
        return switch (format) {
            case GIF -> new AnimationGifWriter(loops);
            case WEBP -> new AnimationWebpWriter(settings, loops);
            default -> throw new IllegalArgumentException(format + " cannot hold an animation");
        };
    }

    ImageFormat format();

    /** Appends a frame shown for {@code delayMs}; the writer copies what it needs, the caller keeps the image. */
    void add(WorkingImage frame, int delayMs) throws IOException;

    /** The encoded animation; call once, after the last frame. */
    byte[] finish() throws IOException;

    /** Whether {@link #encodeAt} can trade quality for bytes (lossy WebP yes, GIF no). */
    default boolean adjustableQuality() {
        return false;
    }

    /** Encodes the frames again at quality 1..100, for a byte-budget search; only when {@link #adjustableQuality()}. */
    default byte[] encodeAt(int quality) throws IOException {
        throw new IllegalStateException(format() + " animations have no quality setting; check adjustableQuality() first");
    }

    @Override
    void close();
}
