package dev.imagehub.chain;

import java.util.Map;
import java.util.Set;

import dev.imagehub.config.ConfigNode;

/** What steps may consult while their options are validated at start-up: the named presets from {@code config/presets.yaml}. */
public record ChainConfig(Map<String, ConfigNode> presets) {

    public ConfigNode preset(String name) {
        return presets.get(name);
    }

    public Set<String> presetNames() {
        return presets.keySet();
    }
}
