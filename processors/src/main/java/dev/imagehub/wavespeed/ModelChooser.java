package dev.imagehub.wavespeed;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Picks a model for a task when a step gives {@code mode: budget | balanced | quality} instead of a model id.
 * budget: the cheapest; quality: the preferred model, else the dearest premium one; balanced: the preferred balanced
 * model, else the cheapest balanced one, else the cheapest premium one. Ties go to the model written first in
 * config/models.yaml; models whose price is only known by quote rank after priced ones.
 */
public final class ModelChooser {
    /** How a step asks the hub to choose. */
    public enum Mode {
        BUDGET, BALANCED, QUALITY;

        public static Mode of(String word) {
            return Arrays.stream(values()).filter(m -> m.name().equalsIgnoreCase(word)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown mode '" + word + "'; use budget, balanced or quality"));
        }

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final ModelRegistry registry;

    public ModelChooser(ModelRegistry registry) {
        this.registry = registry;
    }

    public ModelChoice choose(ModelTask task, Mode mode) {
        return choose(task, mode, m -> true);
    }

    /** As {@link #choose(ModelTask, Mode)} among the models that {@code fits} (e.g. only 3D models that take a sketch). */
    public ModelChoice choose(ModelTask task, Mode mode, Predicate<ModelSpec> fits) {
        List<ModelSpec> candidates = registry.forTask(task).stream().filter(fits).toList();
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no model for task '" + task + "' in config/models.yaml fits this step");
        }
        String of = " of " + candidates.size() + " " + task + " model" + (candidates.size() == 1 ? "" : "s");
        return switch (mode) {
            case BUDGET -> {
                ModelSpec m = candidates.get(0);
                yield new ModelChoice(m, "budget: cheapest" + of + " at " + price(m));
            }
            case QUALITY -> {
                Optional<ModelSpec> preferred = candidates.stream().filter(ModelSpec::preferred).findFirst();
                if (preferred.isPresent()) {
                    yield new ModelChoice(preferred.get(), "quality: preferred " + tier(preferred.get()) + " model" + of + " at " + price(preferred.get()));
                }
                List<ModelSpec> premium = inTier(candidates, ModelTier.PREMIUM);
                if (!premium.isEmpty()) {
                    ModelSpec m = dearest(premium);
                    yield new ModelChoice(m, "quality: dearest of " + premium.size() + " premium" + of + " at " + price(m));
                }
                ModelSpec m = dearest(candidates);
                yield new ModelChoice(m, "quality: no premium model, dearest" + of + " at " + price(m));
            }
            case BALANCED -> {
                List<ModelSpec> balanced = inTier(candidates, ModelTier.BALANCED);
                Optional<ModelSpec> preferred = balanced.stream().filter(ModelSpec::preferred).findFirst();
                if (preferred.isPresent()) {
                    yield new ModelChoice(preferred.get(), "balanced: preferred balanced model" + of + " at " + price(preferred.get()));
                }
                if (!balanced.isEmpty()) {
                    ModelSpec m = balanced.get(0);
                    yield new ModelChoice(m, "balanced: cheapest of " + balanced.size() + " balanced" + of + " at " + price(m));
                }
                List<ModelSpec> premium = inTier(candidates, ModelTier.PREMIUM);
                ModelSpec m = premium.isEmpty() ? candidates.get(0) : premium.get(0);
                yield new ModelChoice(m, "balanced: no balanced model, cheapest " + (premium.isEmpty() ? "" : "premium ")
                        + "model" + of + " at " + price(m));
            }
        };
    }

    private static List<ModelSpec> inTier(List<ModelSpec> models, ModelTier tier) {
        return models.stream().filter(m -> m.tier() == tier).collect(Collectors.toList());
    }

    // dearest priced model; ties to the one written first; quote-only models only when none is priced
    private static ModelSpec dearest(List<ModelSpec> models) {
        ModelSpec best = null;
        for (ModelSpec m : models) {
            BigDecimal p = m.basePrice().orElse(null);
            if (best == null || p != null && (best.basePrice().isEmpty() || p.compareTo(best.basePrice().get()) > 0)) best = m;
        }
        return best;
    }

    private static String tier(ModelSpec m) {
        return m.tier().word();
    }

    private static String price(ModelSpec m) {
        return m.basePrice().map(p -> PriceRule.usd(p) + " (" + m.id() + ")").orElse("a price to be quoted (" + m.id() + ")");
    }
}
