package dev.imagehub.chain;

import java.util.List;

/** A named, validated chain: the ordered steps a file goes through. */
public record ChainDefinition(String name, String description, List<ConfiguredStep<?>> steps) {

    public String stepNames() {
        return String.join(" > ", steps.stream().map(ConfiguredStep::name).toList());
    }
}
