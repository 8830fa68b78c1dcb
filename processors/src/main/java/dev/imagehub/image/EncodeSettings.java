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
    private MetadataPolicy metadata = MetadataPolicy.ALL;
    private boolean gps = true;
    private ColorPolicy color = ColorPolicy.SRGB;
    private Boolean lossless;
    private Long maxBytes;
    private int minQuality = 40;
    private boolean downscaleToFit;
    private java.util.List<ImageFormat> autoFormats = java.util.List.of();
    private Integer paletteColors;
    private boolean paletteDither = true;

    /** The target format, or null to follow the source format. */
    /** True while no step has set anything: the picture would be written with every default. */
    public boolean untouched() {
        return format == null && quality == null && !progressive && pngCompression == null && metadata == MetadataPolicy.ALL && gps
                && color == ColorPolicy.SRGB && lossless == null && maxBytes == null && autoFormats.isEmpty() && paletteColors == null
                && !downscaleToFit;
    }

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
    /** Whether any metadata is written (the policy is not STRIP). */
    public boolean keepMetadata() { return metadata != MetadataPolicy.STRIP; }
    public void keepMetadata(boolean keep) { this.metadata = keep ? MetadataPolicy.ALL : MetadataPolicy.STRIP; }
    public MetadataPolicy metadata() { return metadata; }
    public void metadata(MetadataPolicy policy) { this.metadata = policy; }
    /** False forces GPS tags out whatever the metadata policy. */
    public boolean gps() { return gps; }
    public void gps(boolean keep) { this.gps = keep; }
    public ColorPolicy color() { return color; }
    public void color(ColorPolicy policy) { this.color = policy; }
    /** Lossless encoding where the format has it (WebP); null means the format's default (lossy). */
    public Boolean lossless() { return lossless; }
    public void lossless(Boolean l) { this.lossless = l; }
    /** The byte budget of the output, or null for none. */
    public Long maxBytes() { return maxBytes; }
    public void maxBytes(Long bytes) { this.maxBytes = bytes; }
    /** The lowest quality a byte-budget search may go down to. */
    public int minQuality() { return minQuality; }
    public void minQuality(int q) { this.minQuality = q; }
    /** When even minQuality misses the budget: shrink the image step by step instead of failing. */
    public boolean downscaleToFit() { return downscaleToFit; }
    public void downscaleToFit(boolean d) { this.downscaleToFit = d; }
    /** Candidate formats for {@code format: auto} (the smallest result that meets the budget wins); empty if not auto. */
    public java.util.List<ImageFormat> autoFormats() { return autoFormats; }
    public void autoFormats(java.util.List<ImageFormat> formats) { this.autoFormats = java.util.List.copyOf(formats); }
    /** PNG palette quantisation: at most this many colours, or null for full colour. */
    public Integer paletteColors() { return paletteColors; }
    public void paletteColors(Integer colours) { this.paletteColors = colours; }
    /** Floyd-Steinberg error diffusion when quantising to a palette (smooth gradients instead of bands). */
    public boolean paletteDither() { return paletteDither; }
    public void paletteDither(boolean dither) { this.paletteDither = dither; }

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
        return format != null ? format : source.whenKept();
    }
}
