package dev.imagehub.steps;

import java.util.ArrayList;
import java.util.List;

import dev.imagehub.chain.DecodeHint;
import dev.imagehub.chain.AbstractStep;
import dev.imagehub.chain.StepContext;
import dev.imagehub.config.ByteSize;
import dev.imagehub.config.ConfigException;
import dev.imagehub.config.ConfigNode;
import dev.imagehub.config.Option;

/**
 * Sets codec options for the final encode: quality, lossless, progressive JPEG, PNG compression level and palette,
 * and a byte budget ({@code maxBytes}) that the encode meets by searching for the highest quality that fits.
 */
public final class CompressStep extends AbstractStep<CompressStep.Options> {

    /** Options of compress. */
    public record Options(
            @Option(value = "JPEG/WebP/AVIF quality, 1 (smallest) to 100 (best); with maxBytes, the highest quality tried", min = 1, max = 100) Integer quality,
            @Option("write a progressive JPEG (loads blurry-to-sharp on the web); unset leaves it as it was") Boolean progressive,
            @Option(value = "PNG zlib level, 0 (fast, large) to 9 (slow, small)", min = 0, max = 9) Integer pngCompression,
            @Option("lossless WebP/AVIF (exact pixels, larger files); no effect on JPEG") Boolean lossless,
            @Option("byte budget of the output (200KB, 1.5MB): the highest quality that fits is chosen") ByteSize maxBytes,
            @Option(value = "lowest quality maxBytes may go down to (default 40)", min = 1, max = 100) Integer minQuality,
            @Option("when even minQuality misses maxBytes, shrink the image step by step instead of failing") Boolean downscale,
            @Option(value = "write PNGs with a palette of at most this many colours (2-256), alpha kept", min = 2, max = 256) Integer palette,
            @Option("Floyd-Steinberg dithering for palette PNGs (default true: smooth gradients instead of bands)") Boolean dither) {

        /** Quality, progressive and PNG level only, as most chains write it. */
        public Options(Integer quality, Boolean progressive, Integer pngCompression) {
            this(quality, progressive, pngCompression, null, null, null, null, null, null);
        }
    }

    public CompressStep() {
        super("compress", "quality, lossless, progressive JPEG, PNG level and palette, byte budget (maxBytes)", Options.class);
    }

    @Override
    public void validate(Options o, ConfigNode at) {
        if (o.quality() == null && o.progressive() == null && o.pngCompression() == null && o.lossless() == null
                && o.maxBytes() == null && o.palette() == null) {
            throw new ConfigException(at, "step 'compress' sets nothing: give quality, maxBytes, progressive, lossless, pngCompression or palette");
        }
        if (o.maxBytes() == null && (o.minQuality() != null || o.downscale() != null)) {
            throw new ConfigException(at, "step 'compress': minQuality and downscale only apply with maxBytes; add maxBytes (e.g. 200KB)");
        }
        if (o.maxBytes() != null && o.maxBytes().bytes() < 1) {
            throw new ConfigException(where(at, "maxBytes"), "step 'compress': maxBytes must be at least 1 byte");
        }
        if (o.minQuality() != null && o.quality() != null && o.minQuality() > o.quality()) {
            throw new ConfigException(where(at, "minQuality"), "step 'compress': minQuality " + o.minQuality()
                    + " is above quality " + o.quality() + "; the budget search runs from quality down to minQuality");
        }
        if (o.dither() != null && o.palette() == null) {
            throw new ConfigException(where(at, "dither"), "step 'compress': dither applies to palette PNGs; add palette (e.g. 256)");
        }
    }

    private static ConfigNode where(ConfigNode at, String key) {
        return at.isMap() && at.get(key) != null ? at.get(key) : at;
    }

    @Override
    public void apply(StepContext ctx, Options o) {
        List<String> set = new ArrayList<>();
        if (o.quality() != null) {
            ctx.encode().quality(o.quality());
            set.add("quality " + o.quality());
        }
        if (o.lossless() != null) {
            ctx.encode().lossless(o.lossless());
            if (o.lossless()) set.add("lossless");
        }
        if (o.progressive() != null) {
            ctx.encode().progressive(o.progressive());
            if (o.progressive()) set.add("progressive");
        }
        if (o.pngCompression() != null) {
            ctx.encode().pngCompression(o.pngCompression());
            set.add("PNG level " + o.pngCompression());
        }
        if (o.palette() != null) {
            ctx.encode().paletteColors(o.palette());
            ctx.encode().paletteDither(o.dither() == null || o.dither());
            set.add("palette " + o.palette() + (ctx.encode().paletteDither() ? " dithered" : ""));
        }
        if (o.maxBytes() != null) {
            ctx.encode().maxBytes(o.maxBytes().bytes());
            if (o.minQuality() != null) ctx.encode().minQuality(o.minQuality());
            ctx.encode().downscaleToFit(Boolean.TRUE.equals(o.downscale()));
            set.add("maxBytes " + o.maxBytes() + ", quality floor " + ctx.encode().minQuality()
                    + (ctx.encode().downscaleToFit() ? ", may downscale" : ""));
        }
        ctx.note(set.isEmpty() ? "default quality" : String.join(", ", set));
    }

    @Override
    public DecodeHint decodeHint(Options options, int w, int h) { return DecodeHint.NEUTRAL; }
}
