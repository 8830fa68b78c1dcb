package dev.imagehub.steps.ai;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.imagehub.chain.AbstractStep;
import dev.imagehub.chain.ChainConfig;
import dev.imagehub.chain.JobScope;
import dev.imagehub.chain.StepContext;
import dev.imagehub.config.ConfigException;
import dev.imagehub.config.ConfigNode;
import dev.imagehub.config.OptionBinder;
import dev.imagehub.image.ImageFormat;
import dev.imagehub.image.Orientation;
import dev.imagehub.image.WorkingImage;
import dev.imagehub.wavespeed.AiFailure;
import dev.imagehub.wavespeed.AiResult;
import dev.imagehub.wavespeed.InputSpec;
import dev.imagehub.wavespeed.ModelChoice;
import dev.imagehub.wavespeed.ModelRegistry;
import dev.imagehub.wavespeed.ModelSpec;
import dev.imagehub.wavespeed.ModelTask;
import dev.imagehub.wavespeed.OutputKind;
import dev.imagehub.estimate.AiCostPlanner;
import dev.imagehub.estimate.PlanContext;
import dev.imagehub.estimate.PlannedCall;

/**
 * Base of the WaveSpeed steps: checks at start-up that the model (named, or chosen by mode) exists, does the step's
 * task, and gets every input it requires; at run time chooses the model, maps the step's options onto the model's own
 * inputs, runs the prediction through {@link AiRunner} (ledger rows included) and delivers the outputs. With
 * {@code compare: [a, b]} it runs each model and adds a labelled contact sheet.
 *
 * @param <O> the step's options record
 */
public abstract class AiStep<O extends Record & AiOptions> extends AbstractStep<O> implements AiCostPlanner<O> {
    /** Suffix of the contact sheet a comparison delivers: {@code photo-compare.jpg}. */
    public static final String COMPARE_SUFFIX = "-compare";
    private final ModelTask task;

    protected AiStep(String name, String summary, ModelTask task, Class<O> optionsType) {
        super(name, summary, optionsType);
        this.task = task;
    }

    public final ModelTask task() {
        return task;
    }

    /** The input names this step fills itself for model {@code m} (the image, the prompt, ...). */
    protected abstract Set<String> provides(O o, ModelSpec m);

    /** The inputs of one prediction for model {@code m}, from the options, the sidecar and the working image. */
    protected abstract Map<String, Object> inputs(StepContext ctx, O o, ModelSpec m) throws Exception;

    /** Delivers a finished prediction; by default its first image replaces the working image. */
    protected void deliver(StepContext ctx, O o, ModelSpec m, AiResult result) throws Exception {
        ctx.replaceImage(AiImages.decode(AiImages.first(result.outputs(), m), m));
    }

    /** Whether model {@code m} can serve these options (e.g. sketch mode needs a sketch model). */
    protected boolean fits(O o, ModelSpec m) {
        return true;
    }

    /** Why a model that does not {@link #fits fit} is refused, completing "model 'x' ...". */
    protected String fitsWhy(O o) {
        return "cannot serve these options";
    }

    /** Step-specific start-up checks against the model (languages it knows, ...); throw IllegalArgumentException. */
    protected void check(O o, ModelSpec m) {
    }

    @Override
    public final boolean sendsSource() {
        return true;
    }

    @Override
    public final boolean paid() {
        return true;
    }

    // The registry is only known here (ChainConfig), so the model checks run while options are expanded.
    @Override
    public ConfigNode expand(ConfigNode node, ChainConfig config) {
        ModelRegistry registry = AiModels.registry(config);
        if (registry == null) return node;
        O o = OptionBinder.bind(optionsType(), node, name());
        validate(o, node);                                      // the step's own rules first: their messages are the most specific
        if (!o.compare().isEmpty()) {
            checkCompare(registry, o, node);
            return node;
        }
        ConfigNode at = node.get("model") != null ? node.get("model") : node;
        ModelChoice choice;
        try {
            choice = choose(registry, o);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(at, "step '" + name() + "': " + e.getMessage());
        }
        checkModel(o, choice.model(), node, at);
        return node;
    }

    private void checkCompare(ModelRegistry registry, O o, ConfigNode node) {
        ConfigNode at = node.get("compare");
        if (o.model() != null) {
            throw new ConfigException(node.get("model"), "step '" + name() + "': give either model or compare, not both");
        }
        if (o.compare().size() < 2 || new HashSet<>(o.compare()).size() != o.compare().size()) {
            throw new ConfigException(at, "step '" + name() + "': compare needs at least two different models, e.g. compare: [a, b]");
        }
        for (String wanted : o.compare()) {
            ModelSpec m;
            try {
                m = AiModels.named(registry, wanted, task);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(at, "step '" + name() + "': " + e.getMessage());
            }
            if (m.output() != OutputKind.IMAGE) {
                throw new ConfigException(at, "step '" + name() + "': compare works on image results; " + m.id() + " returns " + m.output().word());
            }
            if (!fits(o, m)) throw new ConfigException(at, "step '" + name() + "': model '" + m.id() + "' " + fitsWhy(o));
            checkModel(o, m, node, at);
        }
    }

    private void checkModel(O o, ModelSpec m, ConfigNode node, ConfigNode at) {
        Set<String> given = new HashSet<>(provides(o, m));
        given.addAll(o.inputs().keySet());
        for (InputSpec in : m.inputs().values()) {
            if (in.required() && !given.contains(in.name())) {
                throw new ConfigException(at, "step '" + name() + "': model " + m.id() + " requires the input '" + in.name()
                        + "', which this step does not fill from its options; give it as inputs: { " + in.name() + ": ... } or choose another model");
            }
        }
        ConfigNode inputsNode = node.get("inputs");
        for (Map.Entry<String, Object> e : o.inputs().entrySet()) {
            ConfigNode where = inputsNode != null && inputsNode.get(e.getKey()) != null ? inputsNode.get(e.getKey()) : node;
            InputSpec spec = m.inputs().get(e.getKey());
            if (spec == null) {
                throw new ConfigException(where, "step '" + name() + "': model " + m.id() + " has no input '" + e.getKey()
                        + "' (its inputs: " + String.join(", ", m.inputs().keySet()) + ")");
            }
            try {
                InputValues.convert(spec, e.getValue());
            } catch (IllegalArgumentException ex) {
                throw new ConfigException(where, "step '" + name() + "': input '" + e.getKey() + "' of " + m.id() + ": " + ex.getMessage());
            }
        }
        try {
            check(o, m);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(at, "step '" + name() + "': " + e.getMessage());
        }
    }

    /** The model to run: named in the options, or the mode's choice among the models that fit. */
    protected final ModelChoice choose(ModelRegistry registry, O o) {
        return AiModels.choose(registry, task, o.model(), o.mode(), m -> fits(o, m), fitsWhy(o));
    }

    @Override
    public final void apply(StepContext ctx, O o) throws Exception {
        ModelRegistry registry = scope(ctx).ai().registry();
        if (!o.compare().isEmpty()) {
            compare(ctx, o, registry);
            return;
        }
        ModelChoice choice = choose(registry, o);
        run(ctx, o, choice);
    }

    /** One prediction with the chosen model, delivered; steps with several predictions per file override this. */
    protected void run(StepContext ctx, O o, ModelChoice choice) throws Exception {
        AiResult result = call(ctx, o, "", choice, inputs(ctx, o, choice.model()));
        deliver(ctx, o, choice.model(), result);
    }

    /** Runs one prediction: the step's inputs, overridden by the chain's pass-through {@code inputs}. */
    protected final AiResult call(StepContext ctx, O o, String variant, ModelChoice choice, Map<String, Object> inputs)
            throws AiFailure, InterruptedException {
        Map<String, Object> all = new LinkedHashMap<>(inputs);
        for (Map.Entry<String, Object> e : o.inputs().entrySet()) {
            all.put(e.getKey(), InputValues.convert(choice.model().inputs().get(e.getKey()), e.getValue()));
        }
        return AiRunner.run(ctx, name(), variant, choice.model(), all, choice.reason());
    }

    private static JobScope scope(StepContext ctx) throws AiFailure {
        if (ctx.scope() == null) {
            throw AiFailure.notSent("AI steps call WaveSpeed and can only run inside a hub job (a hot folder, mailbox or "
                    + "batch), not on animation frames or in a preview");
        }
        return ctx.scope();
    }

    // Each model on the same image, delivered as the step delivers one result (an upscale is made exact, ...); the
    // first model's result goes on down the chain.
    private void compare(StepContext ctx, O o, ModelRegistry registry) throws Exception {
        if (ctx.orientation() != 1) {
            Orientation.apply(ctx.image(), ctx.orientation());     // every model and the sheet see the upright photo
            ctx.orientation(1);
        }
        List<ContactSheet.Cell> cells = new ArrayList<>();
        WorkingImage before = new WorkingImage(ctx.image().mat().clone());
        try {
            cells.add(new ContactSheet.Cell(before, "original", before.width() + "x" + before.height()));
            WorkingImage firstResult = null;
            for (String wanted : o.compare()) {
                ModelSpec m = AiModels.named(registry, wanted, task);
                if (firstResult != null) ctx.replaceImage(new WorkingImage(before.mat().clone()));
                ModelChoice choice = new ModelChoice(m, "compare: one of " + o.compare().size() + " models named in the chain");
                AiResult result = call(ctx, o, AiModels.shortName(m), choice, inputs(ctx, o, m));
                deliver(ctx, o, m, result);
                WorkingImage out = new WorkingImage(ctx.image().mat().clone());
                ctx.addExtra("-" + AiModels.shortName(m), out, null);
                if (firstResult == null) firstResult = out;
                cells.add(new ContactSheet.Cell(out, m.name(), label(result)));
            }
            WorkingImage sheet = ContactSheet.compose(cells, ContactSheet.font(ctx.scope().home()));
            ctx.addExtra(COMPARE_SUFFIX, sheet, ImageFormat.JPEG);
            ctx.note(String.format(Locale.ROOT, "compared %d models; contact sheet %dx%d", o.compare().size(), sheet.width(), sheet.height()));
            ctx.replaceImage(new WorkingImage(firstResult.mat().clone()));
        } finally {
            before.close();
        }
    }

    private static String label(AiResult r) {
        BigDecimal cost = r.costUsd() == null ? BigDecimal.ZERO : r.costUsd();
        return String.format(Locale.ROOT, "$%s  ·  %.1f s", cost.stripTrailingZeros().toPlainString(), r.millis() / 1000.0);
    }

    // ---- hub estimate: the calls this step would make for a file, priced without sending anything

    @Override
    public final List<PlannedCall> plan(O o, PlanContext ctx) {
        ModelRegistry registry = ctx.registry();
        List<PlannedCall> calls = new ArrayList<>();
        if (!o.compare().isEmpty()) {
            for (String wanted : o.compare()) {
                ModelSpec m = AiModels.named(registry, wanted, task);
                ModelChoice choice = new ModelChoice(m, "compare: one of " + o.compare().size() + " models named in the chain");
                calls.add(new PlannedCall(AiModels.shortName(m), choice, priceInputs(o, m, ctx)));
            }
            return calls;
        }
        ModelChoice choice = choose(registry, o);
        Map<String, String> inputs = priceInputs(o, choice.model(), ctx);
        for (String variant : variants(o, ctx)) calls.add(new PlannedCall(variant, choice, inputs));
        return calls;
    }

    /** What tells this step's predictions for one file apart: one empty variant, unless it runs several (languages, faces, images). */
    protected List<String> variants(O o, PlanContext ctx) {
        return List.of("");
    }

    /**
     * The input values a model's price can depend on, as this step would send them for the file (never files): by
     * default the chain's pass-through {@code inputs}; steps add what they derive (an upscale target, a video length).
     */
    protected Map<String, String> priceInputs(O o, ModelSpec m, PlanContext ctx) {
        Map<String, String> out = new LinkedHashMap<>();
        o.inputs().forEach((k, v) -> {
            if (v instanceof String || v instanceof Number || v instanceof Boolean) out.put(k, String.valueOf(v));
        });
        return out;
    }
}
