package dev.imagehub.steps;

import dev.imagehub.chain.DecodeHint;
import dev.imagehub.chain.AbstractStep;
import dev.imagehub.chain.StepContext;
import dev.imagehub.config.Option;
import dev.imagehub.image.ColorPolicy;
import dev.imagehub.image.MetadataPolicy;

/**
 * Sets what the output keeps: no metadata, only copyright and author, or all EXIF and XMP; GPS can be forced off in
 * every policy, and the colour profile can be kept instead of converting to sRGB. The work happens at encode time.
 */
public final class MetadataStep extends AbstractStep<MetadataStep.Options> {

    /** What to keep: {@code keep} none, copyright or all; {@code gps}; {@code color} srgb or keep. */
    public record Options(
            @Option(value = "metadata kept: none, copyright (Copyright and Artist, XMP dc:rights and dc:creator) or all (EXIF and "
                    + "XMP, without thumbnail and MakerNote)", defaultValue = "all") Keep keep,
            @Option(value = "keep GPS position tags (false removes them whatever 'keep' says)", defaultValue = "true") Boolean gps,
            @Option(value = "colour profile: srgb converts the pixels to sRGB, keep writes the source profile where the format can "
                    + "carry it (JPEG, PNG, WebP)", defaultValue = "srgb") Color color) {
    }

    /** Metadata kept in the output. */
    public enum Keep {
        NONE(MetadataPolicy.STRIP), COPYRIGHT(MetadataPolicy.COPYRIGHT), ALL(MetadataPolicy.ALL);

        private final MetadataPolicy policy;

        Keep(MetadataPolicy policy) {
            this.policy = policy;
        }
    }

    /** What happens to an embedded colour profile. */
    public enum Color {
        SRGB(ColorPolicy.SRGB), KEEP(ColorPolicy.KEEP);

        private final ColorPolicy policy;

        Color(ColorPolicy policy) {
            this.policy = policy;
        }
    }

    public MetadataStep() {
        super("metadata", "choose the metadata kept (none, copyright, all), drop GPS, keep or convert the colour profile", Options.class);
    }

    @Override
    public void apply(StepContext ctx, Options o) {
        ctx.encode().metadata(o.keep().policy);
        ctx.encode().gps(o.gps());
        ctx.encode().color(o.color().policy);
        ctx.note("keep " + o.keep().name().toLowerCase(java.util.Locale.ROOT) + (o.gps() ? "" : ", no GPS")
                + ", colour " + o.color().name().toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public DecodeHint decodeHint(Options options, int w, int h) { return DecodeHint.NEUTRAL; }
}
