package dev.imagehub.estimate;

import java.util.List;
import java.util.Map;

import dev.imagehub.chain.AbstractStep;
import dev.imagehub.chain.StepContext;
import dev.imagehub.config.Option;
import dev.imagehub.wavespeed.ModelChooser;
import dev.imagehub.wavespeed.ModelRegistry;

/**
 * AI-shaped steps for the estimate tests, named like the real ones and with their option conventions (model, mode,
 * languages, compare); they refuse to run, since an estimate must never run a step.
 */
public final class PlanningSteps {
    private PlanningSteps() {
    }

    /** upscale: planned generically from its options. */
    public static final class Upscale extends AbstractStep<Upscale.Options> {
        public record Options(@Option("model") String model, @Option(value = "mode", defaultValue = "balanced") ModelChooser.Mode mode,
                       @Option("passed as the model's input") String target_resolution, @Option("models side by side") List<String> compare) {
        }

        public Upscale() {
            super("upscale", "test upscale", Options.class);
        }

        @Override
        public void apply(StepContext ctx, Options o) {
            throw new AssertionError("an estimate must not run steps");
        }
    }

    /** translate: one call per language, planned generically. */
    public static final class Translate extends AbstractStep<Translate.Options> {
        public record Options(@Option("model") String model, @Option(value = "mode", defaultValue = "balanced") ModelChooser.Mode mode,
                       @Option("languages") List<String> languages) {
        }

        public Translate() {
            super("translate", "test translate", Options.class);
        }

        @Override
        public void apply(StepContext ctx, Options o) {
            throw new AssertionError("an estimate must not run steps");
        }
    }

    /** video: the talking avatar, billed by the audio named in the sidecar, planned generically. */
    public static final class Video extends AbstractStep<Video.Options> {
        public record Options(@Option("model") String model, @Option(value = "mode", defaultValue = "balanced") ModelChooser.Mode mode,
                       @Option("resolution") String resolution) {
        }

        public Video() {
            super("video", "test video", Options.class);
        }

        @Override
        public void apply(StepContext ctx, Options o) {
            throw new AssertionError("an estimate must not run steps");
        }
    }

    /** edit: states its own plan, which must win over the generic one: quality by the image's shape. */
    public static final class Edit extends AbstractStep<Edit.Options> implements AiCostPlanner<Edit.Options> {
        public record Options(@Option("model") String model, @Option(value = "mode", defaultValue = "balanced") ModelChooser.Mode mode) {
        }

        public Edit() {
            super("edit", "test edit", Options.class);
        }

        @Override
        public List<PlannedCall> plan(Options o, PlanContext ctx) {
            ModelRegistry r = ctx.registry();
            Map<String, String> inputs = new java.util.LinkedHashMap<>();
            inputs.put("quality", "high");
            inputs.put("size", ctx.width() == ctx.height() ? "1024*1024" : "1536*1024");
            return List.of(new PlannedCall("", new dev.imagehub.wavespeed.ModelChoice(r.require("openai/gpt-image-1"), "planned by the step"), inputs));
        }

        @Override
        public void apply(StepContext ctx, Options o) {
            throw new AssertionError("an estimate must not run steps");
        }
    }
}
