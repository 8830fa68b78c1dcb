package dev.imagehub.steps;

import org.bytedeco.opencv.opencv_core.Mat;

import dev.imagehub.chain.AbstractStep;
import dev.imagehub.chain.StepContext;

/**
 * A step that only changes pixels, in the spirit of Thumbnailator's {@code ImageFilter} and thumbor's filters: pixels
 * and an options record in, pixels and one line saying what was done out ({@link #filter}). Nothing else of the job
 * is reachable from it, so it is unit-tested on a matrix without a hub. This base class does the rest for the chain:
 * the before/after comparison ({@code compare: true}), handing the new pixels to the job, the note in the ledger.
 * Steps that need more (the source's orientation, several outputs, AI calls) implement the wide {@code ImageStep}.
 *
 * @param <O> the step's options record
 */
public abstract class PixelStep<O extends Record> extends AbstractStep<O> {

    /** New pixels (or the input itself when nothing changed) and a one-line note for the job's history. */
    public record Filtered(Mat pixels, String note) {
        /** The input left as it was, with why. */
        public static Filtered unchanged(Mat input, String note) {
            return new Filtered(input, note);
        }
    }

    protected PixelStep(String name, String summary, Class<O> optionsType) {
        super(name, summary, optionsType);
    }

    /**
     * Filters {@code input} (8-bit, 1, 3 or 4 channels, BGR order; alpha to be kept as it is). Never closes or changes
     * {@code input}: returns a new matrix, or {@code input} itself when nothing changed.
     */
    public abstract Filtered filter(Mat input, O options);

    /** True when the options ask for the before/after comparison image ({@code compare: true}). */
    protected abstract boolean wantsComparison(O options);

    @Override
    public final void apply(StepContext ctx, O options) {
        BeforeAfter.rememberOriginal(ctx);
        Filtered out = filter(ctx.image().mat(), options);
        ctx.image().replace(out.pixels());
        ctx.note(out.note());
        BeforeAfter.update(ctx, wantsComparison(options));
    }
}
