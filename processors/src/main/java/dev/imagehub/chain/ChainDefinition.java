package dev.imagehub.chain;

import java.util.List;

/**
 * A named, validated chain: the ordered steps a file goes through; with {@code review}, its results wait for a
 * reviewer's approval in the console before they are delivered.
 */
public record ChainDefinition(String name, String description, List<ConfiguredStep<?>> steps, boolean review) {

    /** A chain delivered as soon as it ran. */
    public ChainDefinition(String name, String description, List<ConfiguredStep<?>> steps) {
        this(name, description, steps, false);
    }

    /** The companion files a step of this chain reads (multi-view), or null. */
    public Companions companions() {
        return steps.stream().map(ConfiguredStep::companions).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    /** True when the chain starts from a prompt file (.txt or .json) rather than an image. */
    public boolean takesText() {
        return !steps.isEmpty() && steps.get(0).takesText();
    }

    /** True when a step of this chain calls a paid service (WaveSpeed). */
    public boolean paid() {
        return steps.stream().anyMatch(ConfiguredStep::paid);
    }

    public String stepNames() {
        return String.join(" > ", steps.stream().map(ConfiguredStep::name).toList());
    }
}
