package dev.imagehub.steps;

import dev.imagehub.chain.DecodeHint;
import dev.imagehub.chain.AbstractStep;
import dev.imagehub.chain.StepContext;
import dev.imagehub.image.Orientation;

/** Rotates or mirrors the pixels as the EXIF Orientation tag says, then resets the tag to 1 (upright). */
public final class AutoOrientStep extends AbstractStep<AutoOrientStep.Options> {

    /** autoOrient has no options. */
    public record Options() {
    }

    public AutoOrientStep() {
        super("autoOrient", "apply the EXIF orientation to the pixels and reset the tag", Options.class);
    }

    @Override
    public void apply(StepContext ctx, Options options) {
        int orientation = ctx.orientation();
        if (orientation == 1) {
            ctx.note("already upright");
            return;
        }
        Orientation.apply(ctx.image(), orientation);
        ctx.orientation(1);
        ctx.note("applied EXIF orientation " + orientation);
    }

    // The planner already works in oriented coordinates, so rotating never changes how small the decode may be.
    @Override
    public DecodeHint decodeHint(Options options, int w, int h) { return DecodeHint.NEUTRAL; }
}
