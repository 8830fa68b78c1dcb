package dev.imagehub.steps;

import dev.imagehub.chain.DecodeHint;
import dev.imagehub.chain.AbstractStep;
import dev.imagehub.chain.StepContext;
import dev.imagehub.image.MetadataPolicy;

/**
 * Writes the result without EXIF (camera, GPS, dates), XMP or ICC metadata: the shorthand for
 * {@code metadata: { keep: none }}. Pending orientation is applied to the pixels at encode time, so a stripped image
 * never displays sideways, and a non-sRGB profile is converted into the pixels before it is dropped.
 */
public final class StripMetadataStep extends AbstractStep<StripMetadataStep.Options> {

    /** stripMetadata has no options. */
    public record Options() {
    }

    public StripMetadataStep() {
        super("stripMetadata", "remove EXIF, GPS, XMP and ICC metadata from the output", Options.class);
    }

    @Override
    public void apply(StepContext ctx, Options options) {
        ctx.encode().metadata(MetadataPolicy.STRIP);
        ctx.note((ctx.exif() != null ? "EXIF " + ctx.exif().length + " bytes" : "no EXIF")
                + (ctx.icc() != null ? ", ICC " + ctx.icc().length + " bytes" : "") + " dropped");
    }

    @Override
    public DecodeHint decodeHint(Options options, int w, int h) { return DecodeHint.NEUTRAL; }
}
