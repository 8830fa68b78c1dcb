package dev.imagehub.steps;

import dev.imagehub.chain.DecodeHint;
import dev.imagehub.chain.ImageStep;
import dev.imagehub.chain.StepContext;
import dev.imagehub.config.ConfigException;
import dev.imagehub.config.ConfigNode;
import dev.imagehub.config.Option;

/** Sets codec options for the final encode: JPEG/WebP quality, progressive JPEG, PNG compression level. */
public final class CompressStep implements ImageStep<CompressStep.Options> {

    /** Options of compress. */
    public record Options(
            @Option(value = "JPEG/WebP quality, 1 (smallest) to 100 (best)", min = 1, max = 100) Integer quality,
            @Option("write a progressive JPEG (loads blurry-to-sharp on the web); unset leaves it as it was") Boolean progressive,
            @Option(value = "PNG zlib level, 0 (fast, large) to 9 (slow, small)", min = 0, max = 9) Integer pngCompression) {
    }

    @Override
    public String name() { return "compress"; }

    @Override
    public String summary() { return "set JPEG/WebP quality, progressive JPEG and PNG compression level"; }

    @Override
    public Class<Options> optionsType() { return Options.class; }

    @Override
    public void validate(Options o, ConfigNode at) {
        if (o.quality() == null && o.progressive() == null && o.pngCompression() == null) {
            throw new ConfigException(at, "step 'compress' sets nothing: give quality, progressive or pngCompression");
        }
    }

    @Override
    public void apply(StepContext ctx, Options o) {
        if (o.quality() != null) ctx.encode().quality(o.quality());
        if (o.progressive() != null) ctx.encode().progressive(o.progressive());
        if (o.pngCompression() != null) ctx.encode().pngCompression(o.pngCompression());
        ctx.note((o.quality() != null ? "quality " + o.quality() : "default quality")
                + (Boolean.TRUE.equals(o.progressive()) ? ", progressive" : "")
                + (o.pngCompression() != null ? ", PNG level " + o.pngCompression() : ""));
    }

    @Override
    public DecodeHint decodeHint(Options options, int w, int h) { return DecodeHint.NEUTRAL; }
}
