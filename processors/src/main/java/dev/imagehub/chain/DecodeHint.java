package dev.imagehub.chain;

/**
 * What a step needs from the decoder, so the chain can shrink JPEGs while decoding them. {@link #NEUTRAL} steps do not
 * look at pixels and let the planner ask the next step; {@link #FULL} steps need every source pixel. A step that only
 * cuts out a part ({@link #keepsPart}, e.g. crop) lets the next step decide for that part.
 */
public record DecodeHint(int minWidth, int minHeight, boolean neutral, int keepWidth, int keepHeight) {
    public static final DecodeHint NEUTRAL = new DecodeHint(0, 0, true);
    public static final DecodeHint FULL = new DecodeHint(Integer.MAX_VALUE, Integer.MAX_VALUE, false);

    public DecodeHint(int minWidth, int minHeight, boolean neutral) {
        this(minWidth, minHeight, neutral, 0, 0);
    }

    /** The step is satisfied by any decode at least {@code w x h} (in oriented pixels). */
    public static DecodeHint atLeast(int w, int h) {
        return new DecodeHint(w, h, false);
    }

    /** The step keeps a {@code w x h} part of its input at the same resolution: the next step decides how small. */
    public static DecodeHint keeps(int w, int h) {
        return new DecodeHint(0, 0, false, Math.max(1, w), Math.max(1, h));
    }

    public boolean keepsPart() {
        return keepWidth > 0;
    }
}
