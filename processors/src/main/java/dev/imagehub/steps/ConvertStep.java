package dev.imagehub.steps;

import dev.imagehub.chain.DecodeHint;
import dev.imagehub.chain.ImageStep;
import dev.imagehub.chain.StepContext;
import dev.imagehub.config.ConfigException;
import dev.imagehub.config.ConfigNode;
import dev.imagehub.config.Option;
import dev.imagehub.image.ImageFormat;
import dev.imagehub.image.Rgba;

/** Chooses the output format; transparent pixels are flattened onto {@code background} when the format has no alpha. */
public final class ConvertStep implements ImageStep<ConvertStep.Options> {

    /** Options of convert. */
    public record Options(
            @Option("output format: jpeg, png, gif, bmp, tiff or webp") String format,
            @Option(value = "colour under transparent pixels when the format has no alpha", defaultValue = "white") String background) {
    }

    @Override
    public String name() { return "convert"; }

    @Override
    public String summary() { return "write the result in another format (JPEG, PNG, GIF, BMP, TIFF, WebP)"; }

    @Override
    public Class<Options> optionsType() { return Options.class; }

    @Override
    public void validate(Options o, ConfigNode at) {
        if (o.format() == null) throw new ConfigException(at, "step 'convert' needs option 'format' (jpeg, png, gif, bmp, tiff or webp)");
        try {
            ImageFormat.fromName(o.format());
            Rgba.parse(o.background());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(at.isMap() && at.get("format") != null ? at.get("format") : at, "step 'convert': " + e.getMessage());
        }
    }

    @Override
    public void apply(StepContext ctx, Options o) {
        ImageFormat target = ImageFormat.fromName(o.format());
        ctx.encode().format(target);
        ctx.encode().background(Rgba.parse(o.background()));
        ctx.note(ctx.source().format() + " -> " + target + (ctx.image().hasAlpha() && !target.supportsAlpha()
                ? ", alpha flattened onto " + o.background() : ""));
    }

    @Override
    public DecodeHint decodeHint(Options options, int w, int h) { return DecodeHint.NEUTRAL; }
}
