package dev.imagehub.image;

/**
 * Reads an animated GIF or WebP one full canvas at a time, so only the current frame (and what its disposal needs)
 * is held in memory while a chain runs over the frames.
 */
public interface AnimationReader extends AutoCloseable {

    /** Opens the right reader for an animated GIF or WebP. */
    static AnimationReader open(byte[] bytes, ImageInfo info) throws BadImageException {
        return switch (info.format()) {
            case GIF -> new AnimationGifReader(bytes);
            case WEBP -> new AnimationWebpReader(bytes);
            default -> throw new BadImageException(info.format() + " files are not read as animations");
        };
    }

    int frameCount();

    /** How many times the animation plays; 0 means forever. */
    int loopCount();

    int width();

    int height();

    /** The next composited frame, or null after the last. The caller owns (and closes) its image. */
    AnimationFrame next() throws BadImageException;

    @Override
    void close();
}
