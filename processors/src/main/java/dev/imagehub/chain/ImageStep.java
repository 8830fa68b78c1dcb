package dev.imagehub.chain;

import dev.imagehub.config.ConfigNode;

/**
 * One step of an image chain. Implementations live in {@code dev.imagehub.steps}, are found there at start-up, and are
 * shared singletons: stateless, they read and replace the pixels in the {@link StepContext} and never keep them.
 * Adding a step is adding one class: its options are a record whose components carry {@link dev.imagehub.config.Option}.
 *
 * @param <O> the step's options record
 */
public interface ImageStep<O extends Record> {

    /** The name used in chains (lowerCamel, e.g. {@code autoOrient}). */
    String name();

    /** One line for the user describing what the step does. */
    String summary();

    Class<O> optionsType();

    /**
     * The option a scalar value binds to, so {@code - template: quote-card} means {@code - template: { name: quote-card }};
     * null when the step has no shorthand.
     */
    default String shorthand() {
        return null;
    }

    /** Rewrites the options before binding; the resize step expands {@code preset:} here. */
    default ConfigNode expand(ConfigNode options, ChainConfig config) {
        return options;
    }

    /** Rejects impossible option combinations at start-up; throw {@link dev.imagehub.config.ConfigException} at {@code at}. */
    default void validate(O options, ConfigNode at) {
    }

    void apply(StepContext ctx, O options) throws Exception;

    /** Files this step reads beside the processed one (multi-view siblings), or null; see {@link Companions}. */
    default Companions companions(O options) {
        return null;
    }

    /** True for a step that starts from a text file (a prompt) instead of an image; it must come first in its chain. */
    default boolean takesText() {
        return false;
    }

    /**
     * The sidecar key under which a step that {@link #readsRawText() reads its text file itself} finds the file's whole
     * text (UTF-8, as dropped).
     */
    String TEXT = "text";

    /**
     * The extensions (lower case, without the dot) of the text files a {@link #takesText()} step starts from; a file
     * with another extension fails before the chain runs, naming these.
     */
    default java.util.Set<String> textExtensions() {
        return java.util.Set.of("txt", "json");
    }

    /**
     * False (the default) when the hub reads the text file as a prompt: a .txt is the {@code prompt}, a .json object
     * gives the values. True when the step parses the file itself (a CSV of quotes): it gets the raw text under
     * {@link #TEXT} and the file name in the context.
     */
    default boolean readsRawText() {
        return false;
    }

    /** True for steps that may send the original file instead of the pixels (see {@link StepContext#untouchedSource()}). */
    /**
     * True for a step that only looks at the picture (a caption, a brand check) and never changes its pixels, size or
     * how it is written: a chain of such steps delivers the original file byte for byte instead of re-encoding it.
     */
    default boolean keepsPicture() {
        return false;
    }

    /** True for a step that calls a paid service (WaveSpeed): its files wait while that service is unavailable. */
    default boolean paid() {
        return false;
    }

    default boolean sendsSource() {
        return false;
    }

    /** How small the decoder may make the image for this step, given the source's oriented size. */
    default DecodeHint decodeHint(O options, int orientedWidth, int orientedHeight) {
        return DecodeHint.FULL;
    }
}
