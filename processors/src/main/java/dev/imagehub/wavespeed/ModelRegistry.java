package dev.imagehub.wavespeed;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.imagehub.config.ConfigBinder;
import dev.imagehub.config.ConfigException;
import dev.imagehub.config.Option;
import dev.imagehub.config.ConfigNode;
import dev.imagehub.config.YamlConfig;

/**
 * The WaveSpeed models of config/models.yaml, validated at start-up: every error names the file, line and key
 * (unknown task, bad price rule, duplicate id, missing field) so the hub refuses to start with a fix-it message.
 */
public final class ModelRegistry {
    /** The registry file inside the hub's config folder. */
    public static final String FILE = "models.yaml";

    /** What config/models.yaml holds, bound by the one config binder. */
    record File(@Option(value = "the models, one entry each", required = true) List<Entry> models) {
    }

    /** One model as written. */
    record Entry(@Option(value = "the WaveSpeed model id, e.g. wavespeed-ai/image-upscaler", required = true) String id,
                 @Option(value = "its display name", required = true) String name,
                 @Option(value = "what it does (edit, upscale, ...)", required = true) ModelTask task,
                 @Option(value = "the price rule", required = true) ConfigNode price,
                 @Option(value = "where the price comes from", required = true) PriceSource source,
                 @Option(value = "what it returns", required = true) OutputKind output,
                 @Option(value = "budget, balanced or premium", required = true) ModelTier tier,
                 @Option(value = "chosen first among equals", defaultValue = "false") boolean preferred,
                 @Option(value = "one line: what it is best for", required = true) String bestFor,
                 @Option(value = "its inputs by name", required = true) Map<String, Input> inputs) {
        Entry {
            String i = id.trim();
            if (i.isEmpty() || i.startsWith("/") || i.contains(" ")) {
                throw ConfigBinder.at("id", "'" + i + "' is not a WaveSpeed model id such as wavespeed-ai/image-upscaler");
            }
        }
    }

    /** One input of a model. */
    record Input(@Option(value = "text, image, images, ...", required = true) InputSpec.Type type,
                 @Option(value = "the API refuses a call without it", defaultValue = "false") boolean required,
                 @Option(value = "the value sent when the chain gives none", key = "default") String defaultValue,
                 @Option("the allowed values of an enum input") List<String> values,
                 @Option("the smallest number allowed") BigDecimal min,
                 @Option("the largest number allowed") BigDecimal max) {
        Input {
            if (type == InputSpec.Type.ENUM && values.isEmpty()) throw new IllegalArgumentException("an enum input needs 'values', e.g. values: [4k, 8k]");
            if (type != InputSpec.Type.ENUM && !values.isEmpty()) throw ConfigBinder.at("values", "'values' is only for inputs of type enum");
            if (defaultValue != null && type == InputSpec.Type.ENUM && !values.contains(defaultValue)) {
                throw ConfigBinder.at("default", "the default '" + defaultValue + "' is not one of " + values);
            }
            if (min != null && max != null && min.compareTo(max) > 0) throw ConfigBinder.at("min", "min " + min + " is above max " + max);
        }
    }

    private static final ConfigBinder BINDER = ConfigBinder.standard()
            .with(ModelTask.class, t -> ModelTask.of(t.trim()).orElseThrow(() -> new IllegalArgumentException(
                    "unknown task '" + t + "' (known: " + ModelTask.words() + ")")))
            .with(PriceSource.class, ConfigBinder.words(PriceSource.values(), PriceSource::word))
            .with(OutputKind.class, ConfigBinder.words(OutputKind.values(), OutputKind::word))
            .with(ModelTier.class, ConfigBinder.words(ModelTier.values(), ModelTier::word))
            .with(InputSpec.Type.class, ConfigBinder.words(InputSpec.Type.values(), InputSpec.Type::word));

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
        File file = BINDER.bind(File.class, root);
        // what each entry alone cannot tell: price rules, their fit with the source, ids used twice; all reported at once
        List<ConfigException> problems = new ArrayList<>();
        Map<String, ModelSpec> byId = new LinkedHashMap<>();
        List<ConfigNode> nodes = root.get("models").items();
        for (int i = 0; i < file.models().size(); i++) {
            Entry e = file.models().get(i);
            ConfigNode at = nodes.get(i);
            PriceRule price;
            try {
                price = PriceRuleParser.parse(e.price());
            } catch (ConfigException bad) {
                problems.add(bad);
                continue;
            }
            if ((e.source() == PriceSource.UNKNOWN) != (price instanceof PriceRule.Quote)) {
                problems.add(new ConfigException(at.get("source"), "source 'unknown' goes with a 'quote' price and only with it"));
                continue;
            }
            Map<String, InputSpec> inputs = new LinkedHashMap<>();
            e.inputs().forEach((name, in) -> inputs.put(name, new InputSpec(name, in.type(), in.required(), in.defaultValue(), in.values(),
                    in.min(), in.max())));
            ModelSpec m = new ModelSpec(e.id().trim(), e.name(), e.task(), price, e.source(), e.output(), e.tier(), e.preferred(), e.bestFor(),
                    java.util.Collections.unmodifiableMap(inputs), at.line());
            ModelSpec earlier = byId.putIfAbsent(m.id(), m);
            if (earlier != null) {
                problems.add(new ConfigException(at.get("id"), "duplicate id '" + m.id() + "', already defined at line " + earlier.line()));
            }
        }
        if (problems.size() == 1) throw problems.get(0);
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return new ModelRegistry(java.util.Collections.unmodifiableMap(byId));
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
