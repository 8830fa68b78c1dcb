package dev.imagehub.steps.ai;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.imagehub.chain.ChainConfig;
import dev.imagehub.chain.StepContext;
import dev.imagehub.image.WorkingImage;
import dev.imagehub.wavespeed.AiFailure;
import dev.imagehub.wavespeed.AiResult;
import dev.imagehub.wavespeed.InputSpec;
import dev.imagehub.wavespeed.ModelChoice;
import dev.imagehub.wavespeed.ModelChooser;
import dev.imagehub.wavespeed.ModelRegistry;
import dev.imagehub.wavespeed.ModelSpec;
import dev.imagehub.wavespeed.ModelTask;

/**
 * The WaveSpeed background task for steps outside this package (the variants step's AI backgrounds): the same model
 * choice, inputs and ledger rows as the {@code background} step, one prediction per call.
 */
public final class AiBackgrounds {

    /** One finished background replacement: the new picture (upright, owned by the caller) and what it cost. */
    public record Result(WorkingImage image, ModelSpec model, AiResult run) {
    }

    private AiBackgrounds() {
    }

    /** The registry of the configuration being validated, or null when there is none (a chain file checked alone). */
    public static ModelRegistry registry(ChainConfig config) {
        return AiModels.registry(config);
    }

    /**
     * The background model for {@code model} (id or name) or, when it is empty, the {@code mode}'s choice; checks that
     * the step can fill every input the model requires. IllegalArgumentException says what would work.
     */
    public static ModelChoice choose(ModelRegistry registry, String model, ModelChooser.Mode mode) {
        ModelChoice choice = AiModels.choose(registry, ModelTask.BACKGROUND, model, mode, m -> true, "cannot replace backgrounds");
        ModelSpec m = choice.model();
        Set<String> given = new HashSet<>(Set.of(ModelInputs.mainImage(m), "prompt"));
        for (InputSpec in : m.inputs().values()) {
            if (in.required() && !given.contains(in.name())) {
                throw new IllegalArgumentException("model " + m.id() + " requires the input '" + in.name()
                        + "', which an AI background does not give; choose another background model");
            }
        }
        return choice;
    }

    /**
     * Replaces the background of the context's current picture with {@code prompt}. {@code variant} names the call
     * within the step (the background's name) so a restarted job resumes it instead of paying again.
     */
    public static Result run(StepContext ctx, String step, String variant, ModelChoice choice, String prompt)
            throws Exception {
        ModelSpec m = choice.model();
        Map<String, Object> in = new LinkedHashMap<>();
        ModelInputs.putFile(in, m, ModelInputs.mainImage(m), AiImages.current(ctx));
        ModelInputs.putIf(in, m, "prompt", prompt);
        AiResult result = AiRunner.run(ctx, step, variant, m, in, choice.reason());
        return new Result(AiImages.decode(AiImages.first(result.outputs(), m), m), m, result);
    }

    /** Why a file cannot use AI backgrounds outside a hub job, as the other AI steps say it. */
    public static AiFailure outsideJob(String step) {
        return AiFailure.notSent("the step '" + step + "' has AI backgrounds, which call WaveSpeed: they only run inside a hub job "
                + "(a hot folder, mailbox or batch), not in a preview");
    }
}
