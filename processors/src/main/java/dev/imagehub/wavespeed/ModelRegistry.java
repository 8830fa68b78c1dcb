package dev.imagehub.wavespeed;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.imagehub.config.ConfigException;
import dev.imagehub.config.ConfigNode;
import dev.imagehub.config.YamlConfig;

/**
 * The WaveSpeed models of config/models.yaml, validated at start-up: every error names the file, line and key
 * (unknown task, bad price rule, duplicate id, missing field) so the hub refuses to start with a fix-it message.
 */
public final class ModelRegistry {
    /** The registry file inside the hub's config folder. */
    public static final String FILE = "models.yaml";

    private static final List<String> REQUIRED = List.of("id", "name", "task", "price", "source", "output", "tier", "bestFor", "inputs");
    private static final Set<String> KNOWN = Set.of("id", "name", "task", "price", "source", "output", "tier", "preferred", "bestFor", "inputs");
    private static final Set<String> INPUT_KEYS = Set.of("type", "required", "default", "values", "min", "max");

    private final Map<String, ModelSpec> byId;

    private ModelRegistry(Map<String, ModelSpec> byId) {
        this.byId = byId;
    }

    /** Loads {@code <configDir>/models.yaml}; errors name it as {@code config/models.yaml}. */
    public static ModelRegistry load(Path configDir) {
        return fromNode(YamlConfig.read(configDir.resolve(FILE), "config/" + FILE));
    }

    public static ModelRegistry parse(String yaml, String displayName) {
        return fromNode(YamlConfig.parse(yaml, displayName));
    }

    private static ModelRegistry fromNode(ConfigNode root) {
        if (!root.isMap() || root.get("models") == null) {
            throw new ConfigException(root, "the file must start with 'models:' followed by a list of models");
        }
        for (Map.Entry<String, ConfigNode> k : root.entries().entrySet()) {
            if (!k.getKey().equals("models")) throw new ConfigException(k.getValue(), "unknown top-level key; only 'models' is allowed");
        }
        Map<String, ModelSpec> byId = new LinkedHashMap<>();
        for (ConfigNode entry : root.get("models").items()) {
            ModelSpec m = model(entry);
            ModelSpec earlier = byId.putIfAbsent(m.id(), m);
            if (earlier != null) {
                throw new ConfigException(entry.get("id"), "duplicate id '" + m.id() + "', already defined at line " + earlier.line());
            }
        }
        return new ModelRegistry(java.util.Collections.unmodifiableMap(byId));
    }

    private static ModelSpec model(ConfigNode entry) {
        Map<String, ConfigNode> e = entry.entries();
        for (Map.Entry<String, ConfigNode> k : e.entrySet()) {
            if (!KNOWN.contains(k.getKey())) {
                throw new ConfigException(k.getValue(), "unknown key '" + k.getKey() + "' (known: " + String.join(", ", REQUIRED) + ", preferred)");
            }
        }
        for (String key : REQUIRED) {
            if (!e.containsKey(key)) {
                throw new ConfigException(entry.file(), entry.line(), entry.path() + "." + key,
                        "is missing" + (e.containsKey("id") ? " for model '" + e.get("id").text() + "'" : "") + "; every model needs " + String.join(", ", REQUIRED));
            }
        }
        String id = e.get("id").text().trim();
        if (id.isEmpty() || id.startsWith("/") || id.contains(" ")) {
            throw new ConfigException(e.get("id"), "'" + id + "' is not a WaveSpeed model id such as wavespeed-ai/image-upscaler");
        }
        ConfigNode taskNode = e.get("task");
        ModelTask task = ModelTask.of(taskNode.text()).orElseThrow(() -> new ConfigException(taskNode,
                "unknown task '" + taskNode.text() + "' (known: " + ModelTask.words() + ")"));
        PriceRule price = PriceRuleParser.parse(e.get("price"));
        PriceSource source = word(e.get("source"), PriceSource.values(), PriceSource::word);
        OutputKind output = word(e.get("output"), OutputKind.values(), OutputKind::word);
        ModelTier tier = word(e.get("tier"), ModelTier.values(), ModelTier::word);
        boolean preferred = e.containsKey("preferred") && bool(e.get("preferred"));
        if ((source == PriceSource.UNKNOWN) != (price instanceof PriceRule.Quote)) {
            throw new ConfigException(e.get("source"), "source 'unknown' goes with a 'quote' price and only with it");
        }
        Map<String, InputSpec> inputs = new LinkedHashMap<>();
        e.get("inputs").entries().forEach((name, spec) -> inputs.put(name, input(name, spec)));
        return new ModelSpec(id, e.get("name").text(), task, price, source, output, tier, preferred, e.get("bestFor").text(),
                java.util.Collections.unmodifiableMap(inputs), entry.line());
    }

    private static InputSpec input(String name, ConfigNode spec) {
        for (Map.Entry<String, ConfigNode> k : spec.entries().entrySet()) {
            if (!INPUT_KEYS.contains(k.getKey())) {
                throw new ConfigException(k.getValue(), "unknown key '" + k.getKey() + "' for an input (known: type, required, default, values, min, max)");
            }
        }
        ConfigNode typeNode = spec.get("type");
        if (typeNode == null) throw new ConfigException(spec, "the input '" + name + "' needs a type");
        InputSpec.Type type = word(typeNode, InputSpec.Type.values(), InputSpec.Type::word);
        List<String> values = spec.get("values") == null ? List.of()
                : spec.get("values").items().stream().map(ConfigNode::text).toList();
        if (type == InputSpec.Type.ENUM && values.isEmpty()) {
            throw new ConfigException(spec, "an enum input needs 'values', e.g. values: [4k, 8k]");
        }
        if (type != InputSpec.Type.ENUM && !values.isEmpty()) {
            throw new ConfigException(spec.get("values"), "'values' is only for inputs of type enum");
        }
        String def = spec.get("default") == null ? null : spec.get("default").text();
        if (def != null && type == InputSpec.Type.ENUM && !values.contains(def)) {
            throw new ConfigException(spec.get("default"), "the default '" + def + "' is not one of " + values);
        }
        BigDecimal min = number(spec.get("min"));
        BigDecimal max = number(spec.get("max"));
        if (min != null && max != null && min.compareTo(max) > 0) {
            throw new ConfigException(spec.get("min"), "min " + min + " is above max " + max);
        }
        boolean required = spec.get("required") != null && bool(spec.get("required"));
        return new InputSpec(name, type, required, def, values, min, max);
    }

    private static BigDecimal number(ConfigNode n) {
        if (n == null) return null;
        try {
            return new BigDecimal(n.text().trim());
        } catch (NumberFormatException ex) {
            throw new ConfigException(n, "'" + n.text() + "' is not a number");
        }
    }

    private static boolean bool(ConfigNode n) {
        return switch (n.text()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(n, "write true or false");
        };
    }

    private static <E> E word(ConfigNode n, E[] all, java.util.function.Function<E, String> spelling) {
        String text = n.text();
        return Arrays.stream(all).filter(v -> spelling.apply(v).equals(text)).findFirst().orElseThrow(() -> new ConfigException(n,
                "'" + text + "' is not one of " + Arrays.stream(all).map(spelling).collect(Collectors.joining(", "))));
    }

    /** Every model in file order. */
    public List<ModelSpec> all() {
        return List.copyOf(byId.values());
    }

    public Optional<ModelSpec> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The model with this id; the error lists the ids of the registry so a typo is easy to fix. */
    public ModelSpec require(String id) {
        ModelSpec m = byId.get(id);
        if (m == null) {
            throw new IllegalArgumentException("unknown WaveSpeed model '" + id + "'; add it to config/models.yaml or use one of: "
                    + String.join(", ", byId.keySet()));
        }
        return m;
    }

    /** The models of one task, cheapest first (by base price; models that need a quote last), ties in file order. */
    public List<ModelSpec> forTask(ModelTask task) {
        List<ModelSpec> out = new ArrayList<>(byId.values().stream().filter(m -> m.task() == task).toList());
        out.sort(CHEAPEST_FIRST);
        return out;
    }

    /** Base price ascending; a model without a known price sorts after every priced one. */
    static final Comparator<ModelSpec> CHEAPEST_FIRST = Comparator.comparing(
            (ModelSpec m) -> m.basePrice().orElse(null), Comparator.nullsLast(Comparator.naturalOrder()));
}
