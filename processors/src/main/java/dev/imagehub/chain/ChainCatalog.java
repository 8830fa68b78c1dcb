package dev.imagehub.chain;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.imagehub.config.ConfigException;
import dev.imagehub.config.ConfigNode;
import dev.imagehub.config.OptionBinder;
import dev.imagehub.config.YamlConfig;

/**
 * The named chains from {@code config/chains.yaml}, checked at start-up against the step catalog and the presets in
 * {@code config/presets.yaml}. Any unknown step, option, value or preset stops the hub with file, line and key.
 */
public final class ChainCatalog {
    public static final String CHAINS_FILE = "chains.yaml";
    public static final String PRESETS_FILE = "presets.yaml";
    /** Optional named libraries in config/: each file maps names to option sets that steps can refer to. */
    public static final java.util.List<String> LIBRARIES = java.util.List.of(ChainConfig.PRESETS, ChainConfig.WATERMARKS);

    private final Map<String, ChainDefinition> chains;
    private final ChainConfig config;
    private final java.util.Set<String> broken;

    private ChainCatalog(Map<String, ChainDefinition> chains, ChainConfig config, java.util.Set<String> broken) {
        this.chains = chains;
        this.config = config;
        this.broken = broken;
    }

    /** Chains defined in chains.yaml that have a mistake (reported when they were loaded). */
    public java.util.Set<String> broken() {
        return broken;
    }

    /** Loads and validates the chains in {@code configDir}; {@code displayDir} is how messages name that folder. */
    public static ChainCatalog load(Path configDir, String displayDir, StepCatalog steps) {
        java.util.List<ConfigException> problems = new java.util.ArrayList<>();
        ChainCatalog catalog = load(configDir, displayDir, steps, problems);
        if (!problems.isEmpty()) throw problems.size() == 1 ? problems.get(0) : new ConfigException(problems);
        return catalog;
    }

    /**
     * As {@link #load(Path, String, StepCatalog)}, adding every broken chain's mistake to {@code problems} and returning
     * the chains that are fine (the start reports all mistakes at once, and checks what names the good chains).
     */
    public static ChainCatalog load(Path configDir, String displayDir, StepCatalog steps, java.util.List<ConfigException> problems) {
        Map<String, Map<String, ConfigNode>> libraries = new LinkedHashMap<>();
        for (String library : LIBRARIES) {
            libraries.put(library, loadLibrary(configDir.resolve(library + ".yaml"), displayDir + "/" + library + ".yaml"));
        }
        ChainConfig config = new ChainConfig(libraries, configDir);
        Path chainsFile = configDir.resolve(CHAINS_FILE);
        String display = displayDir + "/" + CHAINS_FILE;
        if (!Files.isRegularFile(chainsFile)) throw new ConfigException(display, 0, "", "file not found");
        ConfigNode root = YamlConfig.read(chainsFile, display);
        Map<String, ChainDefinition> chains = new LinkedHashMap<>();
        java.util.Set<String> broken = new java.util.TreeSet<>();
        for (Map.Entry<String, ConfigNode> e : root.entries().entrySet()) {
            try {
                chains.put(e.getKey(), parseChain(e.getKey(), e.getValue(), steps, config));
            } catch (ConfigException mistake) {
                problems.add(mistake);                               // every broken chain is reported, not only the first
                broken.add(e.getKey());
            }
        }
        if (chains.isEmpty() && broken.isEmpty()) throw new ConfigException(display, 1, "", "defines no chain");
        return new ChainCatalog(chains, config, broken);
    }

    private static Map<String, ConfigNode> loadLibrary(Path file, String display) {
        if (!Files.isRegularFile(file)) return Map.of();
        ConfigNode root = YamlConfig.read(file, display);
        Map<String, ConfigNode> entries = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : root.entries().entrySet()) {
            e.getValue().entries(); // each entry must be a mapping of step options
            entries.put(e.getKey(), e.getValue());
        }
        return entries;
    }

    private static ChainDefinition parseChain(String name, ConfigNode node, StepCatalog steps, ChainConfig config) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
            throw new ConfigException(node, "chain names use letters, digits, '-' and '_' only");
        }
        for (String key : node.entries().keySet()) {
            if (!Set.of("description", "steps", "review").contains(key)) {
                throw new ConfigException(node.get(key), "unknown key '" + key + "' in chain '" + name + "' (known: description, steps, review)");
            }
        }
        ConfigNode stepsNode = node.get("steps");
        if (stepsNode == null) throw new ConfigException(node, "chain '" + name + "' has no 'steps' list");
        ConfigNode description = node.get("description");
        boolean review = false;
        if (node.get("review") != null) {
            try {
                review = dev.imagehub.config.OptionBinder.parseBoolean(node.get("review").text());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(node.get("review"), "review of chain '" + name + "': " + e.getMessage());
            }
        }
        return new ChainDefinition(name, description == null ? "" : description.text(), stepList(name, stepsNode, steps, config), review);
    }

    private static List<ConfiguredStep<?>> stepList(String name, ConfigNode stepsNode, StepCatalog steps, ChainConfig config) {
        List<ConfiguredStep<?>> list = new ArrayList<>();
        for (ConfigNode item : stepsNode.items()) {
            ConfiguredStep<?> step = parseStep(item, steps, config);
            if (step.takesText() && !list.isEmpty()) {
                throw new ConfigException(item, "step '" + step.name() + "' makes the image from a prompt file, so it must be the first step of chain '" + name + "'");
            }
            list.add(step);
        }
        if (list.isEmpty()) throw new ConfigException(stepsNode, "chain '" + name + "' has an empty step list");
        return List.copyOf(list);
    }

    /**
     * A chain from a step list written elsewhere (a batch row's {@code operations}), bound and checked exactly like a
     * chain of chains.yaml, with the same presets and watermark templates; a mistake names the file, line and key.
     */
    public ChainDefinition bind(String name, ConfigNode stepsNode, StepCatalog steps) {
        if (!stepsNode.isList()) {
            throw new ConfigException(stepsNode, "'" + stepsNode.path() + "' must be a list of steps like [\"autoOrient\", {\"resize\": {\"width\": 800}}]");
        }
        return new ChainDefinition(name, "", stepList(name, stepsNode, steps, config));
    }

    private static ConfiguredStep<?> parseStep(ConfigNode item, StepCatalog steps, ChainConfig config) {
        String stepName;
        ConfigNode options;
        if (item.isScalar()) {
            stepName = item.text();
            options = ConfigNode.emptyMap(item);
        } else if (item.isMap() && item.entries().size() == 1) {
            Map.Entry<String, ConfigNode> only = item.entries().entrySet().iterator().next();
            stepName = only.getKey();
            ConfigNode value = only.getValue();
            options = value.isScalar() && value.text().isEmpty() ? ConfigNode.emptyMap(value) : value;
            ImageStep<?> named = steps.get(stepName);
            if (options.isScalar() && named != null && named.shorthand() != null) {
                options = ConfigNode.single(value, named.shorthand(), value);
            }
            if (!options.isMap()) {
                throw new ConfigException(value, "options of step '" + stepName + "' must be a mapping like { key: value }");
            }
        } else {
            throw new ConfigException(item, "each step is either a name (- autoOrient) or one name with options (- resize: { width: 800 })");
        }
        ImageStep<?> step = steps.get(stepName);
        if (step == null) {
            throw new ConfigException(item, "unknown step '" + stepName + "' (known steps: " + String.join(", ", steps.names()) + ")");
        }
        return bind(step, options, config);
    }

    private static <O extends Record> ConfiguredStep<O> bind(ImageStep<O> step, ConfigNode options, ChainConfig config) {
        ConfigNode expanded = step.expand(options, config);
        O bound = OptionBinder.bind(step.optionsType(), expanded, step.name());
        step.validate(bound, options);
        return new ConfiguredStep<>(step, bound, options);
    }

    /**
     * A chain built at run time from YAML text ({@code steps:} list), checked exactly like config/chains.yaml against
     * {@code steps} and the presets and watermarks loaded here; mistakes are reported against {@code displayName}.
     */
    public ChainDefinition compose(String name, String yaml, String displayName, StepCatalog steps) {
        return parseChain(name, YamlConfig.parse(yaml, displayName), steps, config);
    }

    /**
     * The mistakes of the named watermarks of config/watermarks.yaml, each checked as a step would use it, even when no
     * chain uses it yet: a batch row or a later edit may.
     */
    public java.util.List<ConfigException> checkWatermarkTemplates(StepCatalog steps) {
        java.util.List<ConfigException> problems = new java.util.ArrayList<>();
        for (String template : config.names(ChainConfig.WATERMARKS)) {
            try {
                parseChain("watermark-" + template, YamlConfig.parse("steps:\n  - watermark: { template: " + template + " }\n",
                        "config/" + ChainConfig.WATERMARKS + ".yaml"), steps, config);
            } catch (ConfigException mistake) {
                problems.add(mistake);
            }
        }
        return problems;
    }

    /** The chain named {@code name}, or null. */
    public ChainDefinition get(String name) {
        return chains.get(name);
    }

    public Map<String, ChainDefinition> all() {
        return chains;
    }

    public ChainConfig config() {
        return config;
    }
}
