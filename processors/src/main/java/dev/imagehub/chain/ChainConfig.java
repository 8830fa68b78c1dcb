package dev.imagehub.chain;

import java.util.Map;
import java.util.Set;

import dev.imagehub.config.ConfigNode;

/**
 * What steps may consult while their options are validated at start-up: named libraries from {@code config/},
 * such as the resize presets ({@code presets.yaml}) and watermark templates ({@code watermarks.yaml}).
 *
 * @param libraries library name (the file name without {@code .yaml}) to its named entries
 * @param configDir the folder the files came from, for steps that load assets (fonts, logos) relative to the hub home
 */
public record ChainConfig(Map<String, Map<String, ConfigNode>> libraries, java.nio.file.Path configDir) {
    public static final String PRESETS = "presets";
    public static final String WATERMARKS = "watermarks";

    public ConfigNode preset(String name) {
        return named(PRESETS, name);
    }

    public Set<String> presetNames() {
        return names(PRESETS);
    }

    /** The entry {@code name} of library {@code library}, or null. */
    public ConfigNode named(String library, String name) {
        return libraries.getOrDefault(library, Map.of()).get(name);
    }

    public Set<String> names(String library) {
        return libraries.getOrDefault(library, Map.of()).keySet();
    }

    /** The hub's home folder (the parent of config/). */
    public java.nio.file.Path home() {
        return configDir == null ? java.nio.file.Path.of(".") : configDir.toAbsolutePath().getParent();
    }
}
