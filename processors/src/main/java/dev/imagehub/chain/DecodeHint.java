package dev.imagehub.chain;

/**
 * What a step needs from the decoder, so the chain can shrink JPEGs while decoding them. {@link #NEUTRAL} steps do not
 * look at pixels and let the planner ask the next step; {@link #FULL} steps need every source pixel.
 */
public record DecodeHint(int minWidth, int minHeight, boolean neutral) {
    public static final DecodeHint NEUTRAL = new DecodeHint(0, 0, true);
    public static final DecodeHint FULL = new DecodeHint(Integer.MAX_VALUE, Integer.MAX_VALUE, false);

    /** The step is satisfied by any decode at least {@code w x h} (in oriented pixels). */
    public static DecodeHint atLeast(int w, int h) {
        return new DecodeHint(w, h, false);
    }
}
