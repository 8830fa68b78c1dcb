package dev.imagehub.chain;

import dev.imagehub.config.ConfigNode;

/** A step with its bound options, as written at one place of a chain definition. */
public record ConfiguredStep<O extends Record>(ImageStep<O> step, O options, ConfigNode source) {

    void apply(StepContext ctx) throws Exception {
        step.apply(ctx, options);
    }

    DecodeHint decodeHint(int orientedWidth, int orientedHeight) {
        return step.decodeHint(options, orientedWidth, orientedHeight);
    }

    Companions companions() {
        return step.companions(options);
    }

    boolean takesText() {
        return step.takesText();
    }

    boolean sendsSource() {
        return step.sendsSource();
    }

    /** True for a step that never changes the picture (see {@link ImageStep#keepsPicture()}). */
    public boolean keepsPicture() {
        return step.keepsPicture();
    }

    /** True for a step that calls a paid service (WaveSpeed). */
    public boolean paid() {
        return step.paid();
    }

    public String name() {
        return step.name();
    }
}
