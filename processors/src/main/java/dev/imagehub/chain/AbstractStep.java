package dev.imagehub.chain;

/**
 * Base for steps: holds the step's name, its one-line summary and its options type, so a step class holds only what
 * is its own (options, validation, the work).
 *
 * @param <O> the step's options record
 */
public abstract class AbstractStep<O extends Record> implements ImageStep<O> {
    private final String name;
    private final String summary;
    private final Class<O> optionsType;

    protected AbstractStep(String name, String summary, Class<O> optionsType) {
        this.name = name;
        this.summary = summary;
        this.optionsType = optionsType;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String summary() {
        return summary;
    }

    @Override
    public final Class<O> optionsType() {
        return optionsType;
    }
}
