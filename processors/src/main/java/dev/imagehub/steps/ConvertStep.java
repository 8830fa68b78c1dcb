package dev.imagehub.steps;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import dev.imagehub.chain.DecodeHint;
import dev.imagehub.chain.AbstractStep;
import dev.imagehub.chain.StepContext;
import dev.imagehub.config.ConfigException;
import dev.imagehub.config.ConfigNode;
import dev.imagehub.config.Option;
import dev.imagehub.image.ImageFormat;
import dev.imagehub.image.Rgba;

/**
 * Chooses the output format, or with {@code format: auto} the candidates of which the encoder keeps the smallest
 * result that meets the byte budget; transparent pixels are flattened onto {@code background} when the format has no alpha.
 */
public final class ConvertStep extends AbstractStep<ConvertStep.Options> {
    static final String AUTO = "auto";

    /** Options of convert. */
    public record Options(
            @Option("output format: jpeg, png, webp, avif, gif, bmp, tiff, or auto (the smallest of formats)") String format,
            @Option("candidates for format: auto, e.g. [webp, jpeg]; the smallest result within maxBytes wins") List<String> formats,
            @Option(value = "colour under transparent pixels when the format has no alpha", defaultValue = "white") String background) {
    }

    public ConvertStep() {
        super("convert", "write the result in another format (JPEG, PNG, WebP, AVIF, GIF, BMP, TIFF), or the smallest of several", Options.class);
    }

    @Override
    public void validate(Options o, ConfigNode at) {
        if (o.format() == null) throw new ConfigException(at, "step 'convert' needs option 'format' (jpeg, png, webp, avif, gif, bmp, tiff or auto)");
        boolean auto = AUTO.equalsIgnoreCase(o.format().trim());
        if (auto && (o.formats() == null || o.formats().isEmpty())) {
            throw new ConfigException(where(at, "format"), "step 'convert': format auto needs option 'formats', the candidates (e.g. formats: [webp, jpeg])");
        }
        if (!auto && o.formats() != null) {
            throw new ConfigException(where(at, "formats"), "step 'convert': option 'formats' lists candidates for format: auto; "
                    + "write format: auto, or drop formats");
        }
        try {
            if (auto) {
                List<ImageFormat> candidates = candidates(o);
                if (candidates.stream().distinct().count() != candidates.size()) {
                    throw new IllegalArgumentException("option 'formats' names a format twice");
                }
            } else {
                ImageFormat.fromName(o.format());
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where(at, auto ? "formats" : "format"), "step 'convert': " + e.getMessage());
        }
        try {
            Rgba.parse(o.background());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where(at, "background"), "step 'convert': " + e.getMessage());
        }
    }

    private static ConfigNode where(ConfigNode at, String key) {
        return at.isMap() && at.get(key) != null ? at.get(key) : at;
    }

    private static List<ImageFormat> candidates(Options o) {
        List<ImageFormat> list = new ArrayList<>();
        for (String name : o.formats()) list.add(ImageFormat.fromName(name));
        return list;
    }

    @Override
    public void apply(StepContext ctx, Options o) {
        ctx.encode().background(Rgba.parse(o.background()));
        if (AUTO.equalsIgnoreCase(o.format().trim())) {
            List<ImageFormat> candidates = candidates(o);
            ctx.encode().format(null);
            ctx.encode().autoFormats(candidates);
            ctx.note(ctx.source().format() + " -> auto among " + candidates.stream().map(Enum::name).collect(Collectors.joining(", ")));
            return;
        }
        ImageFormat target = ImageFormat.fromName(o.format());
        ctx.encode().format(target);
        ctx.encode().autoFormats(List.of());
        ctx.note(ctx.source().format() + " -> " + target + (ctx.image().hasAlpha() && !target.supportsAlpha()
                ? ", alpha flattened onto " + o.background() : ""));
    }

    @Override
    public DecodeHint decodeHint(Options options, int w, int h) { return DecodeHint.NEUTRAL; }
}
