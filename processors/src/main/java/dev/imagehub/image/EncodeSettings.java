package dev.imagehub.image;

/**
 * How the chain's result will be written: format and codec options. Steps such as {@code convert}, {@code compress}
 * and {@code stripMetadata} only change these settings; encoding happens once, at the end of the chain.
 */
public final class EncodeSettings {
    public static final int DEFAULT_JPEG_QUALITY = 85;
    public static final int DEFAULT_WEBP_QUALITY = 80;
    public static final int DEFAULT_PNG_COMPRESSION = 6;

    private ImageFormat format;
    private Integer quality;
    private boolean progressive;
    private Integer pngCompression;
    private Rgba background = Rgba.WHITE;
    private boolean keepMetadata = true;

    /** The target format, or null to follow the source format. */
    public ImageFormat format() { return format; }
    public void format(ImageFormat f) { this.format = f; }
    public Integer quality() { return quality; }
    public void quality(Integer q) { this.quality = q; }
    public boolean progressive() { return progressive; }
    public void progressive(boolean p) { this.progressive = p; }
    public Integer pngCompression() { return pngCompression; }
    public void pngCompression(Integer level) { this.pngCompression = level; }
    /** The colour transparent pixels are flattened onto when the target format has no alpha (white unless configured). */
    public Rgba background() { return background; }
    public void background(Rgba c) { this.background = c; }
    public boolean keepMetadata() { return keepMetadata; }
    public void keepMetadata(boolean keep) { this.keepMetadata = keep; }

    public int jpegQuality() {
        return quality != null ? quality : DEFAULT_JPEG_QUALITY;
    }

    public int webpQuality() {
        return quality != null ? quality : DEFAULT_WEBP_QUALITY;
    }

    public int pngLevel() {
        return pngCompression != null ? pngCompression : DEFAULT_PNG_COMPRESSION;
    }

    /** The format actually written for a source of {@code source} format. */
    public ImageFormat resolve(ImageFormat source) {
        return format != null ? format : source;
    }
}
