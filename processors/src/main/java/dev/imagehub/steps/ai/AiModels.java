package dev.imagehub.steps.ai;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Predicate;

import dev.imagehub.chain.ChainConfig;
import dev.imagehub.wavespeed.ModelChoice;
import dev.imagehub.wavespeed.ModelChooser;
import dev.imagehub.wavespeed.ModelRegistry;
import dev.imagehub.wavespeed.ModelSpec;
import dev.imagehub.wavespeed.ModelTask;

/** Finds the model an AI step runs: named by id or display name, or chosen by mode among the models that fit. */
final class AiModels {
    private AiModels() {
    }

    /** The registry of the configuration being validated, or null when there is none (a chain file checked alone). */
    static ModelRegistry registry(ChainConfig config) {
        if (config == null || config.configDir() == null) return null;
        Path dir = config.configDir();
        return Files.isRegularFile(dir.resolve(ModelRegistry.FILE)) ? ModelRegistry.load(dir) : null;
    }

    /**
     * The model named {@code model} (id or name, case-insensitive) when given, else the {@code mode}'s choice among the
     * models of {@code task} that {@code fits}. Errors say what is wrong and list what would work.
     */
    static ModelChoice choose(ModelRegistry registry, ModelTask task, String model, ModelChooser.Mode mode,
                              Predicate<ModelSpec> fits, String fitsWhy) {
        if (model == null || model.isBlank()) {
            return new ModelChooser(registry).choose(task, mode == null ? ModelChooser.Mode.BALANCED : mode, fits);
        }
        ModelSpec m = named(registry, model, task);
        if (!fits.test(m)) {
            throw new IllegalArgumentException("model '" + m.id() + "' " + fitsWhy + "; models that do: " + ids(registry, task, fits));
        }
        return new ModelChoice(m, "named in the chain: " + m.id());
    }

    /** The registry entry called {@code model} (id or display name), which must do {@code task}. */
    static ModelSpec named(ModelRegistry registry, String model, ModelTask task) {
        String wanted = model.trim();
        ModelSpec m = registry.find(wanted).orElseGet(() -> registry.all().stream()
                .filter(s -> s.name().equalsIgnoreCase(wanted) || shortName(s).equalsIgnoreCase(wanted)).findFirst().orElse(null));
        if (m == null) {
            throw new IllegalArgumentException("unknown model '" + wanted + "'; " + task + " models in config/models.yaml: "
                    + ids(registry, task, s -> true));
        }
        if (m.task() != task) {
            throw new IllegalArgumentException("model '" + m.id() + "' does " + m.task() + ", not " + task + "; " + task
                    + " models: " + ids(registry, task, s -> true));
        }
        return m;
    }

    /** The id without its vendor, slashes as dashes: {@code flux-kontext-pro-multi}; names compare outputs. */
    static String shortName(ModelSpec m) {
        return ModelSpec.shortName(m.id());
    }

    private static String ids(ModelRegistry registry, ModelTask task, Predicate<ModelSpec> fits) {
        return String.join(", ", registry.forTask(task).stream().filter(fits).map(ModelSpec::id).toList());
    }
}
