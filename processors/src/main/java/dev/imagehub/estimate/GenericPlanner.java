package dev.imagehub.estimate;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import dev.imagehub.wavespeed.ModelChoice;
import dev.imagehub.wavespeed.ModelChooser;
import dev.imagehub.wavespeed.ModelRegistry;
import dev.imagehub.wavespeed.ModelSpec;
import dev.imagehub.wavespeed.ModelTask;

/**
 * Plans an AI step that does not implement {@link AiCostPlanner}, from the conventions AI steps follow: the step's name
 * is its task ({@code upscale}, {@code translate}, ...); its options have {@code model} (id or name) and/or
 * {@code mode} (budget, balanced, quality); {@code compare} lists models to run side by side; {@code languages} gives
 * one call per language; option values named like a model input ({@code resolution}, {@code quality}, {@code size},
 * {@code duration}) and the {@code inputs} map are sent as they are; the {@code audio} file of the sidecar (beside the
 * photo) or of the option (relative to the hub home) is measured for models billed per second of audio.
 */
public final class GenericPlanner {
    private GenericPlanner() {
    }

    /** True when a step with this name and options type calls WaveSpeed. */
    public static boolean isAiStep(String stepName, Class<? extends Record> optionsType) {
        boolean chooses = false;
        for (RecordComponent c : optionsType.getRecordComponents()) {
            if (c.getName().equals("model") || c.getName().equals("mode")) chooses = true;
        }
        return chooses && ModelTask.of(stepName).isPresent();
    }

    /** The calls of one AI step for one file; empty when the step is not an AI step. */
    public static Optional<List<PlannedCall>> plan(String stepName, Record options, PlanContext ctx) {
        @SuppressWarnings("unchecked")
        Class<? extends Record> type = (Class<? extends Record>) options.getClass();
        if (!isAiStep(stepName, type)) return Optional.empty();
        ModelTask task = ModelTask.of(stepName).orElseThrow();
        Map<String, Object> values = components(options);
        ModelRegistry registry = ctx.registry();
        List<PlannedCall> calls = new ArrayList<>();
        List<?> compare = list(values.get("compare"));
        if (!compare.isEmpty()) {
            for (Object wanted : compare) {
                ModelSpec m = named(registry, String.valueOf(wanted), task);
                ModelChoice choice = new ModelChoice(m, "compare: one of " + compare.size() + " models named in the chain");
                calls.add(new PlannedCall(m.id(), choice, priceInputs(m, values, ctx)));
            }
            return Optional.of(calls);
        }
        ModelChoice choice = choose(registry, task, values);
        Map<String, String> inputs = priceInputs(choice.model(), values, ctx);
        List<?> languages = list(values.get("languages"));
        if (languages.isEmpty()) {
            calls.add(new PlannedCall("", choice, inputs));
        } else {
            for (Object language : languages) calls.add(new PlannedCall(String.valueOf(language), choice, inputs));
        }
        return Optional.of(calls);
    }

    static ModelChoice choose(ModelRegistry registry, ModelTask task, Map<String, Object> values) {
        Object model = values.get("model");
        if (model != null && !String.valueOf(model).isBlank()) {
            ModelSpec m = named(registry, String.valueOf(model), task);
            return new ModelChoice(m, "named in the chain: " + m.id());
        }
        Object mode = values.get("mode");
        ModelChooser.Mode m = mode == null ? ModelChooser.Mode.BALANCED
                : mode instanceof Enum<?> e ? ModelChooser.Mode.of(e.name()) : ModelChooser.Mode.of(String.valueOf(mode));
        return new ModelChooser(registry).choose(task, m);
    }

    /** The registry entry with this id or display name (case-insensitive), which must do {@code task}. */
    static ModelSpec named(ModelRegistry registry, String wanted, ModelTask task) {
        ModelSpec m = registry.find(wanted.trim()).orElseGet(() -> registry.all().stream()
                .filter(s -> s.name().equalsIgnoreCase(wanted.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown model '" + wanted + "' (see ./hub models " + task + ")")));
        if (m.task() != task) throw new IllegalArgumentException("model '" + m.id() + "' does " + m.task() + ", not " + task);
        return m;
    }

    // option values named like model inputs, then the inputs map, then the measured audio length
    private static Map<String, String> priceInputs(ModelSpec m, Map<String, Object> values, PlanContext ctx) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            if (m.inputs().containsKey(name) && scalar(value)) out.put(name, text(value));
        });
        if (values.get("inputs") instanceof Map<?, ?> passed) {
            passed.forEach((k, v) -> {
                if (scalar(v)) out.put(String.valueOf(k), text(v));
            });
        }
        // the sidecar's audio (a file beside the photo) wins over the option's (relative to the hub home)
        OptionalDouble seconds = ctx.sidecar().get("audio") != null ? ctx.audioSeconds(String.valueOf(ctx.sidecar().get("audio")))
                : values.get("audio") != null ? ctx.audioSeconds(ctx.home().resolve(String.valueOf(values.get("audio"))))
                : OptionalDouble.empty();
        if (seconds.isPresent()) out.put("audio.seconds", String.format(Locale.ROOT, "%.3f", seconds.getAsDouble()));
        return out;
    }

    private static boolean scalar(Object v) {
        return v instanceof String || v instanceof Number || v instanceof Boolean || v instanceof Enum<?>;
    }

    private static String text(Object v) {
        return v instanceof Enum<?> e ? e.name().toLowerCase(Locale.ROOT) : String.valueOf(v);
    }

    private static List<?> list(Object v) {
        return v instanceof List<?> l ? l : List.of();
    }

    private static Map<String, Object> components(Record options) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (RecordComponent c : options.getClass().getRecordComponents()) {
            try {
                c.getAccessor().setAccessible(true);
                out.put(c.getName(), c.getAccessor().invoke(options));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read option '" + c.getName() + "' of " + options.getClass().getSimpleName(), e);
            }
        }
        return out;
    }
}
